package dev.starling.federation.protocol;

import dev.starling.engine.FederationTransport;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Acknowledgements between instances of one process: the sending shard publishes straight into
 * the receiving instance's {@link InboundRing}, so it learns what was applied from that ring's
 * handled position, with no message back. One {@link PublishedEvents} per stream, each touched
 * only by the thread holding its sending shard.
 */
public final class LocalAcknowledgements {

    /** By sending instance: by its shard, then by destination. */
    private final AtomicReferenceArray<PublishedEvents[][]> streams =
            new AtomicReferenceArray<>(FederationTransport.MAX_INSTANCES);

    /** Makes room for the streams of instance {@code instance} (before any of its shards sends). */
    public void join(int instance, int shards) {
        streams.set(instance, new PublishedEvents[shards][FederationTransport.MAX_INSTANCES]);
    }

    /** A numbered event was published at {@code position} of instance {@code destination}'s ring. */
    public void published(int destination, FederationEvent event, long position) {
        if (event.sequence == 0) {
            return;
        }
        PublishedEvents[] lanes = streams.get(event.from)[event.fromShard];
        PublishedEvents stream = lanes[destination];
        if (stream == null) {
            stream = new PublishedEvents();
            lanes[destination] = stream;
        }
        stream.published(position, event.sequence);
    }

    /** The stream's acknowledged sequence number (0 when none is known), given the receiving ring {@code ring}. */
    public long acknowledged(int destination, int from, int fromShard, InboundRing ring) {
        PublishedEvents[][] byShard = streams.get(from);
        PublishedEvents stream = byShard == null ? null : byShard[fromShard][destination];
        return stream == null || ring == null ? 0 : stream.acknowledged(ring.handledThrough());
    }
}
