package dev.starling.engine;

import dev.starling.spi.RequestType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults an engine suffers on purpose, to prove that each fails only its own request and the
 * engine carries on: handlers that throw, an instance that stops answering other instances, shards
 * that stop applying each other's hand-overs. One per engine, handed in through {@link
 * EngineSettings#faultInjector}; unarmed (the default) it costs one volatile read per request.
 *
 * <p>It can also slow every RING request down, to show that the performance gate catches a
 * regression: {@code -Dstarling.fault.slowdownNanos=N} makes each handler spin N nanoseconds
 * before its work. The property is read once; at 0 (the default) the JIT drops the check.
 */
public final class FaultInjector {

    /** System property: nanoseconds every RING request handler spins before its work (0: none). */
    public static final String SLOWDOWN_PROPERTY = "starling.fault.slowdownNanos";
    private static final long SLOWDOWN_NANOS = Math.max(0, Long.getLong(SLOWDOWN_PROPERTY, 0L));

    private volatile RequestType failing;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile RequestType failingMidway;
    private final AtomicInteger remainingMidway = new AtomicInteger();
    private volatile RequestType failingRemote;
    private final AtomicInteger remainingRemote = new AtomicInteger();
    /** Bit i: instance i does not handle its inbound federation events. */
    private volatile long federationSuspended;
    /** Bit i: the shards of instance i do not apply each other's hand-overs. */
    private volatile long handOversSuspended;
    /** Bit i: the shards of instance i do not take requests from their rings. */
    private volatile long requestsSuspended;
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();

    /** The artificial slowdown per request in nanoseconds (0 when off). */
    public static long slowdownNanos() {
        return SLOWDOWN_NANOS;
    }

    /** The next {@code count} requests of {@code type}, on any instance, throw inside the handler. */
    public void failNext(RequestType type, int count) {
        remaining.set(count);
        failing = type;
    }

    /**
     * The next {@code count} requests of {@code type} throw inside the handler, after its first
     * store write: a {@code FOLLOW} of a user of this instance throws once the edge is recorded
     * in the follower's shard, before the followed user's shard is told. Types without such a
     * point are not affected.
     */
    public void failNextMidway(RequestType type, int count) {
        remainingMidway.set(count);
        failingMidway = type;
    }

    /**
     * The next {@code count} requests of {@code type} ({@code FOLLOW} or {@code PROFILE}) that
     * arrive from another instance throw inside the handler of the instance that answers them.
     */
    public void failNextRemote(RequestType type, int count) {
        remainingRemote.set(count);
        failingRemote = type;
    }

    /**
     * Stops (or resumes) the handling of {@code domain}'s inbound federation events, as if that
     * instance stopped answering others: their remote requests then end in {@code TIMEOUT}.
     */
    public void suspendFederation(String domain, boolean suspended) {
        Instance instance = attached(domain);
        federationSuspended = flip(federationSuspended, instance.index, suspended);
        if (!suspended) {
            instance.wakeAll.run();
        }
    }

    /**
     * Stops (or resumes) the work {@code domain}'s shards hand each other (fan-outs, backfills),
     * as if they fell behind on it: what is handed over waits, and back-pressure must bound it.
     */
    public void suspendHandOvers(String domain, boolean suspended) {
        Instance instance = attached(domain);
        handOversSuspended = flip(handOversSuspended, instance.index, suspended);
        if (!suspended) {
            instance.wakeAll.run();
        }
    }

    /**
     * Stops (or resumes) the taking of requests by {@code domain}'s shards, as if their threads
     * stalled: requests wait in the rings until these are full, and later calls are refused.
     */
    public void suspendRequests(String domain, boolean suspended) {
        Instance instance = attached(domain);
        requestsSuspended = flip(requestsSuspended, instance.index, suspended);
        if (!suspended) {
            instance.wakeAll.run();
        }
    }

    /** Disarms every fault. */
    public void reset() {
        failing = null;
        remaining.set(0);
        failingRemote = null;
        remainingRemote.set(0);
        failingMidway = null;
        remainingMidway.set(0);
        federationSuspended = 0;
        handOversSuspended = 0;
        requestsSuspended = 0;
        instances.values().forEach(instance -> instance.wakeAll.run());
    }

    /** Called by the engine for each instance it starts, so drills can name it by domain. */
    void attach(String domain, int index, Runnable wakeAll) {
        instances.put(domain, new Instance(index, wakeAll));
    }

    boolean federationSuspended(int instance) {
        return (federationSuspended & (1L << instance)) != 0;
    }

    boolean handOversSuspended(int instance) {
        return (handOversSuspended & (1L << instance)) != 0;
    }

    boolean requestsSuspended(int instance) {
        return (requestsSuspended & (1L << instance)) != 0;
    }

    /** Before a request's work: the slowdown, and the fault if one is armed for its type. */
    void beforeRequest(RequestType type) {
        if (SLOWDOWN_NANOS > 0) {
            spin(SLOWDOWN_NANOS);
        }
        if (failing == type && remaining.getAndDecrement() > 0) {
            throw new InjectedFault("injected fault in " + type);
        }
    }

    /** At a request's point inside its handler, between two of its store writes. */
    void midRequest(RequestType type) {
        if (failingMidway == type && remainingMidway.getAndDecrement() > 0) {
            throw new InjectedFault("injected fault inside a " + type);
        }
    }

    /** Before answering a request of another instance. */
    void beforeRemoteRequest(RequestType type) {
        if (failingRemote == type && remainingRemote.getAndDecrement() > 0) {
            throw new InjectedFault("injected fault in a remote " + type);
        }
    }

    private Instance attached(String domain) {
        Instance instance = instances.get(domain);
        if (instance == null) {
            throw new IllegalArgumentException(domain + " is not an instance of the engine using this injector");
        }
        return instance;
    }

    private static long flip(long mask, int bit, boolean set) {
        return set ? mask | (1L << bit) : mask & ~(1L << bit);
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private record Instance(int index, Runnable wakeAll) {
    }

    /** A fault thrown on purpose: logged in one line, without a stack trace. */
    static final class InjectedFault extends IllegalStateException {
        InjectedFault(String message) {
            super(message);
        }
    }
}
