package dev.starling.federation.protocol;

import org.agrona.ExpandableArrayBuffer;

/**
 * One slot of an instance's inbound federation ring, preallocated and reused: the only way one
 * instance affects another. Fixed fields carry ids and numbers; variable-length data (names,
 * texts, pages of messages) is encoded into {@link #payload}, as it would be on a wire, so no
 * object of the sending instance is shared with the receiver. Only the shard named by
 * {@link #shard} on the receiving instance acts on an event. Each transport carries it its own
 * way; the in-process one copies it into a slot of the receiving instance's inbound ring.
 */
public final class FederationEvent {

    /** A message of a user with followers on the receiving instance: store a copy, fan it out. a=sender, b=message, c=stamp; payload: sender, text. */
    static final int DELIVER = 1;
    /** A user of instance {@link #from} asks to follow a local user. a=follower; payload: followed local name. */
    static final int FOLLOW_REQUEST = 2;
    /** The followed user's instance accepted a follow. a=follower, b=followed; payload: the newest messages (backfill). */
    static final int FOLLOW_ACCEPTED = 3;
    /** A profile page of a local user, for a shard of instance {@link #from}. a=requesting shard; payload: name. */
    static final int PROFILE_REQUEST = 4;
    /** The page answering a {@link #PROFILE_REQUEST}; payload: the messages. */
    static final int PROFILE_REPLY = 5;
    /** A request failed on the remote instance. a=error code ordinal; payload: the reason. */
    static final int FAILED = 6;

    /** Slots whose payload grew past this (a large page) get a fresh small buffer once handled. */
    private static final int KEEP_PAYLOAD_BYTES = 64 * 1024;
    private static final int INITIAL_PAYLOAD_BYTES = 256;

    int type;
    /** The receiving instance's shard that acts on this event. */
    public int shard;
    int from;
    long correlation;
    long a;
    long b;
    long c;
    int limit;
    long beforeMicros;
    ExpandableArrayBuffer payload = new ExpandableArrayBuffer(INITIAL_PAYLOAD_BYTES);
    int payloadLength;

    /** Starts a new event in this (scratch or slot) instance. */
    FederationEvent reset(int type, int shard, int from, long correlation) {
        this.type = type;
        this.shard = shard;
        this.from = from;
        this.correlation = correlation;
        this.a = 0;
        this.b = 0;
        this.c = 0;
        this.limit = 0;
        this.beforeMicros = Long.MAX_VALUE;
        this.payloadLength = 0;
        return this;
    }

    /** Copies every field and the payload bytes of {@code other} into this event. */
    public FederationEvent copyFrom(FederationEvent other) {
        type = other.type;
        shard = other.shard;
        from = other.from;
        correlation = other.correlation;
        a = other.a;
        b = other.b;
        c = other.c;
        limit = other.limit;
        beforeMicros = other.beforeMicros;
        payloadLength = other.payloadLength;
        payload.putBytes(0, other.payload, 0, other.payloadLength);
        return this;
    }

    /** After handling: a slot that carried a large page does not keep its memory. */
    void releaseLargePayload() {
        if (payload.capacity() > KEEP_PAYLOAD_BYTES) {
            payload = new ExpandableArrayBuffer(INITIAL_PAYLOAD_BYTES);
        }
    }
}
