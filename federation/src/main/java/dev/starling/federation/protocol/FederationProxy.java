package dev.starling.federation.protocol;

import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.FederationCounters;
import dev.starling.federation.protocol.codecs.DeliverEncoder;
import dev.starling.federation.protocol.codecs.FailedEncoder;
import dev.starling.federation.protocol.codecs.FollowAcceptedEncoder;
import dev.starling.federation.protocol.codecs.FollowRequestEncoder;
import dev.starling.federation.protocol.codecs.MessageHeaderEncoder;
import dev.starling.federation.protocol.codecs.ProfileReplyEncoder;
import dev.starling.federation.protocol.codecs.ProfileRequestEncoder;

import java.util.List;

/**
 * The sending side of one shard's federation protocol: encodes each message with the SBE codecs
 * generated from the protocol's schema into a reused {@link FederationEvent} and sends it through
 * the shard's {@link FederationOutbox}. The receiving side is {@link FederationAdapter}.
 */
final class FederationProxy {

    private final int instance;
    private final int shard;
    private final FederationOutbox outbox;
    private final FederationCounters counters;
    private final FederationEvent outgoing = new FederationEvent();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final DeliverEncoder deliver = new DeliverEncoder();
    private final FollowRequestEncoder followRequest = new FollowRequestEncoder();
    private final FollowAcceptedEncoder followAccepted = new FollowAcceptedEncoder();
    private final ProfileRequestEncoder profileRequest = new ProfileRequestEncoder();
    private final ProfileReplyEncoder profileReply = new ProfileReplyEncoder();
    private final FailedEncoder failed = new FailedEncoder();

    FederationProxy(int instance, int shard, FederationOutbox outbox, FederationCounters counters) {
        this.instance = instance;
        this.shard = shard;
        this.outbox = outbox;
        this.counters = counters;
    }

    /** Starts the reused outgoing event, addressed to shard {@code targetShard}, from this shard. */
    private FederationEvent begin(int targetShard) {
        FederationEvent out = outgoing.start(targetShard, instance);
        out.fromShard = shard;
        return out;
    }

    /**
     * A message for the followers of its sender on other instances: one event per instance in
     * the {@code instances} mask (except this one), not one per follower. Each is numbered on its
     * link and kept until the destination acknowledges it ({@link FederationOutbox#sendDurably}).
     */
    void deliver(long instances, long senderId, long messageId, long stamp, String sender, String text) {
        FederationEvent out = begin(shard);
        deliver.wrapAndApplyHeader(out.buffer(), 0, header)
                .senderId(senderId).messageId(messageId).stamp(stamp).senderName(sender).text(text);
        out.length(MessageHeaderEncoder.ENCODED_LENGTH + deliver.encodedLength());
        long remaining = instances;
        while (remaining != 0) {
            int destination = Long.numberOfTrailingZeros(remaining);
            remaining &= remaining - 1;
            if (destination != instance && outbox.sendDurably(destination, out, messageId)) {
                counters.deliveriesSent().incrementRelease();
            }
        }
    }

    /** Asks shard {@code targetShard} of instance {@code destination} to let {@code follower} follow a user. */
    void followRequest(int destination, int targetShard, long correlation, long follower, String targetLocalName) {
        FederationEvent out = begin(targetShard);
        followRequest.wrapAndApplyHeader(out.buffer(), 0, header)
                .correlation(correlation).follower(follower).targetName(targetLocalName);
        out.length(MessageHeaderEncoder.ENCODED_LENGTH + followRequest.encodedLength());
        outbox.send(destination, out);
    }

    /** Accepts a follow: the followed user's newest messages go to the proxy's shard on the follower's instance. */
    void followAccepted(int destination, int proxyShard, long correlation, long follower, long target,
                        List<Message> newestFirst) {
        FederationEvent out = begin(proxyShard);
        FollowAcceptedEncoder.BackfillEncoder entries = followAccepted.wrapAndApplyHeader(out.buffer(), 0, header)
                .correlation(correlation).follower(follower).followed(target)
                .backfillCount(newestFirst.size());
        for (Message m : newestFirst) {
            entries.next().messageId(m.id()).stamp(m.timestampMicros()).senderName(m.sender()).text(m.text());
        }
        out.length(MessageHeaderEncoder.ENCODED_LENGTH + followAccepted.encodedLength());
        outbox.send(destination, out);
        out.releaseLargeBuffer();
    }

    /** Asks for a profile page; the answer comes back to this shard. */
    void profileRequest(int destination, int targetShard, long correlation, String targetLocalName, int limit,
                        long beforeMicros) {
        FederationEvent out = begin(targetShard);
        profileRequest.wrapAndApplyHeader(out.buffer(), 0, header)
                .correlation(correlation).replyShard(shard).pageSize(limit).beforeMicros(beforeMicros)
                .name(targetLocalName);
        out.length(MessageHeaderEncoder.ENCODED_LENGTH + profileRequest.encodedLength());
        outbox.send(destination, out);
    }

    void profileReply(int destination, int replyShard, long correlation, List<Message> page) {
        FederationEvent out = begin(replyShard);
        ProfileReplyEncoder.MessagesEncoder entries = profileReply.wrapAndApplyHeader(out.buffer(), 0, header)
                .correlation(correlation).messagesCount(page.size());
        for (Message m : page) {
            entries.next().messageId(m.id()).stamp(m.timestampMicros()).senderName(m.sender()).text(m.text());
        }
        out.length(MessageHeaderEncoder.ENCODED_LENGTH + profileReply.encodedLength());
        outbox.send(destination, out);
        out.releaseLargeBuffer();
    }

    /** A request of another instance failed here: its caller gets the error instead of {@code TIMEOUT}. */
    void failed(int destination, int replyShard, long correlation, StarlingException error) {
        FederationEvent out = begin(replyShard);
        String reason = String.valueOf(error.getMessage());
        String prefix = error.code() + ": ";
        failed.wrapAndApplyHeader(out.buffer(), 0, header)
                .correlation(correlation).errorCode(error.code().ordinal())
                .reason(reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason);
        out.length(MessageHeaderEncoder.ENCODED_LENGTH + failed.encodedLength());
        outbox.send(destination, out);
    }
}
