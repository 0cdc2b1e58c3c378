package dev.starling.engine;

import dev.starling.engine.codecs.DeliverDecoder;
import dev.starling.engine.codecs.FollowerAddedDecoder;
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
    private final ShardMessages codec = new ShardMessages();

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
                case ShardMessages.DELIVER -> {
                    DeliverDecoder m = codec.deliver(buffer, offset);
                    operations.deliverLocally(m.senderId(), m.messageId(), m.stamp());
                }
                case ShardMessages.FOLLOWER_ADDED -> {
                    FollowerAddedDecoder m = codec.followerAdded(buffer, offset);
                    operations.followerAdded(m.followed(), m.follower(), m.followerShard());
                }
                case ShardMessages.BACKFILL -> {
                    codec.decodeBackfill(buffer, offset, backfill);
                    operations.applyBackfill(backfill);
                }
                case ShardMessages.REMOTE_FOLLOWED -> {
                    long correlation = codec.decodeRemoteFollowed(buffer, offset, backfill);
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
