package dev.starling.federation.protocol;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.FederationCounters;
import dev.starling.engine.FederationHandler;
import dev.starling.spi.RequestType;
import dev.starling.engine.store.Ids;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.List;

/**
 * The receiving side of one shard's federation protocol: takes this shard's events from its
 * {@link FederationInbox}, decodes them and dispatches them to the shard's {@link
 * FederationHandler}. A request of another instance that fails here is answered at once with its
 * error (or {@code INTERNAL}), so its caller does not wait for {@code TIMEOUT}; events that are
 * answers or deliveries have nobody waiting, so their faults are only reported.
 */
final class FederationAdapter implements FederationInbox.Handler {

    private static final int BATCH = 256;

    private final int shard;
    private final FederationProxy proxy;
    private final AtomicCounter handled;
    private final AtomicCounter deliveriesReceived;
    private FederationHandler handler;
    private int polled;

    FederationAdapter(int shard, FederationProxy proxy, FederationCounters counters) {
        this.shard = shard;
        this.proxy = proxy;
        this.handled = counters.handled();
        this.deliveriesReceived = counters.deliveriesReceived();
    }

    /** Hands this shard's events from {@code inbox} to {@code target}, at most a batch; returns how many. */
    int poll(FederationInbox inbox, FederationHandler target) {
        handler = target;
        polled = 0;
        try {
            inbox.poll(this);
        } catch (Exception e) {
            target.onFault("polling the federation inbox", e);
        }
        return polled;
    }

    @Override
    public boolean onEvent(FederationEvent event) {
        if (event.shard != shard) {
            return true;
        }
        try {
            switch (event.type) {
                case FederationEvent.DELIVER -> receiveDelivery(event);
                case FederationEvent.FOLLOW_REQUEST -> acceptFollow(event);
                case FederationEvent.FOLLOW_ACCEPTED -> handler.onFollowAccepted(event.correlation, event.a, event.b,
                        MessageCodec.getMessages(event.payload, 0));
                case FederationEvent.PROFILE_REQUEST -> answerProfile(event);
                case FederationEvent.PROFILE_REPLY ->
                        handler.onAnswer(event.correlation, MessageCodec.getMessages(event.payload, 0));
                case FederationEvent.FAILED -> handler.onFailure(event.correlation, new StarlingException(
                        ErrorCode.values()[(int) event.a], MessageCodec.getString(event.payload, 0)));
                default -> throw new IllegalStateException("unknown federation event type " + event.type);
            }
        } catch (Throwable t) {
            handler.onFault("federation event " + event.type + " from instance " + event.from, t);
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
        handler.onDelivery(event.a, event.b, event.c, sender, text);
    }

    /** On the followed user's shard: notes the follower's instance, answers with a backfill. */
    private void acceptFollow(FederationEvent event) {
        handler.beforeRemoteRequest(RequestType.FOLLOW);
        long follower = event.a;
        int replyShard = Ids.shardOfUser(follower);
        long target;
        try {
            target = handler.onFollowRequest(event.from, MessageCodec.getString(event.payload, 0));
        } catch (StarlingException e) {
            proxy.failed(event.from, replyShard, event.correlation, e);
            return;
        }
        proxy.followAccepted(event.from, Ids.shardOfUser(target), event.correlation, follower, target,
                handler.backfillOf(target));
    }

    /** On the profile owner's shard: answers a page to the asking shard of the other instance. */
    private void answerProfile(FederationEvent event) {
        handler.beforeRemoteRequest(RequestType.PROFILE);
        int replyShard = (int) event.a;
        List<Message> page;
        try {
            page = handler.onProfileRequest(MessageCodec.getString(event.payload, 0), event.limit, event.beforeMicros);
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
                    "the remote request failed inside instance " + handler.domain() + ": " + fault));
        } catch (Throwable t) {
            handler.onFault("answering the failed federation event " + event.type, t);
        }
    }
}
