package dev.starling.federation.remote;

import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A served process's way back to one client: the publication of its answers. Answers are offered
 * from whichever thread completed the request; one that finds no room (the client is slow or
 * not connected yet) is copied and queued, and the server's agent offers it again later. At most
 * {@link #MAX_QUEUED} wait: past that the client is not reading, and answers are dropped (it gets
 * {@code TIMEOUT}).
 */
final class ClientLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientLink.class);
    static final int MAX_QUEUED = 65_536;

    private final long clientId;
    private final String endpoint;
    private final Publication publication;
    private final ManyToOneConcurrentLinkedQueue<byte[]> queued = new ManyToOneConcurrentLinkedQueue<>();
    private final AtomicInteger queuedCount = new AtomicInteger();
    private long dropped;

    ClientLink(long clientId, String endpoint, Publication publication) {
        this.clientId = clientId;
        this.endpoint = endpoint;
        this.publication = publication;
    }

    String endpoint() {
        return endpoint;
    }

    /** Sends an answer now if there is room and nothing waits before it, else queues a copy. */
    void send(DirectBuffer answer, int length) {
        if (length > publication.maxMessageLength()) {
            LOG.warn("dropped an answer of {} bytes to client {}: the link carries at most {}", length, endpoint,
                    publication.maxMessageLength());
            return;
        }
        if (queuedCount.get() == 0 && publication.offer(answer, 0, length) > 0) {
            return;
        }
        if (queuedCount.incrementAndGet() > MAX_QUEUED) {
            queuedCount.decrementAndGet();
            if (dropped++ % 10_000 == 0) {
                LOG.warn("client {} at {} does not read its answers: {} dropped", clientId, endpoint, dropped);
            }
            return;
        }
        byte[] copy = new byte[length];
        answer.getBytes(0, copy);
        queued.offer(copy);
    }

    /** On the server's agent: offers queued answers in order while there is room; returns how many went. */
    int retry() {
        int sent = 0;
        byte[] next;
        org.agrona.concurrent.UnsafeBuffer view = null;
        while ((next = queued.peek()) != null) {
            if (view == null) {
                view = new org.agrona.concurrent.UnsafeBuffer(next);
            } else {
                view.wrap(next);
            }
            if (publication.offer(view, 0, next.length) < 0) {
                break;
            }
            queued.poll();
            queuedCount.decrementAndGet();
            sent++;
        }
        return sent;
    }

    @Override
    public void close() {
        publication.close();
    }
}
