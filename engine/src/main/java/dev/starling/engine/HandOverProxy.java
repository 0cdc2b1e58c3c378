package dev.starling.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The sending side of one shard's hand-overs to the shards of its instance, in the shape of
 * Aeron's {@code SenderProxy}: it encodes a {@link ShardMessages} message, writes it into the
 * target's inbox, never blocking; a full inbox keeps a copy, in order per target, for {@link
 * #retry} on the next duty cycle. It then wakes the target's engine thread, or, while a caller's
 * thread runs the shard ({@link #deferWakes}), notes the target for that caller to run or wake.
 *
 * <p>Used by the thread that holds the shard; its counters are read by any thread (quiescence,
 * metrics, back-pressure).
 */
final class HandOverProxy {

    private final ShardDirectory directory;
    private final List<ArrayDeque<Pending>> pending;
    private final AtomicCounter handedOver;
    private final AtomicCounter waiting;
    private final UnsafeBuffer outgoing = new UnsafeBuffer(new byte[ShardMessages.MAX_LENGTH]);
    private final ShardMessages codec = new ShardMessages();
    private boolean deferWakes;
    private long deferred;

    HandOverProxy(ShardDirectory directory, ShardCounters counters) {
        this.directory = directory;
        this.handedOver = counters.handedOver;
        this.waiting = counters.handOversWaiting;
        this.pending = new ArrayList<>(directory.shards());
        for (int i = 0; i < directory.shards(); i++) {
            pending.add(new ArrayDeque<>());
        }
    }

    /** A message of {@code sender} to fan out into its followers' timelines in shard {@code target}. */
    void deliver(int target, long sender, long messageId, long stamp) {
        send(target, ShardMessages.DELIVER, codec.encodeDeliver(outgoing, sender, messageId, stamp));
    }

    /** {@code follower}, of shard {@code followerShard}, now follows {@code followed} of shard {@code target}. */
    void followerAdded(int target, long followed, long follower, int followerShard) {
        send(target, ShardMessages.FOLLOWER_ADDED,
                codec.encodeFollowerAdded(outgoing, followed, follower, followerShard));
    }

    /** A new follower's backfill, for its shard {@code target}. */
    void backfill(int target, Backfill backfill) {
        send(target, ShardMessages.BACKFILL, codec.encodeBackfill(outgoing, backfill));
    }

    /** A remote user accepted a follow by a user of shard {@code target}; the backfill's copies are stored. */
    void remoteFollowed(int target, long correlation, Backfill backfill) {
        send(target, ShardMessages.REMOTE_FOLLOWED, codec.encodeRemoteFollowed(outgoing, correlation, backfill));
    }

    private void send(int target, int type, int length) {
        handedOver.incrementRelease(); // counted before it can be received (quiescence)
        ArrayDeque<Pending> queue = pending.get(target);
        if (queue.isEmpty() && directory.inbox(target).offer(type, outgoing, length)) {
            wake(target);
            return;
        }
        byte[] copy = new byte[length];
        outgoing.getBytes(0, copy);
        queue.addLast(new Pending(type, copy));
        waiting.incrementRelease();
    }

    /** Writes what waits for room, in order per target, until an inbox is full; returns how many went. */
    int retry() {
        if (waiting.getPlain() == 0) {
            return 0;
        }
        int sent = 0;
        for (int target = 0; target < pending.size(); target++) {
            ArrayDeque<Pending> queue = pending.get(target);
            int before = sent;
            while (!queue.isEmpty()) {
                Pending work = queue.peekFirst();
                if (!directory.inbox(target).offer(work.type, work.buffer(), work.bytes.length)) {
                    break;
                }
                queue.removeFirst();
                sent++;
            }
            if (sent > before) {
                wake(target);
            }
        }
        waiting.getAndAddRelease(-sent);
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
        return waiting.get();
    }

    private void wake(int target) {
        if (deferWakes) {
            deferred |= 1L << target;
        } else {
            directory.inbox(target).wake();
        }
    }

    private record Pending(int type, byte[] bytes) {
        DirectBuffer buffer() {
            return new UnsafeBuffer(bytes);
        }
    }
}
