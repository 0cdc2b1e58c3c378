package dev.starling.redis;

import dev.starling.spi.InstanceStats;
import dev.starling.spi.RequestType;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One REDIS instance's counters, and its admission limit: requests answered per kind, requests
 * and fan-outs still on their way ({@link #tryAdmit()} refuses past the limit, which is
 * {@code OVERLOADED}), deliveries between instances.
 */
final class InstanceCounters {

    private final String domain;
    private final int limit;
    private final AtomicLongArray done = new AtomicLongArray(RequestType.values().length);
    /** Requests admitted and not answered, plus fan-outs of answered sends not yet written. */
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

    /** A send's fan-out queued: it keeps a place until {@link #fanOutDone()}. */
    void fanOutQueued() {
        outstanding.incrementAndGet();
        fanOuts.incrementAndGet();
    }

    void fanOutDone() {
        fanOuts.decrementAndGet();
        outstanding.decrementAndGet();
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
        return outstanding.get() == 0 && deliveriesPending.get() == 0;
    }

    InstanceStats snapshot() {
        Map<RequestType, Long> counts = new EnumMap<>(RequestType.class);
        for (RequestType type : RequestType.values()) {
            counts.put(type, done.get(type.ordinal()));
        }
        int fanning = fanOuts.get();
        return new InstanceStats(domain, counts, Math.max(0, outstanding.get() - fanning), fanning, 0,
                faults.get(), deliveriesPending.get(), deliveriesSent.get(), deliveriesReceived.get(),
                remoteTimeouts.get(), timelineReads.get(), 0);
    }
}
