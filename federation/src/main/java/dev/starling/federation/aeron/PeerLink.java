package dev.starling.federation.aeron;

import io.aeron.Aeron;
import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The way out to one peer process: an Aeron publication to its endpoint, shared by the shards of
 * every local instance (Aeron's concurrent publication takes offers from any thread). Events go
 * out only once the link is open: connected, and this side's {@code LinkHello} sent first on the
 * connection, so the receiver knows who sends. An offer that finds the link closed, full
 * (back-pressured) or busy answers false at once; the sending shard keeps the event and retries
 * it from its own loop.
 */
final class PeerLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);
    private static final long HELLO_INTERVAL_NS = 1_000_000_000L;
    private static final ThreadLocal<UnsafeBuffer> HEADER =
            ThreadLocal.withInitial(() -> new UnsafeBuffer(new byte[FederationFrame.LENGTH]));

    private final String endpoint;
    private final List<String> domains;
    private final Publication publication;
    /** The stream position just after the newest event offered. */
    private final AtomicLong eventPosition = new AtomicLong();
    private final AtomicLong tooLarge = new AtomicLong();
    private final AtomicLong crossed = new AtomicLong();
    /** The stream position up to which the peer took in every event. */
    private volatile long acknowledged;
    private volatile boolean open;
    private long nextHello;

    /** @param domains the peer's instances reached through this endpoint */
    PeerLink(Aeron aeron, String endpoint, List<String> domains) {
        this.endpoint = endpoint;
        this.domains = List.copyOf(domains);
        this.publication = aeron.addPublication(Endpoints.udp(endpoint), Endpoints.FEDERATION_STREAM);
    }

    String endpoint() {
        return endpoint;
    }

    List<String> domains() {
        return domains;
    }

    int sessionId() {
        return publication.sessionId();
    }

    boolean open() {
        return open;
    }

    /**
     * Offers one federation event (routing header with its stream and sequence, then {@code
     * length} bytes of {@code message});
     * false when it must be retried later. A message longer than the link can ever carry is
     * dropped, counted and logged (answering true), so that it does not hold back those behind it.
     */
    boolean offer(int destination, int shard, int from, int fromShard, long sequence, long floor, long epoch,
                  DirectBuffer message, int length) {
        if (!open) {
            return false;
        }
        if (length + FederationFrame.LENGTH > publication.maxMessageLength()) {
            tooLarge.incrementAndGet();
            crossed.incrementAndGet();
            LOG.warn("dropped a federation message of {} bytes to {}: the link carries at most {}", length, endpoint,
                    publication.maxMessageLength() - FederationFrame.LENGTH);
            return true;
        }
        UnsafeBuffer header = HEADER.get();
        FederationFrame.write(header, destination, shard, from, fromShard, sequence, floor, epoch);
        long position = publication.offer(header, 0, FederationFrame.LENGTH, message, 0, length);
        if (position > 0) {
            eventPosition.accumulateAndGet(position, Math::max);
            crossed.incrementAndGet();
            return true;
        }
        return false;
    }

    /** Offers a link message (hello, status); false when it must be retried later. */
    boolean offerLinkMessage(DirectBuffer frame, int length) {
        return publication.offer(frame, 0, length) > 0;
    }

    /**
     * On the receiver's thread: opens the link when it connected (sending {@code hello} first,
     * then events may follow), says hello again every second (a peer that restarted joins the
     * stream where it stands), and closes the link when it lost its peer. Returns 1 when it sent
     * or changed anything.
     */
    int maintain(DirectBuffer hello, int helloLength, long nowNs) {
        boolean connected = publication.isConnected();
        if (connected && (!open || nowNs - nextHello >= 0)) {
            if (publication.offer(hello, 0, helloLength) > 0) {
                nextHello = nowNs + HELLO_INTERVAL_NS;
                if (!open) {
                    open = true;
                    LOG.info("federation link to {} {} up", domains, endpoint);
                }
                return 1;
            }
        } else if (!connected && open) {
            open = false;
            LOG.info("federation link to {} {} down", domains, endpoint);
            return 1;
        }
        return 0;
    }

    /** The peer took in every event of this link up to stream position {@code position}. */
    void acknowledge(long position) {
        acknowledged = position;
    }

    /** True when the peer took in every event offered on this link. */
    boolean settled() {
        return acknowledged >= eventPosition.get();
    }

    /** Events that left this process by this link since it started (dropped ones included). */
    long crossed() {
        return crossed.get();
    }

    /** Events dropped because no link can carry them. */
    long tooLarge() {
        return tooLarge.get();
    }

    @Override
    public void close() {
        publication.close();
    }
}
