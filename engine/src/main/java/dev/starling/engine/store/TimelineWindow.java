package dev.starling.engine.store;

import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.function.LongUnaryOperator;

/**
 * A user's home timeline: a window of the most recent entries, at most {@link #CAPACITY}, each a
 * (stamp, message id) pair, kept sorted from oldest to newest in a ring over the entry's own
 * off-heap bytes. A window holds {@link #capacity()} entries: it starts small ({@link
 * #INITIAL_CAPACITY}) and its shard replaces it with a larger copy before it would drop an entry,
 * doubling up to {@link #CAPACITY} ({@link #copyInto}), so a timeline costs about what it holds
 * (16 bytes an entry) rather than a full window each. The window it replaced is marked moved
 * ({@link #markMoved}) and freed only once no reader can still hold it. A new message usually lands at the head in O(1); an older one (a backfill, or
 * a delivery that overtook another) is inserted at its place by shifting the newer entries up,
 * so reads never sort. When the window is full the oldest entry falls out; it stays reachable
 * through its sender's profile.
 *
 * <p>Reads may come from any thread while the shard's thread writes: a version (a seqlock) is
 * odd while an update is under way and grows by two with each one, so a reader copies the entries
 * it needs and keeps the copy only when the version it saw before and after is the same even
 * number ({@link #readNewest}).
 *
 * <p>The window also keeps what staleness needs, in one word that readers and the writer update
 * by compare-and-swap: the newest stamp a read returned (its watermark) and whether a live entry
 * older than that arrived since, which would make the next read show an entry below ones the
 * reader has already seen (an out-of-order read).
 */
public final class TimelineWindow extends Flyweight {

    /** Entries kept per timeline at most; Twitter kept 800, Mastodon 400. */
    public static final int CAPACITY = 800;
    /** Entries a new user's window holds before it first grows. */
    public static final int INITIAL_CAPACITY = 16;

    /** Count and head are adjacent ints, written together as one long ({@link #writeHeader}). */
    private static final long COUNT = 0;
    private static final long HEAD = 4;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    /** Seqlock version: odd while an update is under way. */
    private static final long VERSION = 8;
    /** Watermark stamp shifted left by one, with the late flag in bit 0. */
    private static final long PROBE = 16;
    private static final long ENTRIES = 24;
    private static final long ENTRY_SIZE = 16;
    /** Bytes of a full-size window. */
    public static final long SIZE = sizeOf(CAPACITY);
    /**
     * The version of a window its shard replaced with a larger one ({@link #markMoved}): odd, so
     * that a reader copying it fails its check, and never reached by counting.
     */
    private static final long MOVED = -1L;
    /** What {@link #readNewest} answers for a window that was replaced: look its user's window up again. */
    public static final int MOVED_AWAY = -2;

    /** Entries this window holds; fixed by the bytes it is a view of. */
    private int capacity;

    /** A window of {@link #CAPACITY} entries on the heap. */
    public TimelineWindow() {
        this(CAPACITY);
    }

    /** A window of {@code capacity} entries (1 to {@link #CAPACITY}) on the heap, for a {@code put}. */
    public TimelineWindow(int capacity) {
        super(sizeOf(checkedCapacity(capacity)));
        this.capacity = capacity;
    }

    /** A reader's view with no bytes of its own; see {@link Flyweight#Flyweight(boolean)}. */
    public static TimelineWindow view() {
        return new TimelineWindow(true);
    }

    private TimelineWindow(boolean unbound) {
        super(unbound);
    }

    /** Bytes of a window of {@code capacity} entries. */
    public static long sizeOf(int capacity) {
        return ENTRIES + capacity * ENTRY_SIZE;
    }

    private static int checkedCapacity(int capacity) {
        if (capacity < 1 || capacity > CAPACITY) {
            throw new IllegalArgumentException("a timeline window holds 1 to " + CAPACITY + " entries, not " + capacity);
        }
        return capacity;
    }

    @Override
    public long maxSize() {
        return sizeOf(capacity);
    }

