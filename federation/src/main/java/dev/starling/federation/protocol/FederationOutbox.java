package dev.starling.federation.protocol;

import dev.starling.engine.FederationCounters;
import dev.starling.engine.FederationTransport;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A shard's way out to other instances, through the {@link FederationLink}: never blocks. When a
 * destination has no room the event is copied into a queue for that instance and retried from
 * the shard's own duty cycle, in order, before anything newer goes to the same instance; the
 * queued count is the shard's share of the federation backlog.
 */
final class FederationOutbox {


    private final FederationLink link;
    private final List<ArrayDeque<FederationEvent>> queued = new ArrayList<>(Collections.nCopies(FederationTransport.MAX_INSTANCES, null));
    private final AtomicCounter queuedCount;
    private final AtomicCounter sent;
    private final AtomicCounter dropped;
    private final LongArrayList deferred = new LongArrayList();
    private boolean deferWakes;
    /** The last retry sent nothing although events waited (their destinations had no room). */
    private boolean stalled;

    FederationOutbox(FederationLink link, FederationCounters counters) {
        this.link = link;
        this.queuedCount = counters.queued();
        this.sent = counters.sent();
        this.dropped = counters.dropped();
    }

    /**
     * Sends a copy of {@code event} to the instance with index {@code destination}.
     *
     * @return false when no instance of that index is deployed (the event is dropped and counted)
     */
    boolean send(int destination, FederationEvent event) {
        if (!link.deployed(destination)) {
            dropped.incrementRelease();
            return false;
        }
        sent.incrementRelease(); // counted before it can be handled (quiescence)
        ArrayDeque<FederationEvent> queue = queued.get(destination);
        if ((queue == null || queue.isEmpty()) && link.tryPublish(destination, event, !deferWakes)) {
            noteReceiver(destination, event);
            return true;
        }
        if (queue == null) {
            queue = new ArrayDeque<>();
            queued.set(destination, queue);
        }
        queue.addLast(new FederationEvent().copyFrom(event));
        stalled = false;
        queuedCount.incrementRelease();
        return true;
    }

    /** Retries queued events in order; returns how many went out. */
    int retry() {
        if (queuedCount.getPlain() == 0) {
            return 0;
        }
        int published = 0;
        for (int destination = 0; destination < FederationTransport.MAX_INSTANCES; destination++) {
            ArrayDeque<FederationEvent> queue = queued.get(destination);
            if (queue == null) {
                continue;
            }
            while (!queue.isEmpty() && link.tryPublish(destination, queue.peekFirst(), !deferWakes)) {
                noteReceiver(destination, queue.removeFirst());
                published++;
            }
        }
        queuedCount.getAndAddRelease(-published);
        stalled = published == 0;
        return published;
    }

    /**
     * While true (a caller's thread runs the sending shard), receiving shards are noted instead
     * of woken, for that caller to run or wake ({@link #takeDeferred}).
     */
    void deferWakes(boolean defer) {
        this.deferWakes = defer;
    }

    /**
     * Adds the receiving shards noted since the last call to {@code into}, each as {@code
     * instance << 32 | shard}, and forgets them.
     */
    void takeDeferred(LongArrayList into) {
        for (int i = 0; i < deferred.size(); i++) {
            into.addLong(deferred.getLong(i));
        }
        deferred.clear();
    }

    private void noteReceiver(int destination, FederationEvent event) {
        if (deferWakes && event.shard >= 0) { // a negative shard: placed by name in another process, nothing to wake here
            long receiver = (long) destination << 32 | event.shard;
            if (!deferred.containsLong(receiver)) {
                deferred.addLong(receiver);
            }
        }
    }

    /** True when events wait and the last retry did not find all their destinations without room. */
    boolean retryDue() {
        return queuedCount.getPlain() > 0 && !(stalled && link.sleepsBetweenRetries());
    }

    /** Events waiting for room on another instance's ring. */
    long queued() {
        return queuedCount.get();
    }
}
