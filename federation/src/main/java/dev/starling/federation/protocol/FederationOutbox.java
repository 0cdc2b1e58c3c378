package dev.starling.federation.protocol;

import dev.starling.engine.FederationCounters;
import dev.starling.engine.FederationTransport;
import dev.starling.engine.store.FederationJournal;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A shard's way out to other instances, through the {@link FederationLink}: never blocks. When a
 * destination has no room the event is copied into a queue for that instance and retried from
 * the shard's own duty cycle, in order, before anything newer goes to the same instance; the
 * queued count is the shard's share of the federation backlog.
 *
 * <p>Deliveries are sent durably ({@link #sendDurably}): each is numbered on its link (this
 * shard to the destination instance) and kept in the shard's {@link FederationJournal} before
 * the send returns, so before its sender's request is answered. The link tells which numbers the
 * destination applied ({@link FederationLink#acknowledged}, cumulative); those are removed from
 * the journal on the next duty cycle. What is kept is sent again, oldest first: after a restart
 * of this process (read back from the journal before anything new goes out), and, on a link that
 * can lose events, when no acknowledgement came for {@link FederationLink#resendAfterNanos}
 * although everything went out. The receiver applies each number once.
 */
final class FederationOutbox {

    private final FederationLink link;
    private final FederationJournal journal;
    private final int instance;
    private final int shard;
    private final Lane[] lanes = new Lane[FederationTransport.MAX_INSTANCES];
    private final AtomicCounter queuedCount;
    private final AtomicCounter sent;
    private final AtomicCounter dropped;
    private final AtomicLong unacknowledged = new AtomicLong();
    private final LongArrayList deferred = new LongArrayList();
    private final UnsafeBuffer keptBytes = new UnsafeBuffer(new byte[0]);
    private boolean deferWakes;
    /** The last retry sent nothing although events waited (their destinations had no room). */
    private boolean stalled;
    /** Lanes with numbered events not yet acknowledged, as a mask of destinations. */
    private long outstanding;

    /**
     * @param journal where numbered events are kept until acknowledged, or null to send
     *                deliveries as any other event (lost if a process dies with them in flight)
     */
    FederationOutbox(FederationLink link, FederationJournal journal, int instance, int shard,
                     FederationCounters counters) {
        this.link = link;
        this.journal = journal;
        this.instance = instance;
        this.shard = shard;
        this.queuedCount = counters.queued();
        this.sent = counters.sent();
        this.dropped = counters.dropped();
        if (journal != null) {
            resendKept();
        }
    }

    /**
     * Sends a copy of {@code event} to the instance with index {@code destination}, at most once.
     *
     * @return false when no instance of that index is deployed (the event is dropped and counted)
     */
    boolean send(int destination, FederationEvent event) {
        if (!link.deployed(destination)) {
            dropped.incrementRelease();
            return false;
        }
        sent.incrementRelease(); // counted before it can be handled (quiescence)
        Lane lane = lane(destination);
        event.sequence = 0;
        if (lane.waiting.isEmpty() && publish(destination, lane, event)) {
            return true;
        }
        enqueue(lane, new FederationEvent().copyFrom(event));
        return true;
    }

    /**
     * Sends {@code event}, the delivery of message {@code messageId}, to {@code destination}
     * numbered on its link and kept in the journal until the destination acknowledges it (as
     * {@link #send} without a journal).
     *
     * @return false when no instance of that index is deployed (the event is dropped and counted)
     */
    boolean sendDurably(int destination, FederationEvent event, long messageId) {
        if (journal == null) {
            return send(destination, event);
        }
        if (!link.deployed(destination)) {
            dropped.incrementRelease();
            return false;
        }
        Lane lane = lane(destination);
        event.sequence = journal.keepNext(destination, event.shard, messageId, event.bytes(), event.encodedLength());
        event.epoch = journal.epoch();
        lane.last = event.sequence;
        outstanding |= 1L << destination;
        unacknowledged.incrementAndGet();
        sent.incrementRelease();
        if (lane.waiting.isEmpty() && publish(destination, lane, event)) {
            return true;
        }
        enqueue(lane, new FederationEvent().copyFrom(event));
        return true;
    }

    /**
     * Takes in acknowledgements (removing what was applied from the journal), sends again what a
     * lossy link left unacknowledged too long, then retries queued events in order; returns how
     * many events went out.
     */
    int retry() {
        if (outstanding != 0) {
            acknowledge();
        }
        if (queuedCount.getPlain() == 0) {
            return 0;
        }
        int published = 0;
        for (int destination = 0; destination < FederationTransport.MAX_INSTANCES; destination++) {
            Lane lane = lanes[destination];
            if (lane == null || lane.waiting.isEmpty() || !link.deployed(destination)) {
                continue;
            }
            while (!lane.waiting.isEmpty() && publish(destination, lane, lane.waiting.peekFirst())) {
                lane.waiting.removeFirst();
                published++;
            }
        }
        queuedCount.getAndAddRelease(-published);
        stalled = published == 0;
        return published;
    }

    private void acknowledge() {
        long now = System.nanoTime();
        long pending = 0;
        long waiting = 0;
        long remaining = outstanding;
        while (remaining != 0) {
            int destination = Long.numberOfTrailingZeros(remaining);
            remaining &= remaining - 1;
            Lane lane = lanes[destination];
            long acknowledged = Math.min(lane.last, link.acknowledged(destination, instance, shard));
            if (acknowledged > lane.acknowledged) {
                for (long s = lane.acknowledged + 1; s <= acknowledged; s++) {
                    journal.forget(destination, s);
                }
                lane.acknowledged = acknowledged;
                lane.published = Math.max(lane.published, acknowledged);
                lane.progressNanos = now;
            } else if (lane.published > lane.acknowledged && lane.waiting.isEmpty()
                    && now - lane.progressNanos > link.resendAfterNanos()) {
                resend(destination, lane, lane.acknowledged + 1, lane.published);
                lane.progressNanos = now;
            }
            if (lane.last > lane.acknowledged) {
                pending |= 1L << destination;
                if (link.deployed(destination)) {
                    waiting += lane.last - lane.acknowledged;
                }
            }
        }
        outstanding = pending;
        unacknowledged.set(waiting); // events for an instance not deployed (now) do not hold quiescence
    }

    /** Reads back what the journal kept (a restart): queued, oldest first, ahead of anything new. */
    private void resendKept() {
        Int2ObjectHashMap<LongArrayList> kept = journal.keptByDestination();
        for (Map.Entry<Integer, LongArrayList> entry : kept.entrySet()) {
            int destination = entry.getKey();
            LongArrayList sequences = entry.getValue();
            Lane lane = lane(destination);
            lane.last = journal.lastSequence(destination, sequences);
            lane.acknowledged = sequences.getLong(0) - 1;
            lane.published = lane.acknowledged;
            resend(destination, lane, sequences.getLong(0), sequences.getLong(sequences.size() - 1));
            unacknowledged.addAndGet(lane.last - lane.acknowledged);
            outstanding |= 1L << destination;
        }
    }

    /** Queues the kept events {@code from} to {@code to} of a lane again, in order. */
    private void resend(int destination, Lane lane, long from, long to) {
        for (long s = from; s <= to; s++) {
            ByteBuffer kept = journal.kept(destination, s);
            if (kept == null) {
                continue; // acknowledged meanwhile
            }
            keptBytes.wrap(kept, 0, kept.limit());
            FederationEvent event = new FederationEvent().set(FederationJournal.keptShard(kept), instance, shard, s, 0,
                    journal.epoch(), keptBytes, FederationJournal.EVENT_AT, kept.limit() - FederationJournal.EVENT_AT);
            sent.incrementRelease();
            enqueue(lane, event);
        }
        lane.published = lane.acknowledged;
    }

    private void enqueue(Lane lane, FederationEvent copy) {
        lane.waiting.addLast(copy);
        stalled = false;
        queuedCount.incrementRelease();
    }

    private boolean publish(int destination, Lane lane, FederationEvent event) {
        if (event.sequence != 0) {
            event.floor = lane.acknowledged + 1;
        }
        if (!link.tryPublish(destination, event, !deferWakes)) {
            return false;
        }
        if (event.sequence != 0) {
            if (lane.published == lane.acknowledged) {
                lane.progressNanos = System.nanoTime(); // the wait for an acknowledgement starts
            }
            lane.published = Math.max(lane.published, event.sequence);
        }
        noteReceiver(destination, event);
        return true;
    }

    private Lane lane(int destination) {
        Lane lane = lanes[destination];
        if (lane == null) {
            lane = new Lane();
            lanes[destination] = lane;
        }
        return lane;
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

    /** Numbered events kept until their destination acknowledges them (read from any thread). */
    long unacknowledged() {
        return unacknowledged.get();
    }

    /** One destination's events: those waiting for room, and where its numbered events stand. */
    private static final class Lane {
        final ArrayDeque<FederationEvent> waiting = new ArrayDeque<>();
        /** Every number up to this one was applied by the destination. */
        long acknowledged;
        /** The highest number handed to the link. */
        long published;
        /** The highest number given. */
        long last;
        /** When the acknowledged number last moved, or the wait for one began. */
        long progressNanos;
    }
}