    /** Takes its capacity from the size of the entry it is pointed at: windows differ in size. */
    @Override
    @SuppressWarnings("rawtypes") // Chronicle's Byteable declares the parameter raw; an override must match it
    public void bytesStore(net.openhft.chronicle.bytes.BytesStore bytesStore, long offset, long length) {
        long entries = (length - ENTRIES) / ENTRY_SIZE;
        if (length < ENTRIES + ENTRY_SIZE || (length - ENTRIES) % ENTRY_SIZE != 0 || entries > CAPACITY) {
            throw new IllegalArgumentException("not the size of a timeline window: " + length + " bytes");
        }
        capacity = (int) entries;
        super.bytesStore(bytesStore, offset, length);
    }

    /** Entries this window can hold. */
    public int capacity() {
        return capacity;
    }

    /** True when an insert would drop the oldest entry (or refuse an older one). */
    public boolean isFull() {
        return size() == capacity;
    }

    /** Empties the window (for a new user's initial value). */
    public TimelineWindow clear() {
        writeHeader(0, 0);
        writeLong(VERSION, 0);
        writeLong(PROBE, 0);
        return this;
    }

    public int size() {
        return readInt(COUNT);
    }

    /** Stamp of the k-th newest entry (k = 0 is the newest). */
    public long stampAt(int k) {
        return readLong(slotOffset(slotOf(k)));
    }

    /** Message id of the k-th newest entry (k = 0 is the newest). */
    public long messageIdAt(int k) {
        return readLong(slotOffset(slotOf(k)) + 8);
    }

    /**
     * Inserts a live entry (a delivery) at its place by (stamp, id); one older than the last
     * read's watermark marks the window late.
     *
     * @return false when the entry was already there, or is older than a full window's oldest
     */
    public boolean insert(long stamp, long messageId) {
        boolean inserted = insertEntry(stamp, messageId);
        if (inserted) {
            long probe = readVolatileLong(PROBE);
            while ((probe & 1) == 0 && stamp < probe >>> 1 && !compareAndSwapLong(PROBE, probe, probe | 1)) {
                probe = readVolatileLong(PROBE); // a reader moved the watermark meanwhile
            }
        }
        return inserted;
    }

    /** Inserts an entry of a backfill: old by nature, so it does not count as late. */
    public boolean insertBackfill(long stamp, long messageId) {
        return insertEntry(stamp, messageId);
    }

    /**
     * Notes a read of the newest entries that returned {@code newestReturned} at its top.
     *
     * @return true when a live entry older than the previous read's newest arrived since that read
     */
    public boolean noteRead(long newestReturned) {
        long probe = readVolatileLong(PROBE);
        long next = Math.max(probe >>> 1, newestReturned) << 1;
        // Written only when it changes, so a read of an unchanged timeline writes nothing. A lost
        // race (the writer flagged a late entry, or another read of the same timeline went first)
        // leaves the word as the winner made it: the late entry is reported by the next read.
        return next != probe && compareAndSwapLong(PROBE, probe, next) && (probe & 1) != 0;
    }

    /**
     * Copies the entries a read returns: those strictly older than {@code beforeMicros}
     * ({@code Long.MAX_VALUE}: from the newest), at most {@code limit}, newest first, into
     * {@code stamps} and {@code ids} (each at least {@link #CAPACITY} long). Safe from any thread.
     *
     * @return how many were copied, -1 when the shard's thread updated the window meanwhile (the
     *         copy is then inconsistent and must be taken again), or {@link #MOVED_AWAY} when the
     *         shard replaced this window with a larger one
     */
    public int readNewest(long beforeMicros, int limit, long[] stamps, long[] ids) {
        return readNewest(beforeMicros, Long.MIN_VALUE, limit, stamps, ids);
    }

