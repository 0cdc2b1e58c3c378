package dev.starling.runtime;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * How an engine thread waits when it finds no work. {@link #PARK} is the default: spin briefly,
 * yield, then park until a producer wakes the thread ({@link WakeableIdleStrategy}); on a machine
 * with few cores, threads that never give the CPU away starve the clients and each other, and
 * threads that sleep on a timer answer late. {@link #BACKOFF} parks on a timer (up to 250 µs)
 * without wake-ups; {@link #BUSY_SPIN} is for machines with a core per thread.
 */
public enum IdleMode {
    PARK, BACKOFF, YIELD, SLEEP, BUSY_SPIN;

    /** A new strategy; {@code workPending} is asked before parking (used by {@link #PARK} only). */
    public IdleStrategy newStrategy(java.util.function.BooleanSupplier workPending) {
        return switch (this) {
            case PARK -> new WakeableIdleStrategy(workPending);
            case BACKOFF -> new BackoffIdleStrategy(64, 16, TimeUnit.MICROSECONDS.toNanos(1),
                    TimeUnit.MICROSECONDS.toNanos(250));
            case YIELD -> new YieldingIdleStrategy();
            case SLEEP -> new SleepingMillisIdleStrategy(1);
            case BUSY_SPIN -> new BusySpinIdleStrategy();
        };
    }
}
