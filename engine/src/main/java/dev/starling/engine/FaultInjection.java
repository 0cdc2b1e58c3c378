package dev.starling.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes handlers throw on purpose, to prove that a fault fails only its own request and the
 * handler carries on. Off unless a test arms it; costs one volatile read per request.
 *
 * <p>It can also slow every RING request down on purpose, to show that the performance gate
 * catches a regression: {@code -Dstarling.fault.slowdownNanos=N} makes each handler spin N
 * nanoseconds before it does its work. The property is read once; at 0 (the default) the JIT
 * drops the check.
 */
public final class FaultInjection {

    /** System property: nanoseconds every RING request handler spins before its work (0: none). */
    public static final String SLOWDOWN_PROPERTY = "starling.fault.slowdownNanos";
    private static final long SLOWDOWN_NANOS = Math.max(0, Long.getLong(SLOWDOWN_PROPERTY, 0L));

    private static volatile RequestType failing;
    private static final AtomicInteger REMAINING = new AtomicInteger();
    private static volatile RequestType failingRemote;
    private static final AtomicInteger REMAINING_REMOTE = new AtomicInteger();

    private FaultInjection() {
    }

    /** The next {@code count} requests of {@code type}, on any RING instance, throw inside the handler. */
    public static void failNext(RequestType type, int count) {
        REMAINING.set(count);
        failing = type;
    }

    /**
     * The next {@code count} requests of {@code type} ({@code FOLLOW} or {@code PROFILE}) that
     * arrive from another instance throw inside the handler of the instance that answers them.
     */
    public static void failNextRemote(RequestType type, int count) {
        REMAINING_REMOTE.set(count);
        failingRemote = type;
    }

    /** Disarms any injected fault. */
    public static void reset() {
        failing = null;
        REMAINING.set(0);
        failingRemote = null;
        REMAINING_REMOTE.set(0);
    }

    /** The artificial slowdown per request in nanoseconds (0 when off). */
    public static long slowdownNanos() {
        return SLOWDOWN_NANOS;
    }

    static void maybeFail(RequestType type) {
        if (SLOWDOWN_NANOS > 0) {
            spin(SLOWDOWN_NANOS);
        }
        if (failing == type && REMAINING.getAndDecrement() > 0) {
            throw new IllegalStateException("injected fault in " + type);
        }
    }

    static void maybeFailRemote(RequestType type) {
        if (failingRemote == type && REMAINING_REMOTE.getAndDecrement() > 0) {
            throw new IllegalStateException("injected fault in a remote " + type);
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
