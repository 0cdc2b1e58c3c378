package dev.starling.engine;

import com.lmax.disruptor.EventPoller;
import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.Ids;
import dev.starling.engine.store.TimelineWindow;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.List;

/**
 * The receiving side of a shard's federation protocol: takes this shard's events from the
 * instance's inbound federation ring, decodes them and dispatches them to {@link UserOperations}
 * (deliveries, follows of local users, their acceptance) or to the waiting {@link RemoteCalls}
 * (answers). A request of another instance that fails here is answered at once with its error
 * (or {@code INTERNAL}), so its caller does not wait for {@code TIMEOUT}; events that are answers
 * or deliveries have nobody waiting, so their faults are only reported.
 */
final class FederationAdapter implements EventPoller.Handler<FederationEvent> {

    private static final int BATCH = 256;

    private final int shard;
    private final String domain;
    private final UserOperations operations;
    private final FederationProxy proxy;
    private final RemoteCalls remoteCalls;
    private final FaultInjector injector;
    private final FaultReporter faults;
    private final AtomicCounter handled;
    private final AtomicCounter deliveriesReceived;
    private final Backfill backfill = new Backfill();
    private int polled;

    FederationAdapter(int shard, String domain, UserOperations operations, FederationProxy proxy,
                      RemoteCalls remoteCalls, FaultInjector injector, FaultReporter faults, ShardCounters counters) {
        this.shard = shard;
        this.domain = domain;
        this.operations = operations;
        this.proxy = proxy;
        this.remoteCalls = remoteCalls;
        this.injector = injector;
        this.faults = faults;
        this.handled = counters.federationHandled;
        this.deliveriesReceived = counters.deliveriesReceived;
    }

    /** Handles this shard's events from {@code poller}, at most a batch; returns how many. */
    int poll(EventPoller<FederationEvent> poller) throws Exception {
        polled = 0;
        poller.poll(this);
        return polled;
    }

    @Override
    public boolean onEvent(FederationEvent event, long sequence, boolean endOfBatch) {
        if (event.shard != shard) {
            return true;
        }
        try {
            switch (event.type) {
                case FederationEvent.DELIVER -> receiveDelivery(event);
                case FederationEvent.FOLLOW_REQUEST -> acceptFollow(event);
                case FederationEvent.FOLLOW_ACCEPTED -> followAccepted(event);
                case FederationEvent.PROFILE_REQUEST -> answerProfile(event);
                case FederationEvent.PROFILE_REPLY ->
                        remoteCalls.complete(event.correlation, MessageCodec.getMessages(event.payload, 0));
                case FederationEvent.FAILED -> remoteCalls.fail(event.correlation, new StarlingException(
                        ErrorCode.values()[(int) event.a], MessageCodec.getString(event.payload, 0)));
                default -> throw new IllegalStateException("unknown federation event type " + event.type);
            }
        } catch (Throwable t) {
            faults.report("federation event " + event.type + " from instance " + event.from, t);
            answerFailedRequest(event, t);
        } finally {
            event.releaseLargePayload();
            handled.incrementRelease();
        }
        return ++polled < BATCH;
    }

    private void receiveDelivery(FederationEvent event) {
        deliveriesReceived.incrementRelease();
        String sender = MessageCodec.getString(event.payload, 0);
        String text = MessageCodec.getString(event.payload, MessageCodec.skipString(event.payload, 0));
        operations.receiveDelivery(event.a, event.b, event.c, sender, text);
    }

    /** On the followed user's shard: notes the follower's instance, answers with a backfill. */
    private void acceptFollow(FederationEvent event) {
        injector.beforeRemoteRequest(RequestType.FOLLOW);
        long follower = event.a;
        int replyShard = Ids.shardOfUser(follower);
        long target;
        try {
            target = operations.acceptRemoteFollower(MessageCodec.getString(event.payload, 0), event.from);
        } catch (StarlingException e) {
            proxy.failed(event.from, replyShard, event.correlation, e);
            return;
        }
        proxy.followAccepted(event.from, Ids.shardOfUser(target), event.correlation, follower, target,
                operations.backfillOf(target));
    }

    /** On the proxy's shard of the follower's instance: keeps copies of the backfill, records the follow. */
    private void followAccepted(FederationEvent event) {
        DirectBuffer payload = event.payload;
        Backfill out = backfill.reset(event.a, event.b);
        int n = Math.min(payload.getInt(0), TimelineWindow.CAPACITY);
        int at = Integer.BYTES;
        for (int i = 0; i < n; i++) {
            long messageId = payload.getLong(at);
            long stamp = payload.getLong(at + Long.BYTES);
            at += 2 * Long.BYTES;
            String sender = MessageCodec.getString(payload, at);
            at = MessageCodec.skipString(payload, at);
            String text = MessageCodec.getString(payload, at);
            at = MessageCodec.skipString(payload, at);
            operations.keepCopy(messageId, stamp, sender, text);
            out.add(stamp, messageId);
        }
        operations.followAccepted(event.correlation, out);
    }

    /** On the profile owner's shard: answers a page to the asking shard of the other instance. */
    private void answerProfile(FederationEvent event) {
        injector.beforeRemoteRequest(RequestType.PROFILE);
        int replyShard = (int) event.a;
        List<Message> page;
        try {
            page = operations.profile(MessageCodec.getString(event.payload, 0), event.limit, event.beforeMicros);
        } catch (StarlingException e) {
            proxy.failed(event.from, replyShard, event.correlation, e);
            return;
        }
        proxy.profileReply(event.from, replyShard, event.correlation, page);
    }

    private void answerFailedRequest(FederationEvent event, Throwable fault) {
        int replyShard;
        switch (event.type) {
            case FederationEvent.FOLLOW_REQUEST -> replyShard = Ids.shardOfUser(event.a);
            case FederationEvent.PROFILE_REQUEST -> replyShard = (int) event.a;
            default -> {
                return;
            }
        }
        try {
            proxy.failed(event.from, replyShard, event.correlation, new StarlingException(ErrorCode.INTERNAL,
                    "the remote request failed inside instance " + domain + ": " + fault));
        } catch (Throwable t) {
            faults.report("answering the failed federation event " + event.type, t);
        }
    }
}
