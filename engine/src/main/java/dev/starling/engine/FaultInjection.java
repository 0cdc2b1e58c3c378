package dev.starling.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes handlers throw on purpose, to prove that a fault fails only its own request and the
 * handler carries on. Off unless a test arms it; costs one volatile read per request.
 */
public final class FaultInjection {

    private static volatile RequestType failing;
    private static final AtomicInteger REMAINING = new AtomicInteger();

    private FaultInjection() {
    }

    /** The next {@code count} requests of {@code type}, on any RING instance, throw inside the handler. */
    public static void failNext(RequestType type, int count) {
        REMAINING.set(count);
        failing = type;
    }

    /** Disarms any injected fault. */
    public static void reset() {
        failing = null;
        REMAINING.set(0);
    }

    static void maybeFail(RequestType type) {
        if (failing == type && REMAINING.getAndDecrement() > 0) {
            throw new IllegalStateException("injected fault in " + type);
        }
    }
}
