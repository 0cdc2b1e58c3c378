package dev.starling.engine;

import dev.starling.spi.RequestType;
import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.ShardStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import org.agrona.collections.LongArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What one RING instance does on its callers' threads: timeline and local profile reads (each
 * thread with its own {@link StoreReader}), and duty cycles of idle shards ({@link
 * #runOrWake}). It counts the callers inside the instance's stores, so that closing can
 * wait for the last of them to leave before the stores are unmapped: a caller counts itself in,
 * then reads the closed flag; the closer sets the flag, then waits for the count to reach zero
 * (both sides write before they read, so one of them sees the other).
 */
final class CallerSide {

    private static final Logger LOG = LoggerFactory.getLogger(CallerSide.class);

    /** Shards a caller runs at most after its own, of those it handed work to (see {@link #runOrWake}). */
    private static final int CALLER_HELPS = 8;

    private final String domain;
    private final ReadCounters counters;
    private final ShardRegistry registry;
    private final FaultInjector injector;
    private final ThreadLocal<StoreReader> readers;
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean closed;

    CallerSide(String domain, ShardStores[] stores, MessageCache messages, ReadCounters counters,
               ShardRegistry registry, FaultInjector injector) {
        this.domain = domain;
        this.counters = counters;
        this.registry = registry;
        this.injector = injector;
        this.readers = ThreadLocal.withInitial(() -> new StoreReader(domain, stores, messages, counters));
    }

    /**
     * A home timeline read. When the user's shard kept updating the window during every copy,
     * the read is asked of the shard instead ({@code viaShard}).
     */
    CompletableFuture<List<Message>> timeline(HomeWindow home, int limit, long beforeMicros, long beforeId,
                                              Supplier<CompletableFuture<List<Message>>> viaShard) {
        if (!enter()) {
            return CompletableFuture.failedFuture(closedException());
        }
        try {
            injector.beforeRequest(RequestType.TIMELINE);
            List<Message> page = readers.get().timeline(home, limit, beforeMicros, beforeId);
            if (page == null) {
                return viaShard.get();
            }
            counters.answered(RequestType.TIMELINE);
            return CompletableFuture.completedFuture(page);
        } catch (Throwable t) {
            return failed(RequestType.TIMELINE, t);
        } finally {
            exit();
        }
    }

    /**
     * A profile page of a user of this instance, living in shard {@code shard}: the messages
     * after the cursor ({@code beforeMicros}, {@code beforeId}; {@code Long.MIN_VALUE}: by stamp).
     */
    CompletableFuture<List<Message>> profile(int shard, String localName, int limit, long beforeMicros,
                                             long beforeId) {
        if (!enter()) {
            return CompletableFuture.failedFuture(closedException());
        }
        try {
            injector.beforeRequest(RequestType.PROFILE);
            StoreReader reader = readers.get();
            List<Message> page = reader.profile(reader.userIdOf(shard, localName), limit, beforeMicros, beforeId);
            counters.answered(RequestType.PROFILE);
            return CompletableFuture.completedFuture(page);
        } catch (Throwable t) {
            return failed(RequestType.PROFILE, t);
        } finally {
            exit();
        }
    }

    /**
     * After publishing {@code request} for {@code shard}: runs the shard's duty cycles on this
     * thread if its engine thread is idle (as Aeron's client runs its conductor with an {@code
     * AgentInvoker}), else wakes that thread. A lone client then pays no wake-up of an engine
     * thread, nor of its own thread waiting for the answer; a busy engine thread is left to do
     * the work, so under load {@code threads} keeps its meaning. The shards the caller handed work
     * to, of this instance or (federation) of another, are run here too while their threads are
     * idle, at most {@link #CALLER_HELPS}; the rest are woken. Nothing once closed: the request
     * is then failed with {@code CLOSED} by the closer.
     */
    void runOrWake(Shard shard, CompletableFuture<?> request) {
        if (!enter()) {
            return;
        }
        try {
            if (!shard.callerMayRun()) {
                shard.wake(); // the common case under load: decided before allocating anything
                return;
            }
            LongArrayList handedTo = new LongArrayList();
            if (!shard.runHere(request, handedTo)) {
                shard.wake();
                return;
            }
            for (int i = 0; i < handedTo.size(); i++) {
                long receiver = handedTo.getLong(i);
                Shard target = registry.shard((int) (receiver >>> 32), (int) receiver);
                if (target == null) {
                    continue; // a shard of another process: its transport woke it
                }
                if (i >= CALLER_HELPS || !target.runHere(null, handedTo)) {
                    target.wake();
                }
            }
        } finally {
            exit();
        }
    }

    /**
     * True when no caller is inside the stores at this moment (a sequentially consistent read): a
     * shard may then free what it retired before (see {@link HomeTimelines}).
     */
    boolean noneInside() {
        return inside.get() == 0;
    }

    /** Refuses callers from now on and waits until none is inside the stores any more. */
    void closeAndAwait() {
        closed = true;
        while (inside.get() != 0) {
            Thread.yield();
        }
    }

    /** Counts a caller in; false (counted out again) once closing began. */
    boolean enter() {
        inside.incrementAndGet();
        if (closed) {
            inside.decrementAndGet();
            return false;
        }
        return true;
    }

    void exit() {
        inside.decrementAndGet();
    }

    private <T> CompletableFuture<T> failed(RequestType type, Throwable t) {
        if (t instanceof StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
        counters.fault();
        if (t instanceof FaultInjector.InjectedFault) {
            LOG.debug("{}: {} failed: {}", domain, type, t.getMessage());
        } else {
            LOG.warn("{}: {} failed inside the engine", domain, type, t);
        }
        return CompletableFuture.failedFuture(new StarlingException(ErrorCode.INTERNAL,
                type + " failed inside the engine: " + t, t));
    }

    private StarlingException closedException() {
        return new StarlingException(ErrorCode.CLOSED, domain + " is closed");
    }
}
