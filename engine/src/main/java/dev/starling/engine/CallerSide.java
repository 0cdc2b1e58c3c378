package dev.starling.engine;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.TimelineWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What one RING instance does on its callers' threads: timeline and local profile reads (each
 * thread with its own {@link StoreReader}), and duty cycles of idle shards ({@link
 * Shard#runOnCaller}). It counts the callers inside the instance's stores, so that closing can
 * wait for the last of them to leave before the stores are unmapped: a caller counts itself in,
 * then reads the closed flag; the closer sets the flag, then waits for the count to reach zero
 * (both sides write before they read, so one of them sees the other).
 */
final class CallerSide {

    private static final Logger LOG = LoggerFactory.getLogger(CallerSide.class);

    private final String domain;
    private final ReadCounters counters;
    private final ThreadLocal<StoreReader> readers;
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean closed;

    CallerSide(String domain, ShardStores[] stores, MessageCache messages, ReadCounters counters) {
        this.domain = domain;
        this.counters = counters;
        this.readers = ThreadLocal.withInitial(() -> new StoreReader(domain, stores, messages, counters));
    }

    /**
     * A home timeline read. When the user's shard kept updating the window during every copy,
     * the read is asked of the shard instead ({@code viaShard}).
     */
    CompletableFuture<List<Message>> timeline(RingSession session, int limit, long beforeMicros,
                                              Supplier<CompletableFuture<List<Message>>> viaShard) {
        if (!enter()) {
            return CompletableFuture.failedFuture(closedException());
        }
        try {
            FaultInjection.maybeFail(RequestType.TIMELINE);
            StoreReader reader = readers.get();
            TimelineWindow window = session.window();
            if (window == null) {
                window = session.window(reader.window(session.userId()));
            }
            List<Message> page = reader.timeline(window, limit, beforeMicros);
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

    /** A profile page of a user of this instance, living in shard {@code shard}. */
    CompletableFuture<List<Message>> profile(int shard, String localName, int limit, long beforeMicros) {
        if (!enter()) {
            return CompletableFuture.failedFuture(closedException());
        }
        try {
            FaultInjection.maybeFail(RequestType.PROFILE);
            StoreReader reader = readers.get();
            List<Message> page = reader.profile(reader.userIdOf(shard, localName), limit, beforeMicros);
            counters.answered(RequestType.PROFILE);
            return CompletableFuture.completedFuture(page);
        } catch (Throwable t) {
            return failed(RequestType.PROFILE, t);
        } finally {
            exit();
        }
    }

    /**
     * After publishing {@code request} for {@code shard}: runs the shard's duty cycle on this
     * thread if its engine thread is idle, else wakes that thread. Nothing once closed: the
     * request is then failed with {@code CLOSED} by the closer.
     */
    void runOrWake(Shard shard, CompletableFuture<?> request) {
        if (!enter()) {
            return;
        }
        try {
            if (!shard.runOnCaller(request)) {
                shard.wake();
            }
        } finally {
            exit();
        }
    }

    /** Refuses callers from now on and waits until none is inside the stores any more. */
    void closeAndAwait() {
        closed = true;
        while (inside.get() != 0) {
            Thread.yield();
        }
    }

    private boolean enter() {
        inside.incrementAndGet();
        if (closed) {
            inside.decrementAndGet();
            return false;
        }
        return true;
    }

    private void exit() {
        inside.decrementAndGet();
    }

    private <T> CompletableFuture<T> failed(RequestType type, Throwable t) {
        if (t instanceof StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
        counters.fault();
        LOG.warn("{}: {} failed inside the engine", domain, type, t);
        return CompletableFuture.failedFuture(new StarlingException(ErrorCode.INTERNAL,
                type + " failed inside the engine: " + t, t));
    }

    private StarlingException closedException() {
        return new StarlingException(ErrorCode.CLOSED, domain + " is closed");
    }
}
