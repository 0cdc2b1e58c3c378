package dev.starling.engine.store;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;

/**
 * What one shard keeps of its federation links across a process crash, in two stores of its
 * {@link ShardStores} ({@code federation-outbox.cm3}, {@code federation-sequences.cm3}):
 *
 * <ul>
 *   <li>as a sender, per destination instance: the next sequence number to give a delivery on
 *       the link from this shard to that instance, and every delivery given one that the
 *       destination has not yet acknowledged (its receiving shard, the id of the message it
 *       delivers and its encoded bytes, opaque here), removed once it is;</li>
 *   <li>as a receiver, per sending stream (the sending instance and its shard) and its epoch:
 *       the highest sequence number of that stream this shard applied, so that an event sent
 *       again is applied once.</li>
 * </ul>
 *
 * Sequence numbers start at 1 on every link; 0 means none. Counters are pinned to their entries
 * and updated in place (a store of 8 bytes into the mapped file, in the page cache before the
 * caller goes on), so a process killed afterwards keeps them. Only the thread holding the shard
 * calls it.
 */
public final class FederationJournal {

    private static final long NEXT = 0;
    private static final long EPOCH = 2;
    /** Applied numbers are keyed (this bit with the stream, the stream's epoch). */
    private static final long APPLIED = 1L << 62;
    /** A kept delivery: its receiving shard (int), the message's id (long), then its encoded bytes. */
    private static final int MESSAGE_AT = Integer.BYTES;
    /** Where a kept delivery's encoded bytes start, in what {@link #kept} returns. */
    public static final int EVENT_AT = MESSAGE_AT + Long.BYTES;

    private final GrowingMap<PairKey, ByteBuffer> outbox;
    private final GrowingMap<PairKey, LongCell> sequences;
    private final Int2ObjectHashMap<LongCell> next = new Int2ObjectHashMap<>();
    private final Long2ObjectHashMap<Applied> applied = new Long2ObjectHashMap<>();
    private final PairKey key = new PairKey();
    private final long epoch;
    private ByteBuffer value = ByteBuffer.allocate(512);

    FederationJournal(GrowingMap<PairKey, ByteBuffer> outbox, GrowingMap<PairKey, LongCell> sequences) {
        this.outbox = outbox;
        this.sequences = sequences;
        this.epoch = openEpoch();
    }

    /**
     * Keeps a delivery of message {@code messageId} for instance {@code destination} under the
     * link's next sequence number (1, 2, ...) until {@link #forget}: its receiving shard and
     * {@code length} bytes of {@code bytes} from offset 0. The delivery is stored before the
     * number is counted as given, so a process killed in between leaves it kept (see {@link
     * #lastSequence}).
     *
     * @return the delivery's sequence number
     */
    public long keepNext(int destination, int shard, long messageId, DirectBuffer bytes, int length) {
        if (value.capacity() < EVENT_AT + length) {
            value = ByteBuffer.allocate(Math.max(EVENT_AT + length, value.capacity() * 2));
        }
        value.clear();
        value.putInt(shard);
        value.putLong(messageId);
        bytes.getBytes(0, value, length);
        value.flip();
        return keep(destination, value);
    }

    /**
     * Keeps a copy of a delivery as {@link #kept} returned it (for another instance, say) under
     * the next sequence number of the link to {@code destination}.
     *
     * @return the copy's sequence number
     */
    public long keepCopy(int destination, ByteBuffer kept) {
        ByteBuffer copy = ByteBuffer.allocate(kept.limit());
        copy.put(kept.duplicate().position(0)).flip();
        return keep(destination, copy);
    }

    private long keep(int destination, ByteBuffer delivery) {
        LongCell last = counter(destination);
        long sequence = last.get() + 1;
        outbox.put(key.set(destination, sequence), delivery);
        last.set(sequence);
        return sequence;
    }

    /** The receiving shard of a delivery as {@link #kept} returned it. */
    public static int keptShard(ByteBuffer kept) {
        return kept.getInt(0);
    }

    /** The id of the message a delivery as {@link #kept} returned it delivers. */
    public static long keptMessage(ByteBuffer kept) {
        return kept.getLong(MESSAGE_AT);
    }

