package dev.starling.engine;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * How an engine thread waits when it finds no work. {@link #BACKOFF} (spin, then yield, then park
 * up to 250 µs) is the default: on a machine with few cores, threads that never yield the CPU
 * starve the clients and each other. {@link #BUSY_SPIN} is for machines with a core per thread.
 */
public enum IdleMode {
    BACKOFF, YIELD, SLEEP, BUSY_SPIN;

    public IdleStrategy newStrategy() {
        return switch (this) {
            case BACKOFF -> new BackoffIdleStrategy(64, 16, TimeUnit.MICROSECONDS.toNanos(1),
                    TimeUnit.MICROSECONDS.toNanos(250));
            case YIELD -> new YieldingIdleStrategy();
            case SLEEP -> new SleepingMillisIdleStrategy(1);
            case BUSY_SPIN -> new BusySpinIdleStrategy();
        };
    }
}
