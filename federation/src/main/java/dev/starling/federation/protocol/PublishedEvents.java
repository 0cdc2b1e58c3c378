package dev.starling.federation.protocol;

import org.agrona.collections.LongArrayQueue;

/**
 * The numbered events of one stream (a sending shard's link to one instance) that were published
 * into the receiving instance's {@link InboundRing} and not yet seen handled there: turns the
 * ring's handled position ({@link InboundRing#handledThrough}) into the highest sequence number
 * of the stream whose every event was applied, which is what the receiver acknowledges. Used by
 * one thread: whichever publishes the stream's events into the ring.
 */
public final class PublishedEvents {

    private final LongArrayQueue positions = new LongArrayQueue(-1);
    private final LongArrayQueue sequences = new LongArrayQueue(-1);
    private long acknowledged;

    /** Event {@code sequence} of the stream took ring position {@code position} (both increase). */
    public void published(long position, long sequence) {
        positions.offerLong(position);
        sequences.offerLong(sequence);
    }

    /**
     * The highest sequence number whose event, and every earlier one published here, was handled,
     * given that the ring handled every position up to {@code handledThrough} (0 before any).
     */
    public long acknowledged(long handledThrough) {
        while (!positions.isEmpty() && positions.peekLong() <= handledThrough) {
            positions.pollLong();
            acknowledged = sequences.pollLong();
        }
        return acknowledged;
    }
}
