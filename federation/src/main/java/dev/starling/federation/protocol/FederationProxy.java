package dev.starling.federation.protocol;

import dev.starling.api.Message;
import dev.starling.engine.FederationCounters;
import dev.starling.api.StarlingException;

import java.util.List;

/**
 * The sending side of one shard's federation protocol: encodes each {@link FederationEvent}
 * (fixed fields and a payload written as on a wire) and sends it through the shard's {@link
 * FederationOutbox}. The receiving side is {@link FederationAdapter}.
 */
final class FederationProxy {

    private final int instance;
    private final int shard;
    private final FederationOutbox outbox;
    private final FederationCounters counters;
    private final FederationEvent outgoing = new FederationEvent();

    FederationProxy(int instance, int shard, FederationOutbox outbox, FederationCounters counters) {
        this.instance = instance;
        this.shard = shard;
        this.outbox = outbox;
        this.counters = counters;
    }

    /**
     * A message for the followers of its sender on other instances: one event per instance in
     * the {@code instances} mask (except this one), not one per follower.
     */
    void deliver(long instances, long senderId, long messageId, long stamp, String sender, String text) {
        FederationEvent out = outgoing.reset(FederationEvent.DELIVER, shard, instance, 0);
        out.a = senderId;
        out.b = messageId;
        out.c = stamp;
        int at = MessageCodec.putString(out.payload, 0, sender);
        out.payloadLength = MessageCodec.putString(out.payload, at, text);
        long remaining = instances;
        while (remaining != 0) {
            int destination = Long.numberOfTrailingZeros(remaining);
            remaining &= remaining - 1;
            if (destination != instance && outbox.send(destination, out)) {
                counters.deliveriesSent().incrementRelease();
            }
        }
    }

    /** Asks shard {@code targetShard} of instance {@code destination} to let {@code follower} follow a user. */
    void followRequest(int destination, int targetShard, long correlation, long follower, String targetLocalName) {
        FederationEvent out = outgoing.reset(FederationEvent.FOLLOW_REQUEST, targetShard, instance, correlation);
        out.a = follower;
        out.payloadLength = MessageCodec.putString(out.payload, 0, targetLocalName);
        outbox.send(destination, out);
    }

    /** Accepts a follow: the followed user's newest messages go to the proxy's shard on the follower's instance. */
    void followAccepted(int destination, int proxyShard, long correlation, long follower, long target,
                        List<Message> newestFirst) {
        FederationEvent out = outgoing.reset(FederationEvent.FOLLOW_ACCEPTED, proxyShard, instance, correlation);
        out.a = follower;
        out.b = target;
        out.payloadLength = MessageCodec.putMessages(out.payload, 0, newestFirst);
        outbox.send(destination, out);
        out.releaseLargePayload();
    }

    /** Asks for a profile page; the answer comes back to this shard. */
    void profileRequest(int destination, int targetShard, long correlation, String targetLocalName, int limit,
                        long beforeMicros) {
        FederationEvent out = outgoing.reset(FederationEvent.PROFILE_REQUEST, targetShard, instance, correlation);
        out.a = shard;
        out.limit = limit;
        out.beforeMicros = beforeMicros;
        out.payloadLength = MessageCodec.putString(out.payload, 0, targetLocalName);
        outbox.send(destination, out);
    }

    void profileReply(int destination, int replyShard, long correlation, List<Message> page) {
        FederationEvent out = outgoing.reset(FederationEvent.PROFILE_REPLY, replyShard, instance, correlation);
        out.payloadLength = MessageCodec.putMessages(out.payload, 0, page);
        outbox.send(destination, out);
        out.releaseLargePayload();
    }

    /** A request of another instance failed here: its caller gets the error instead of {@code TIMEOUT}. */
    void failed(int destination, int replyShard, long correlation, StarlingException error) {
        FederationEvent out = outgoing.reset(FederationEvent.FAILED, replyShard, instance, correlation);
        out.a = error.code().ordinal();
        String reason = String.valueOf(error.getMessage());
        String prefix = error.code() + ": ";
        out.payloadLength = MessageCodec.putString(out.payload, 0,
                reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason);
        outbox.send(destination, out);
    }
}
