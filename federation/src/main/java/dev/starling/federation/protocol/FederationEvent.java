package dev.starling.federation.protocol;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One federation event as a transport carries it: the receiving shard and the sending instance
 * (the transport's header), then the SBE-encoded message ({@code codecs}, generated from
 * {@code src/main/sbe/federation-schema.xml}) in {@link #buffer}. Reused: the in-process
 * transport copies events into preallocated slots of the receiver's inbound ring, so no object of
 * the sending instance reaches the receiver.
 */
public final class FederationEvent {

    /** Slots whose buffer grew past this (a large page) get a fresh small buffer once handled. */
    private static final int KEEP_BYTES = 64 * 1024;
    private static final int INITIAL_BYTES = 256;

    /** The receiving instance's shard that acts on this event. */
    public int shard;
    /** The index of the sending instance. */
    public int from;
    /** The sending shard of {@link #from}: with it and the receiving instance, the event's stream. */
    public int fromShard;
    /**
     * The event's number on its stream (1, 2, ...), or 0 for an event sent at most once (requests
     * and answers, which their callers time out): the receiver applies each number once.
     */
    public long sequence;
    /**
     * With a {@link #sequence}: the lowest number of the stream its sender had not yet seen
     * acknowledged when it sent this one (every number below it was applied).
     */
    public long floor;
    /** With a {@link #sequence}: the epoch of the sending shard's journal, which numbers its streams. */
    public long epoch;
    private ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(INITIAL_BYTES);
    private int length;

    /** Starts a new event addressed to {@code shard}; the caller encodes the message into {@link #buffer()}. */
    FederationEvent start(int shard, int from) {
        this.shard = shard;
        this.from = from;
        this.fromShard = 0;
        this.sequence = 0;
        this.floor = 0;
        this.epoch = 0;
        this.length = 0;
        return this;
    }

    /** Where the message is encoded, from offset 0; grows as it is written. */
    MutableDirectBuffer buffer() {
        return buffer;
    }

    /** The encoded message, from offset 0, {@link #encodedLength()} bytes long (read-only use). */
    public DirectBuffer bytes() {
        return buffer;
    }

    /** Bytes of the encoded message. */
    public int encodedLength() {
        return length;
    }

    /** Bytes of the encoded message. */
    int length() {
        return length;
    }

    void length(int length) {
        this.length = length;
    }

    /**
     * Starts an event received as bytes: {@code length} bytes of {@code bytes} from {@code offset}
     * are the encoded message.
     */
    FederationEvent set(int shard, int from, int fromShard, long sequence, long floor, long epoch, DirectBuffer bytes,
                        int offset, int length) {
        start(shard, from);
        this.fromShard = fromShard;
        this.sequence = sequence;
        this.floor = floor;
        this.epoch = epoch;
        buffer.putBytes(0, bytes, offset, length);
        this.length = length;
        return this;
    }

    /** Copies the header and the message bytes of {@code other} into this event. */
    public FederationEvent copyFrom(FederationEvent other) {
        shard = other.shard;
        from = other.from;
        fromShard = other.fromShard;
        sequence = other.sequence;
        floor = other.floor;
        epoch = other.epoch;
        length = other.length;
        buffer.putBytes(0, other.buffer, 0, other.length);
        return this;
    }

    /** After handling: a slot that carried a large page does not keep its memory. */
    void releaseLargeBuffer() {
        if (buffer.capacity() > KEEP_BYTES) {
            buffer = new ExpandableArrayBuffer(INITIAL_BYTES);
        }
    }
}
