package dev.starling.engine;

import dev.starling.runtime.WakeableIdleStrategy;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;

/**
 * Where the shards of an instance hand one shard work (an Agrona many-to-one ring buffer of
 * encoded {@link ShardMessages}), and the shard's wake-up point: the idle strategy of the thread
 * that runs it. Any thread may {@link #offer} and {@link #wake}; only the shard reads.
 */
final class ShardInbox {

    private final ManyToOneRingBuffer buffer;
    private volatile WakeableIdleStrategy waker;

    /** @param bytes capacity of the ring buffer (a power of two) */
    ShardInbox(int bytes) {
        this.buffer = new ManyToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(bytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** Writes one message, never blocking; false when the inbox is full. */
    boolean offer(int type, DirectBuffer message, int length) {
        return buffer.write(type, message, 0, length);
    }

    /** Reads at most {@code limit} messages into {@code handler}; returns how many. */
    int read(MessageHandler handler, int limit) {
        return buffer.read(handler, limit);
    }

    /** Bytes written and not yet read. */
    int size() {
        return buffer.size();
    }

    /** The idle strategy of the thread running this shard, to wake it when work arrives. */
    void wakeWith(WakeableIdleStrategy waker) {
        this.waker = waker;
    }

    WakeableIdleStrategy waker() {
        return waker;
    }

    /** Wakes the shard's thread if it sleeps; called after work for it was made visible. */
    void wake() {
        WakeableIdleStrategy w = waker;
        if (w != null) {
            w.wake();
        }
    }
}
