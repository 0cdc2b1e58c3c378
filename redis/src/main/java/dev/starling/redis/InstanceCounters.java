package dev.starling.redis;

import dev.starling.spi.InstanceStats;
import dev.starling.spi.RequestType;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One REDIS instance's counters, and its admission limits: requests answered per kind, requests
 * on their way to Redis ({@link #tryAdmit()} refuses past the ring size, which is
 * {@code OVERLOADED}), fan-outs queued for the workers ({@link #fanOutRoom()}: a send is refused
 * past {@link #FAN_OUT_FACTOR} times the ring size), deliveries between instances.
 *
 * <p>Fan-outs have a bound of their own, far above the requests', as Mastodon's Sidekiq queue is
 * not the web tier's: a send is answered once stored, and its fan-out may lag behind for a while
 * (a burst of sends from one client) without refusing the sends.
 */
final class InstanceCounters {

    private final String domain;
    /** Fan-outs that may wait per admitted request (the requests' limit times this). */
    static final int FAN_OUT_FACTOR = 64;

    private final int limit;
    private final AtomicLongArray done = new AtomicLongArray(RequestType.values().length);
    /** Requests admitted and not answered. */
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger fanOuts = new AtomicInteger();
    private final AtomicInteger deliveriesPending = new AtomicInteger();
    final AtomicLong deliveriesSent = new AtomicLong();
    final AtomicLong deliveriesReceived = new AtomicLong();
    final AtomicLong remoteTimeouts = new AtomicLong();
    final AtomicLong timelineReads = new AtomicLong();
    final AtomicLong faults = new AtomicLong();

    /** @param limit requests and fan-outs that may be on their way at once (the engine's ring size) */
    InstanceCounters(String domain, int limit) {
        this.domain = domain;
        this.limit = limit;
    }

    /** Takes a place for a request; false (nothing taken) when {@code limit} are on their way. */
    boolean tryAdmit() {
        if (outstanding.incrementAndGet() > limit) {
            outstanding.decrementAndGet();
            return false;
        }
        return true;
    }

    /** A request answered: its place is free again. */
    void answered(RequestType type) {
        done.incrementAndGet(type.ordinal());
        outstanding.decrementAndGet();
    }

    /** False when {@link #FAN_OUT_FACTOR} times the request limit of fan-outs wait: sends are then refused. */
    boolean fanOutRoom() {
        return fanOuts.get() < (long) limit * FAN_OUT_FACTOR;
    }

    /** A send's fan-out queued. */
    void fanOutQueued() {
        fanOuts.incrementAndGet();
    }

    void fanOutDone() {
        fanOuts.decrementAndGet();
    }

    /** A message from another instance queued for delivery here. */
    void deliveryQueued() {
        deliveriesPending.incrementAndGet();
    }

    void deliveryDone() {
        deliveriesReceived.incrementAndGet();
        deliveriesPending.decrementAndGet();
    }

    /** True when nothing is on its way: no request, fan-out or inbound delivery. */
    boolean idle() {
        return outstanding.get() == 0 && fanOuts.get() == 0 && deliveriesPending.get() == 0;
    }

    InstanceStats snapshot() {
        Map<RequestType, Long> counts = new EnumMap<>(RequestType.class);
        for (RequestType type : RequestType.values()) {
            counts.put(type, done.get(type.ordinal()));
        }
        int fanning = fanOuts.get();
        return new InstanceStats(domain, counts, outstanding.get(), fanning, 0,
                faults.get(), deliveriesPending.get(), deliveriesSent.get(), deliveriesReceived.get(),
                remoteTimeouts.get(), timelineReads.get(), 0);
    }
}
