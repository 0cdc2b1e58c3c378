package dev.starling.engine;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The receiving side of a shard's inbox, in the shape of Aeron's command adapters: decodes each
 * {@link ShardMessages} message and dispatches it to the shard's {@link UserOperations}; the
 * answer of a remote follow completes its waiting call. A message that fails is reported and
 * counted as received all the same (it is not retried).
 */
final class InboxAdapter implements MessageHandler {

    private final UserOperations operations;
    private final RemoteCalls remoteCalls;
    private final FaultReporter faults;
    private final AtomicCounter received;
    private final Backfill backfill = new Backfill();

    InboxAdapter(UserOperations operations, RemoteCalls remoteCalls, FaultReporter faults, ShardCounters counters) {
        this.operations = operations;
        this.remoteCalls = remoteCalls;
        this.faults = faults;
        this.received = counters.received;
    }

    @Override
    public void onMessage(int type, MutableDirectBuffer buffer, int offset, int length) {
        try {
            switch (type) {
                case ShardMessages.DELIVER -> operations.deliverLocally(
                        buffer.getLong(offset + ShardMessages.DELIVER_SENDER),
                        buffer.getLong(offset + ShardMessages.DELIVER_MESSAGE),
                        buffer.getLong(offset + ShardMessages.DELIVER_STAMP));
                case ShardMessages.FOLLOWER_ADDED -> operations.followerAdded(
                        buffer.getLong(offset + ShardMessages.ADDED_FOLLOWED),
                        buffer.getLong(offset + ShardMessages.ADDED_FOLLOWER),
                        buffer.getInt(offset + ShardMessages.ADDED_SHARD));
                case ShardMessages.BACKFILL -> {
                    ShardMessages.decodeBackfill(buffer, offset, backfill);
                    operations.applyBackfill(backfill);
                }
                case ShardMessages.REMOTE_FOLLOWED -> {
                    long correlation = ShardMessages.decodeBackfill(buffer, offset, backfill);
                    operations.remoteFollowed(backfill);
                    remoteCalls.complete(correlation, null);
                }
                default -> throw new IllegalStateException("unknown shard message type " + type);
            }
        } catch (Throwable t) {
            faults.report("shard message " + type, t);
        } finally {
            received.incrementRelease();
        }
    }
}
