package dev.starling.runtime;

import org.agrona.concurrent.OffsetEpochNanoClock;

/** The wall clock in microseconds since the epoch, read without allocating. */
public final class EpochMicros {

    private static final OffsetEpochNanoClock CLOCK = new OffsetEpochNanoClock();

    private EpochMicros() {
    }

    public static long now() {
        return CLOCK.nanoTime() / 1_000;
    }
}
