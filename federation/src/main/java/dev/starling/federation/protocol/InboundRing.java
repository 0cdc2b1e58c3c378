package dev.starling.federation.protocol;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import org.agrona.DirectBuffer;

import java.util.function.IntConsumer;

/**
 * One instance's inbound federation ring: a multi-producer Disruptor ring of preallocated {@link
 * FederationEvent} slots that senders publish to without waiting, and one {@link FederationInbox}
 * per shard polling it (each passes over the events of other shards). Every transport delivers
 * into one: the in-process transport from the sending shards' threads, the Aeron transport from
 * its receiver.
 */
public final class InboundRing {

    private final RingBuffer<FederationEvent> ring;
    private final FederationInbox[] inboxes;
    private final IntConsumer wakeShard;

    /**
     * @param slots     slots of the ring (a power of two)
     * @param shards    shards of the receiving instance, each with its own poller
     * @param wakeShard wakes shard {@code i}'s thread after an event for it was published
     */
    public InboundRing(int slots, int shards, IntConsumer wakeShard) {
        this.ring = RingBuffer.createMultiProducer(FederationEvent::new, slots);
        this.wakeShard = wakeShard;
        this.inboxes = new FederationInbox[shards];
        for (int shard = 0; shard < shards; shard++) {
            EventPoller<FederationEvent> poller = ring.newPoller();
            ring.addGatingSequences(poller.getSequence());
            inboxes[shard] = new RingInbox(ring, poller);
        }
    }

    /** The inbox that shard {@code shard} polls. */
    public FederationInbox inbox(int shard) {
        return inboxes[shard];
    }

    /** Shards of the receiving instance. */
    public int shards() {
        return inboxes.length;
    }

    /**
     * Copies {@code event} into a free slot if there is one now; never waits.
     *
     * @return the slot's position in the ring (see {@link #handledThrough}), or -1 when the ring
     *         has no room now
     */
    public long tryPublish(FederationEvent event, boolean wake) {
        long sequence;
        try {
            sequence = ring.tryNext();
        } catch (InsufficientCapacityException e) {
            return -1;
        }
        try {
            ring.get(sequence).copyFrom(event);
        } finally {
            ring.publish(sequence);
        }
        if (wake) {
            wakeShard.accept(event.shard);
        }
        return sequence;
    }

    /**
     * Copies an event received as bytes (the SBE message at {@code offset}, {@code length} long)
     * into a free slot for shard {@code shard}, from shard {@code fromShard} of instance {@code
     * from}, with its stream's {@code sequence}, {@code floor} and {@code epoch}, and wakes that shard.
     *
     * @return the slot's position in the ring, or -1 when the ring has no room now
     */
    public long tryPublish(int shard, int from, int fromShard, long sequence, long floor, long epoch,
                           DirectBuffer bytes, int offset, int length) {
        long position;
        try {
            position = ring.tryNext();
        } catch (InsufficientCapacityException e) {
            return -1;
        }
        try {
            ring.get(position).set(shard, from, fromShard, sequence, floor, epoch, bytes, offset, length);
        } finally {
            ring.publish(position);
        }
        wakeShard.accept(shard);
        return position;
    }

    /**
     * The position up to which every event of the ring was handled by the shard it was for (each
     * shard's poller passes every position, its own events handled, the others skipped), so the
     * effects of those events are in the stores; read from any thread.
     */
    public long handledThrough() {
        return ring.getMinimumGatingSequence();
    }

    /** One shard's poller of the ring: it passes over the events of other shards. */
    private static final class RingInbox implements FederationInbox, EventPoller.Handler<FederationEvent> {

        private final RingBuffer<FederationEvent> ring;
        private final EventPoller<FederationEvent> poller;
        private Handler handler;

        RingInbox(RingBuffer<FederationEvent> ring, EventPoller<FederationEvent> poller) {
            this.ring = ring;
            this.poller = poller;
        }

        @Override
        public void poll(Handler target) throws Exception {
            handler = target;
            poller.poll(this);
        }

        @Override
        public boolean onEvent(FederationEvent event, long sequence, boolean endOfBatch) {
            return handler.onEvent(event);
        }

        @Override
        public long backlog() {
            return ring.getCursor() - poller.getSequence().get();
        }
    }
}
