package dev.starling.engine;

import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The requests a shard sent to other instances and still waits for (remote follows and profile
 * reads), by correlation id, each with a deadline. Only the shard's thread touches it, except
 * {@link #failAll} after that thread stopped. All calls share one timeout, so deadlines expire
 * in the order the calls were made and a FIFO queue is enough.
 */
final class RemoteCalls {

    private final long timeoutNanos;
    private final Long2ObjectHashMap<CompletableFuture<Object>> waiting = new Long2ObjectHashMap<>();
    private final ArrayDeque<Deadline> deadlines = new ArrayDeque<>();
    private final AtomicCounter outstanding;
    private final AtomicCounter timeouts;
    private long nextCorrelation;

    RemoteCalls(long timeoutNanos, ShardCounters counters) {
        this.timeoutNanos = timeoutNanos;
        this.outstanding = counters.remoteCallsWaiting;
        this.timeouts = counters.remoteTimeouts;
    }

    /** Registers a call; returns the correlation id its answer will carry. */
    long register(CompletableFuture<Object> future) {
        long correlation = ++nextCorrelation;
        waiting.put(correlation, future);
        deadlines.addLast(new Deadline(correlation, System.nanoTime() + timeoutNanos));
        outstanding.setRelease(waiting.size());
        return correlation;
    }

    /** Completes the call, if it still waits (a late answer after a timeout is dropped). */
    void complete(long correlation, Object result) {
        CompletableFuture<Object> future = waiting.remove(correlation);
        outstanding.setRelease(waiting.size());
        if (future != null) {
            future.complete(result);
        }
    }

    void fail(long correlation, StarlingException error) {
        CompletableFuture<Object> future = waiting.remove(correlation);
        outstanding.setRelease(waiting.size());
        if (future != null) {
            future.completeExceptionally(error);
        }
    }

    /** Fails the calls whose deadline passed with {@code TIMEOUT}; returns how many. */
    int expire() {
        if (deadlines.isEmpty()) {
            return 0;
        }
        long now = System.nanoTime();
        int expired = 0;
        while (!deadlines.isEmpty() && deadlines.peekFirst().atNanos - now <= 0) {
            Deadline deadline = deadlines.removeFirst();
            CompletableFuture<Object> future = waiting.remove(deadline.correlation);
            if (future != null) {
                expired++;
                timeouts.incrementRelease(); // counted before the caller can see the failure
                outstanding.setRelease(waiting.size());
                future.completeExceptionally(new StarlingException(ErrorCode.TIMEOUT,
                        "the remote instance did not answer within " + timeoutNanos / 1_000_000 + " ms"));
            }
        }
        return expired;
    }

    /** Calls still waiting for an answer. */
    long outstanding() {
        return outstanding.get();
    }

    /** Calls that timed out since start. */
    long timeouts() {
        return timeouts.get();
    }

    /** Fails every waiting call (the engine is closing and its thread has stopped). */
    void failAll(StarlingException error) {
        waiting.values().forEach(future -> future.completeExceptionally(error));
        waiting.clear();
        deadlines.clear();
        outstanding.setRelease(0);
    }

    private record Deadline(long correlation, long atNanos) {
    }
}
