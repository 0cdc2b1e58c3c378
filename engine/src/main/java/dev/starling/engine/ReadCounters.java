package dev.starling.engine;

import dev.starling.spi.InstanceStats;
import dev.starling.spi.RequestType;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one instance's reads, which run on any thread (clients' and shards'): striped
 * adders, so that many readers do not contend on one cache line.
 */
public final class ReadCounters {

    public ReadCounters() {
    }

    private final LongAdder timelines = new LongAdder();
    private final LongAdder profiles = new LongAdder();
    private final LongAdder timelineReads = new LongAdder();
    private final LongAdder outOfOrderReads = new LongAdder();
    private final LongAdder faults = new LongAdder();

    /** A read of a timeline from its newest entry; {@code outOfOrder}: see {@link InstanceStats}. */
    void timelineRead(boolean outOfOrder) {
        timelineReads.increment();
        if (outOfOrder) {
            outOfOrderReads.increment();
        }
    }

    /** A timeline or profile request answered on the caller's thread. */
    void answered(RequestType type) {
        (type == RequestType.TIMELINE ? timelines : profiles).increment();
    }

    void fault() {
        faults.increment();
    }

    long done(RequestType type) {
        return switch (type) {
            case TIMELINE -> timelines.sum();
            case PROFILE -> profiles.sum();
            default -> 0;
        };
    }

    long timelineReads() {
        return timelineReads.sum();
    }

    long outOfOrderReads() {
        return outOfOrderReads.sum();
    }

    long faults() {
        return faults.sum();
    }
}
