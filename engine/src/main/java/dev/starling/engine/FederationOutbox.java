package dev.starling.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
    private boolean deferWakes;
    private final List<Shard> deferred = new ArrayList<>();

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
        if ((queue == null || queue.isEmpty()) && target.tryPublishFederation(event, !deferWakes)) {
            noteReceiver(target, event);
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
            while (!queue.isEmpty() && target.tryPublishFederation(queue.peekFirst(), !deferWakes)) {
                noteReceiver(target, queue.removeFirst());
                published++;
            }
        }
        queuedCount.lazySet(queuedCount.get() - published);
        return published;
    }

    /**
     * While true (a caller's thread runs the sending shard), receiving shards are noted instead
     * of woken, for that caller to run or wake ({@link #takeDeferred}).
     */
    void deferWakes(boolean defer) {
        this.deferWakes = defer;
    }

    /** Adds the receiving shards noted since the last call to {@code into}, and forgets them. */
    void takeDeferred(List<Shard> into) {
        into.addAll(deferred);
        deferred.clear();
    }

    private void noteReceiver(RingInstance target, FederationEvent event) {
        if (deferWakes) {
            Shard receiver = target.shard(event.shard);
            if (!deferred.contains(receiver)) {
                deferred.add(receiver);
            }
        }
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
