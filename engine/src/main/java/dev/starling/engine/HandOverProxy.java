package dev.starling.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sending side of one shard's hand-overs to the shards of its instance (fan-outs, follower
 * notes, backfills), in the shape of Aeron's {@code SenderProxy}: it writes a message into the
 * target's inbox, never blocking; a full inbox keeps a copy, in order per target, for {@link
 * #retry} on the next duty cycle. It then wakes the target's engine thread, or, while a caller's
 * thread runs the shard ({@link #deferWakes}), notes the target for that caller to run or wake.
 *
 * <p>Used by the thread that holds the shard; the counters are read by any thread (quiescence,
 * metrics, back-pressure).
 */
final class HandOverProxy {

    private final Shard[] targets;
    private final ArrayDeque<Pending>[] pending;
    private final AtomicLong handedOver = new AtomicLong();
    private final AtomicLong pendingCount = new AtomicLong();
    private boolean deferWakes;
    private long deferred;

    /** @param targets the instance's shards, by index (filled in before the first hand-over) */
    @SuppressWarnings("unchecked")
    HandOverProxy(Shard[] targets) {
        this.targets = targets;
        this.pending = new ArrayDeque[targets.length];
        for (int i = 0; i < targets.length; i++) {
            pending[i] = new ArrayDeque<>();
        }
    }

    /** Hands the first {@code length} bytes of {@code message} to shard {@code target}. */
    void send(int target, int type, DirectBuffer message, int length) {
        handedOver.lazySet(handedOver.get() + 1); // counted before it can be received (quiescence)
        ArrayDeque<Pending> queue = pending[target];
        if (queue.isEmpty() && targets[target].offer(type, message, length)) {
            wake(target);
            return;
        }
        byte[] copy = new byte[length];
        message.getBytes(0, copy);
        queue.addLast(new Pending(type, copy));
        pendingCount.lazySet(pendingCount.get() + 1);
    }

    /** Writes what waits for room, in order per target, until an inbox is full; returns how many went. */
    int retry() {
        if (pendingCount.get() == 0) {
            return 0;
        }
        int sent = 0;
        for (int target = 0; target < pending.length; target++) {
            ArrayDeque<Pending> queue = pending[target];
            int before = sent;
            while (!queue.isEmpty()) {
                Pending work = queue.peekFirst();
                if (!targets[target].offer(work.type, new UnsafeBuffer(work.bytes), work.bytes.length)) {
                    break;
                }
                queue.removeFirst();
                sent++;
            }
            if (sent > before) {
                wake(target);
            }
        }
        pendingCount.lazySet(pendingCount.get() - sent);
        return sent;
    }

    /** While true (a caller's thread runs the shard), targets are noted instead of woken. */
    void deferWakes(boolean defer) {
        this.deferWakes = defer;
    }

    /** The targets noted since the last call, as a bit mask; clears them. */
    long takeDeferred() {
        long targetsToWake = deferred;
        deferred = 0;
        return targetsToWake;
    }

    /** Hand-overs waiting for room in a full inbox. */
    long waiting() {
        return pendingCount.get();
    }

    /** Hand-overs made since start, written or waiting. */
    long handedOver() {
        return handedOver.get();
    }

    private void wake(int target) {
        if (deferWakes) {
            deferred |= 1L << target;
        } else {
            targets[target].wake();
        }
    }

    private record Pending(int type, byte[] bytes) {
    }
}
