package dev.starling.federation.protocol;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.FederationCounters;
import dev.starling.engine.FederationHandler;
import dev.starling.engine.store.FederationJournal;
import dev.starling.spi.RequestType;
import dev.starling.engine.store.Ids;
import dev.starling.federation.protocol.codecs.DeliverDecoder;
import dev.starling.federation.protocol.codecs.FailedDecoder;
import dev.starling.federation.protocol.codecs.FollowAcceptedDecoder;
import dev.starling.federation.protocol.codecs.FollowRequestDecoder;
import dev.starling.federation.protocol.codecs.MessageHeaderDecoder;
import dev.starling.federation.protocol.codecs.ProfileReplyDecoder;
import dev.starling.federation.protocol.codecs.ProfileRequestDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.List;

/**
 * The receiving side of one shard's federation protocol: takes this shard's events from its
 * {@link FederationInbox}, decodes them with the generated SBE codecs and dispatches them to the
 * shard's {@link FederationHandler}. A request of another instance that fails here is answered at
 * once with its error (or {@code INTERNAL}), so its caller does not wait for {@code TIMEOUT};
 * events that are answers or deliveries have nobody waiting, so their faults are only reported.
 *
 * <p>A numbered event (a delivery, see {@link FederationOutbox}) is applied once: the shard's
 * {@link FederationJournal} keeps, per sending stream, the highest number this shard applied,
 * written after the event's effect. Each stream reaches a shard in sending order and without
 * gaps (a transport that can lose events passes a stream on only in order, see the Aeron
 * receiver), so a number at or below it was applied. A process killed between the effect and
 * that write applies the event again when it is sent again, which changes nothing: a delivery
 * stores the same copy and a timeline holds an entry once.
 */
final class FederationAdapter implements FederationInbox.Handler {

    private static final int BATCH = 256;
    private static final int NO_REPLY = -1;

    private final int shard;
    private final FederationProxy proxy;
    private final AtomicCounter handled;
    private final AtomicCounter deliveriesReceived;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DeliverDecoder deliver = new DeliverDecoder();
    private final FollowRequestDecoder followRequest = new FollowRequestDecoder();
    private final FollowAcceptedDecoder followAccepted = new FollowAcceptedDecoder();
    private final ProfileRequestDecoder profileRequest = new ProfileRequestDecoder();
    private final ProfileReplyDecoder profileReply = new ProfileReplyDecoder();
    private final FailedDecoder failed = new FailedDecoder();
    private final FederationJournal journal;
    private FederationHandler handler;
    private int polled;
    /** The asking shard of the request being handled, or {@link #NO_REPLY} for answers and deliveries. */
    private int replyShard;
    private long correlation;

