package dev.starling.federation.aeron;

import io.aeron.Aeron;
import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The way out to one peer process: an Aeron publication to its endpoint, shared by the shards of
 * every local instance (Aeron's concurrent publication takes offers from any thread). Events go
 * out only once the link is open: connected, and this side's {@code LinkHello} sent first on the
 * connection, so the receiver knows who sends. An offer that finds the link closed, full
 * (back-pressured) or busy answers false at once; the sending shard keeps the event and retries
 * it from its own loop.
 *
 * <p>Where this process shares an external media driver with others and the peer's endpoint is
 * on this host, the link also has an IPC publication to the peer's IPC stream ({@link
 * Endpoints#ipcStream}): it connects only when the peer is a client of the same driver. The link
 * opens on IPC when that is connected, on UDP otherwise (once UDP has been connected for a
 * quarter of a second without IPC), and keeps the publication it opened on until that one loses
 * its peer (switching while open could reorder events). On a driver shared with other processes
 * the publications are exclusive ones, so that each process's link is a session of its own (the
 * driver would otherwise hand them all one concurrent publication, and the peer could neither
 * tell them apart nor acknowledge each), offered under the link's lock.
 */
final class PeerLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);
    private static final long HELLO_INTERVAL_NS = 1_000_000_000L;
    private static final ThreadLocal<UnsafeBuffer> HEADER =
            ThreadLocal.withInitial(() -> new UnsafeBuffer(new byte[FederationFrame.LENGTH]));

    private final String endpoint;
    private final List<String> domains;
    private final Publication udp;
    /** Whether the publications are exclusive ones (a shared driver), offered under this link's lock. */
    private final boolean exclusive;
    /** To the peer's IPC stream on a shared driver, or null. */
    private final Publication ipc;
    /** The path (publication and its positions) the link opened on; meaningful while open. */
    private volatile Path path;
    private final AtomicLong tooLarge = new AtomicLong();
    private final AtomicLong crossed = new AtomicLong();
    private volatile boolean open;
    private long nextHello;
    private final PathChoice choice;

    /**
     * @param domains   the peer's instances reached through this endpoint
     * @param sharedDriver whether this process's media driver is an external one that other
     *                  processes may share (the link then tries IPC to a peer on this host)
     */
    PeerLink(Aeron aeron, String endpoint, List<String> domains, boolean sharedDriver) {
        this.endpoint = endpoint;
        this.domains = List.copyOf(domains);
        // On a shared driver the driver would hand every process the same concurrent publication
        // for a peer (one session: the peer could not tell the processes apart, nor acknowledge
        // each): exclusive publications instead, a session each, written under a lock.
        this.exclusive = sharedDriver;
        this.udp = exclusive ? aeron.addExclusivePublication(Endpoints.udp(endpoint), Endpoints.FEDERATION_STREAM)
                : aeron.addPublication(Endpoints.udp(endpoint), Endpoints.FEDERATION_STREAM);
        Publication toIpc = null;
        if (sharedDriver && Endpoints.onThisHost(Endpoints.host(endpoint))) {
            try {
                toIpc = aeron.addExclusivePublication(Endpoints.IPC, Endpoints.ipcStream(endpoint));
            } catch (RuntimeException e) {
                udp.close();
                throw e;
            }
        }
        this.ipc = toIpc;
        this.choice = new PathChoice(udp, ipc);
        this.path = new Path(udp);
    }

    String endpoint() {
        return endpoint;
    }

    List<String> domains() {
        return domains;
    }

    /** The session of the publication the link is open on (or will try first). */
    int sessionId() {
        return path.publication.sessionId();
    }

    boolean open() {
        return open;
    }

    /** True when the link is open over IPC (the peer shares this process's media driver). */
    boolean overIpc() {
        return open && path.publication == ipc;
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
        Path path = this.path; // its positions, even if the link moves to another path meanwhile
        Publication publication = path.publication;
        if (length + FederationFrame.LENGTH > publication.maxMessageLength()) {
            tooLarge.incrementAndGet();
            crossed.incrementAndGet();
            LOG.warn("dropped a federation message of {} bytes to {}: the link carries at most {}", length, endpoint,
                    publication.maxMessageLength() - FederationFrame.LENGTH);
            return true;
        }
        UnsafeBuffer header = HEADER.get();
        FederationFrame.write(header, destination, shard, from, fromShard, sequence, floor, epoch);
        long position;
        if (exclusive) {
            synchronized (this) {
                position = publication.offer(header, 0, FederationFrame.LENGTH, message, 0, length);
            }
        } else {
            position = publication.offer(header, 0, FederationFrame.LENGTH, message, 0, length);
        }
        if (position > 0) {
            path.eventPosition.accumulateAndGet(position, Math::max);
            crossed.incrementAndGet();
            return true;
        }
        return false;
    }

    /** Offers a link message (hello, status); false when it must be retried later. */
    boolean offerLinkMessage(DirectBuffer frame, int length) {
        return offer(path.publication, frame, length) > 0;
    }

    /**
     * On the receiver's thread: opens the link when a publication connected (IPC first; sending
     * {@code hello}, with the publication's session written at {@code sessionAt}, first, then
     * events may follow), says hello again every second (a peer that restarted joins the stream
     * where it stands), and closes the link when its publication lost its peer. Returns 1 when it
     * sent or changed anything.
     */
    int maintain(MutableDirectBuffer hello, int sessionAt, int helloLength, long nowNs) {
        if (open) {
            Publication current = path.publication;
            if (!current.isConnected()) {
                open = false;
                LOG.info("federation link to {} {} down", domains, endpoint);
                return 1;
            }
            return nowNs - nextHello >= 0 && sayHello(current, hello, sessionAt, helloLength, nowNs) ? 1 : 0;
        }
        Publication pick = choice.pick(nowNs);
        if (pick == null || !sayHello(pick, hello, sessionAt, helloLength, nowNs)) {
            return 0;
        }
        if (pick != path.publication) {
            path = new Path(pick); // positions are per publication
        }
        open = true;
        LOG.info("federation link to {} {} up over {}", domains, endpoint, pick == ipc ? "IPC" : "UDP");
        return 1;
    }

    private boolean sayHello(Publication on, MutableDirectBuffer hello, int sessionAt, int helloLength, long nowNs) {
        hello.putInt(sessionAt, on.sessionId(), ByteOrder.LITTLE_ENDIAN);
        if (offer(on, hello, helloLength) > 0) {
            nextHello = nowNs + HELLO_INTERVAL_NS;
            return true;
        }
        return false;
    }

    /** Offers one buffer; an exclusive publication takes one writer at a time. */
    private long offer(Publication on, DirectBuffer buffer, int length) {
        if (exclusive) {
            synchronized (this) {
                return on.offer(buffer, 0, length);
            }
        }
        return on.offer(buffer, 0, length);
    }

    /** The peer took in every event of this link up to stream position {@code position}. */
    void acknowledge(long position) {
        path.acknowledged = position;
    }

    /** True when the peer took in every event offered on this link. */
    boolean settled() {
        Path current = path;
        return current.acknowledged >= current.eventPosition.get();
    }

    /** A publication of the link and where its stream stands. */
    private static final class Path {
        final Publication publication;
        /** The stream position just after the newest event offered. */
        final AtomicLong eventPosition = new AtomicLong();
        /** The stream position up to which the peer took in every event. */
        volatile long acknowledged;

        Path(Publication publication) {
            this.publication = publication;
        }
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
        udp.close();
        if (ipc != null) {
            ipc.close();
        }
    }
}