    /**
     * As {@link #readNewest(long, int, long[], long[])}, from the entry after the cursor
     * ({@code beforeMicros}, {@code beforeId}) in the window's order (newest stamp first, ties by
     * higher id first): a cursor that is an entry's own stamp and id continues right after it,
     * however many entries share its stamp. {@code beforeId = Long.MIN_VALUE} pages by stamp alone.
     */
    public int readNewest(long beforeMicros, long beforeId, int limit, long[] stamps, long[] ids) {
        long version = readVolatileLong(VERSION);
        if ((version & 1) != 0) {
            return version == MOVED ? MOVED_AWAY : -1;
        }
        int from = beforeMicros == Long.MAX_VALUE ? 0 : firstAfter(beforeMicros, beforeId);
        int n = Math.max(0, Math.min(size(), from + limit) - from);
        int head = readInt(HEAD);
        for (int k = 0; k < n; k++) {
            long at = slotOffset(wrap(head - from - k));
            stamps[k] = readLong(at);
            ids[k] = readLong(at + 8);
        }
        VarHandle.acquireFence(); // the copies above are read before the version below
        return readLong(VERSION) == version ? n : -1;
    }

    /*
     * Crash consistency. The window lives in a memory-mapped file, so a process killed in the
     * middle of an update leaves whatever stores had executed. The updates below are ordered so
     * that every such prefix still shows every entry that was visible before (but the one a full
     * window evicts), in order, with at most one entry shown twice: count and head change
     * together in one 8-byte store, a slot is written only while it is not shown (a full window
     * first hides its oldest), and entries are moved by first publishing a copy, so each later
     * copy only overwrites a duplicate.
     * CrashRepair removes the duplicate and re-inserts the entry whose insertion was cut short.
     */
    private boolean insertEntry(long stamp, long messageId) {
        int count = readInt(COUNT);
        int head = readInt(HEAD);
        int k = 0;
        while (k < count) {
            long s = stampAt(k);
            long id = messageIdAt(k);
            if (s == stamp && id == messageId) {
                return false;
            }
            if (s < stamp || (s == stamp && id < messageId)) {
                break;
            }
            k++;
        }
        if (k == count && count == capacity) {
            return false;
        }
        long version = beginWrite();
        if (count == capacity) {
            // the oldest entry falls out: hide it first, so that its slot is free to be written
            count = capacity - 1;
            writeHeader(count, head);
        }
        int newHead = count == 0 ? 0 : wrap(head + 1);
        int newCount = count + 1;
        if (k == 0) {
            writeSlot(newHead, stamp, messageId); // above the head: not visible until published
            writeHeader(newCount, newHead);
            endWrite(version);
            return true;
        }
        // Move the k newer entries up one slot: the newest is copied above the head and published
        // (shown twice for a moment), then each next copy overwrites the duplicate below it.
        copySlot(head, newHead);
        writeHeader(newCount, newHead);
        for (int j = 1; j < k; j++) {
            copySlot(wrap(head - j), wrap(newHead - j));
        }
        writeSlot(wrap(newHead - k), stamp, messageId);
        endWrite(version);
        return true;
    }

    /**
     * Makes the version odd before the first write of an update. A version left odd (a window
     * of an older layout, or a kill mid-update) is made even again by the next update's end.
     */
    private long beginWrite() {
        long version = readLong(VERSION) | 1;
        writeLong(VERSION, version);
        VarHandle.storeStoreFence(); // the odd version is seen before any write of the update
        return version;
    }

    private void endWrite(long version) {
        writeOrderedLong(VERSION, version + 1); // every write of the update is seen before it
    }

    /**
     * Removes the k-th newest entry (crash repair: a duplicate left by an update cut short). The k
     * newer entries move down one slot, each copy overwriting the one below, then the head moves
     * back; cut short, this too leaves at most one duplicate.
     */
    public void removeAt(int k) {
        int count = readInt(COUNT);
        if (k < 0 || k >= count) {
            throw new IndexOutOfBoundsException(k + " of " + count);
        }
        int head = readInt(HEAD);
        for (int i = k; i > 0; i--) {
            copySlot(wrap(head - i + 1), wrap(head - i));
        }
        writeHeader(count - 1, count == 1 ? 0 : wrap(head - 1));
    }