    FederationAdapter(int shard, FederationProxy proxy, FederationCounters counters, FederationJournal journal) {
        this.shard = shard;
        this.journal = journal;
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
        replyShard = NO_REPLY;
        int template = -1;
        long sequence = journal == null ? 0 : event.sequence;
        if (sequence != 0 && sequence <= journal.applied(event.from, event.fromShard, event.epoch)) {
            handled.incrementRelease(); // applied before this process (or its sender) restarted
            return ++polled < BATCH;
        }
        try {
            DirectBuffer buffer = event.buffer();
            header.wrap(buffer, 0);
            template = header.templateId();
            int at = MessageHeaderDecoder.ENCODED_LENGTH;
            int blockLength = header.blockLength();
            int version = header.version();
            switch (template) {
                case DeliverDecoder.TEMPLATE_ID -> receiveDelivery(deliver.wrap(buffer, at, blockLength, version));
                case FollowRequestDecoder.TEMPLATE_ID ->
                        acceptFollow(event.from, followRequest.wrap(buffer, at, blockLength, version));
                case FollowAcceptedDecoder.TEMPLATE_ID ->
                        followAccepted(followAccepted.wrap(buffer, at, blockLength, version));
                case ProfileRequestDecoder.TEMPLATE_ID ->
                        answerProfile(event.from, profileRequest.wrap(buffer, at, blockLength, version));
                case ProfileReplyDecoder.TEMPLATE_ID -> {
                    ProfileReplyDecoder reply = profileReply.wrap(buffer, at, blockLength, version);
                    long call = reply.correlation();
                    List<Message> page = new ArrayList<>();
                    for (ProfileReplyDecoder.MessagesDecoder m : reply.messages()) {
                        long id = m.messageId();
                        long stamp = m.stamp();
                        page.add(new Message(id, m.senderName(), m.text(), stamp));
                    }
                    handler.onAnswer(call, page);
                }
                case FailedDecoder.TEMPLATE_ID -> {
                    FailedDecoder f = failed.wrap(buffer, at, blockLength, version);
                    long call = f.correlation();
                    ErrorCode code = ErrorCode.values()[f.errorCode()];
                    handler.onFailure(call, new StarlingException(code, f.reason()));
                }
                default -> throw new IllegalStateException("unknown federation message template " + template);
            }
        } catch (Throwable t) {
            handler.onFault("federation message " + template + " from instance " + event.from, t);
            answerFailedRequest(event.from, t);
        } finally {
            if (sequence != 0) {
                journal.applied(event.from, event.fromShard, event.epoch, sequence); // after the effect: see the class comment
            }
            event.releaseLargeBuffer();
            handled.incrementRelease();
        }
        return ++polled < BATCH;
    }

    private void receiveDelivery(DeliverDecoder m) {
        deliveriesReceived.incrementRelease();
        long sender = m.senderId();
        long messageId = m.messageId();
        long stamp = m.stamp();
        handler.onDelivery(sender, messageId, stamp, m.senderName(), m.text());
    }

    /** On the followed user's shard: notes the follower's instance, answers with a backfill. */
    private void acceptFollow(int from, FollowRequestDecoder m) {
        correlation = m.correlation();
        long follower = m.follower();
        replyShard = Ids.shardOfUser(follower);
        String target = m.targetName();
        handler.beforeRemoteRequest(RequestType.FOLLOW);
        long targetId;
        try {
            targetId = handler.onFollowRequest(from, target);
        } catch (StarlingException e) {
            proxy.failed(from, replyShard, correlation, e);
            return;
        }
        proxy.followAccepted(from, Ids.shardOfUser(targetId), correlation, follower, targetId,
                handler.backfillOf(targetId));
    }

    /** On the proxy's shard of the follower's instance: the backfill's messages, then the follow is recorded. */
    private void followAccepted(FollowAcceptedDecoder m) {
        long call = m.correlation();
        long follower = m.follower();
        long followed = m.followed();
        List<Message> backfill = new ArrayList<>();
        for (FollowAcceptedDecoder.BackfillDecoder entry : m.backfill()) {
            long id = entry.messageId();
            long stamp = entry.stamp();
            backfill.add(new Message(id, entry.senderName(), entry.text(), stamp));
        }
        handler.onFollowAccepted(call, follower, followed, backfill);
    }

    /** On the profile owner's shard: answers a page to the asking shard of the other instance. */
    private void answerProfile(int from, ProfileRequestDecoder m) {
        correlation = m.correlation();
        replyShard = m.replyShard();
        int limit = m.pageSize();
        long before = m.beforeMicros();
        String name = m.name();
        handler.beforeRemoteRequest(RequestType.PROFILE);
        List<Message> page;
        try {
            page = handler.onProfileRequest(name, limit, before);
        } catch (StarlingException e) {
            proxy.failed(from, replyShard, correlation, e);
            return;
        }
        proxy.profileReply(from, replyShard, correlation, page);
    }

    private void answerFailedRequest(int from, Throwable fault) {
        if (replyShard == NO_REPLY) {
            return;
        }
        try {
            proxy.failed(from, replyShard, correlation, new StarlingException(ErrorCode.INTERNAL,
                    "the remote request failed inside instance " + handler.domain() + ": " + fault));
        } catch (Throwable t) {
            handler.onFault("answering a failed federation request", t);
        }
    }
}
