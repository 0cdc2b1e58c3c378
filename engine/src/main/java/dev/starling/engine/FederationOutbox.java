package dev.starling.engine;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A shard's way out to other instances: publishes events on their inbound federation rings and
 * never blocks. When a ring is full the event is copied into a queue for that instance and
 * retried from the shard's own duty cycle, in order, before anything newer goes to the same
 * instance; the queued count is the shard's share of the federation backlog.
 */
final class FederationOutbox {

    private final Federation federation;
    @SuppressWarnings("unchecked")
    private final ArrayDeque<FederationEvent>[] queued = new ArrayDeque[Federation.MAX_INSTANCES];
    private final AtomicLong queuedCount = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    FederationOutbox(Federation federation) {
        this.federation = federation;
    }

    /**
     * Sends a copy of {@code event} to the instance with index {@code destination}.
     *
     * @return false when no instance of that index is deployed (the event is dropped and counted)
     */
    boolean send(int destination, FederationEvent event) {
        RingInstance target = federation.instance(destination);
        if (target == null) {
            dropped.lazySet(dropped.get() + 1);
            return false;
        }
        sent.lazySet(sent.get() + 1); // counted before it can be handled (quiescence)
        ArrayDeque<FederationEvent> queue = queued[destination];
        if ((queue == null || queue.isEmpty()) && target.tryPublishFederation(event)) {
            return true;
        }
        if (queue == null) {
            queue = queued[destination] = new ArrayDeque<>();
        }
        queue.addLast(new FederationEvent().copyFrom(event));
        queuedCount.lazySet(queuedCount.get() + 1);
        return true;
    }

    /** Retries queued events in order; returns how many went out. */
    int retry() {
        if (queuedCount.get() == 0) {
            return 0;
        }
        int published = 0;
        for (int destination = 0; destination < queued.length; destination++) {
            ArrayDeque<FederationEvent> queue = queued[destination];
            if (queue == null) {
                continue;
            }
            RingInstance target = federation.instance(destination);
            while (!queue.isEmpty() && target.tryPublishFederation(queue.peekFirst())) {
                queue.removeFirst();
                published++;
            }
        }
        queuedCount.lazySet(queuedCount.get() - published);
        return published;
    }

    /** Events waiting for room on another instance's ring. */
    long queued() {
        return queuedCount.get();
    }

    /** Events sent (published or queued) since start. */
    long sent() {
        return sent.get();
    }

    /** Events addressed to instances that are not deployed. */
    long dropped() {
        return dropped.get();
    }
}