    /**
     * Removes every entry that shows the same message as its neighbour (an update cut short
     * leaves at most one such pair), keeping the one with the message's own stamp.
     *
     * @param storedStamp the stamp stored with a message id
     * @return the entries removed
     */
    public int removeDuplicates(LongUnaryOperator storedStamp) {
        int removed = 0;
        int k = 0;
        while (k + 1 < size()) {
            long messageId = messageIdAt(k);
            if (messageId != messageIdAt(k + 1)) {
                k++;
                continue;
            }
            removeAt(storedStamp.applyAsLong(messageId) == stampAt(k) ? k + 1 : k);
            removed++;
        }
        return removed;
    }

    private void writeSlot(int slot, long stamp, long messageId) {
        writeLong(slotOffset(slot), stamp);
        writeLong(slotOffset(slot) + 8, messageId);
    }

    private void copySlot(int from, int to) {
        writeSlot(to, readLong(slotOffset(from)), readLong(slotOffset(from) + 8));
    }

    /** Count and head in one store, so that no kill can leave one changed without the other. */
    private void writeHeader(int count, int head) {
        long low = LITTLE_ENDIAN ? count : head;
        long high = LITTLE_ENDIAN ? head : count;
        writeLong(COUNT, (low & 0xFFFF_FFFFL) | (high << 32));
    }

    /** Index of the first entry (newest first) strictly older than {@code beforeMicros}. */
    public int firstOlderThan(long beforeMicros) {
        return firstAfter(beforeMicros, Long.MIN_VALUE);
    }

    /**
     * Index of the first entry (newest first) after the cursor in the window's order: a stamp
     * below {@code stamp}, or the same stamp and an id below {@code id}.
     */
    public int firstAfter(long stamp, long id) {
        int count = size();
        int lo = 0;
        int hi = count;
        while (lo < hi) { // (stamp, id) decrease with k: find the first k below the cursor
            int mid = (lo + hi) >>> 1;
            long s = stampAt(mid);
            if (s < stamp || (s == stamp && messageIdAt(mid) < id)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private int slotOf(int k) {
        return wrap(readInt(HEAD) - k);
    }

    /**
     * The slot of ring position {@code i}, for {@code -capacity <= i < 2 * capacity} (every
     * caller's range: a head and an offset below the count). A compare instead of a remainder:
     * the capacity is no constant, and a division by it costs more than the rest of an append.
     */
    private int wrap(int i) {
        return i >= capacity ? i - capacity : i < 0 ? i + capacity : i;
    }

    /**
     * Writes this window's entries, in order, and its staleness word into {@code larger} (a heap
     * window of at least {@link #size()} entries), as the start of the window that replaces it.
     *
     * @return {@code larger}
     */
    public TimelineWindow copyInto(TimelineWindow larger) {
        int count = size();
        if (larger.capacity < count) {
            throw new IllegalArgumentException(count + " entries do not fit a window of " + larger.capacity);
        }
        for (int k = 0; k < count; k++) { // slot 0 holds the oldest, slot count - 1 the newest
            larger.writeSlot(count - 1 - k, stampAt(k), messageIdAt(k));
        }
        larger.writeHeader(count, count == 0 ? 0 : count - 1);
        larger.writeLong(VERSION, 0);
        larger.writeLong(PROBE, readVolatileLong(PROBE));
        return larger;
    }

    /**
     * Marks this window as replaced by a larger one: readers that see it look their user's
     * window up again. Its shard never writes it again; its bytes are freed later.
     */
    public void markMoved() {
        writeOrderedLong(VERSION, MOVED);
    }

    /** True once {@link #markMoved} was called. */
    public boolean moved() {
        return readVolatileLong(VERSION) == MOVED;
    }

    private static long slotOffset(int slot) {
        return ENTRIES + slot * ENTRY_SIZE;
    }
}