    /**
     * The last sequence number given on the link to {@code destination} (0 when none), found at
     * start: the counter, or a kept event above it (the process was killed between the two).
     */
    public long lastSequence(int destination, LongArrayList kept) {
        LongCell counter = counter(destination);
        if (kept != null && !kept.isEmpty() && kept.getLong(kept.size() - 1) > counter.get()) {
            counter.set(kept.getLong(kept.size() - 1));
        }
        return counter.get();
    }

    /**
     * The delivery {@code sequence} to {@code destination} as kept, from position 0 to the limit
     * (read it with {@link #keptShard}, {@link #keptMessage}, and its encoded bytes from {@link
     * #EVENT_AT}), or null; valid until the next call.
     */
    public ByteBuffer kept(int destination, long sequence) {
        value.clear();
        ByteBuffer found = outbox.getUsing(key.set(destination, sequence), value);
        if (found != null && found != value) {
            value = found; // Chronicle read into a larger buffer of its own: keep it for the next
        }
        return found;
    }

    /** Removes event {@code sequence} to {@code destination}: the destination applied it. */
    public void forget(int destination, long sequence) {
        outbox.remove(key.set(destination, sequence));
    }

    /** Every kept event's sequence number, by destination, in increasing order (read at start). */
    public Int2ObjectHashMap<LongArrayList> keptByDestination() {
        Int2ObjectHashMap<LongArrayList> kept = new Int2ObjectHashMap<>();
        for (PairKey k : outbox.keySet()) {
            kept.computeIfAbsent((int) k.first(), d -> new LongArrayList()).addLong(k.second());
        }
        for (Map.Entry<Integer, LongArrayList> entry : kept.entrySet()) {
            entry.getValue().sort(Long::compare);
        }
        return kept;
    }

    /** Events kept for all destinations. */
    public long keptCount() {
        return outbox.longSize();
    }

    /**
     * This journal's epoch: a random number drawn when the shard's stores were made, sent with
     * every numbered event. A receiver keeps what it applied per stream and epoch, so an instance
     * whose stores were made afresh (numbering from 1 again) is not taken for copies.
     */
    public long epoch() {
        return epoch;
    }

    /**
     * The highest sequence number of the stream from shard {@code fromShard} of instance {@code
     * from}, in that stream's epoch {@code epoch}, applied here (0 when none).
     */
    public long applied(int from, int fromShard, long epoch) {
        return appliedCell(from, fromShard, epoch).get();
    }

    /** Notes that this shard applied event {@code sequence} of that stream and epoch. */
    public void applied(int from, int fromShard, long epoch, long sequence) {
        appliedCell(from, fromShard, epoch).set(sequence);
    }

    private LongCell appliedCell(int from, int fromShard, long epoch) {
        long stream = (long) from << 32 | fromShard;
        Applied cell = applied.get(stream);
        if (cell == null || cell.epoch != epoch) {
            cell = new Applied(epoch, pinned(APPLIED | stream, epoch));
            applied.put(stream, cell);
        }
        return cell.cell;
    }

    private LongCell counter(int destination) {
        LongCell cell = next.get(destination);
        if (cell == null) {
            cell = pinned(NEXT, destination);
            next.put(destination, cell);
        }
        return cell;
    }

    /** Finds the epoch, or draws it for stores just made. */
    private long openEpoch() {
        LongCell cell = sequences.getUsing(key.set(EPOCH, 0), new LongCell());
        if (cell != null) {
            return cell.get();
        }
        long drawn;
        do {
            drawn = new SecureRandom().nextLong();
        } while (drawn == 0);
        sequences.put(key.set(EPOCH, 0), LongCell.of(drawn));
        return drawn;
    }

    /** A pinned applied-number cell of one stream, in the epoch it belongs to. */
    private record Applied(long epoch, LongCell cell) {
    }

    private LongCell pinned(long kind, long id) {
        key.set(kind, id);
        if (!sequences.containsKey(key)) {
            sequences.put(key, LongCell.of(0));
        }
        LongCell cell = sequences.getUsing(key, new LongCell());
        cell.pin();
        return cell;
    }
}
