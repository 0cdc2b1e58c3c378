package dev.starling.runtime;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for an engine to drain: polls a check until it holds twice in a row, or time runs out. */
public final class Quiescence {

    private Quiescence() {
    }

    /**
     * True once {@code drained} held on two consecutive looks (nothing was in flight between
     * them); false when {@code timeout} passes first.
     */
    public static boolean await(BooleanSupplier drained, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int stable = 0;
        while (System.nanoTime() < deadline) {
            stable = drained.getAsBoolean() ? stable + 1 : 0;
            if (stable >= 2) {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
        return false;
    }
}
