package dev.starling.federation.aeron;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The routing header in front of each federation message on an Aeron link: the receiving
 * instance's index, the receiving shard (or {@link #BY_NAME}), the sending instance's index and
 * its sending shard (four little-endian 32-bit integers), then the event's sequence number on
 * its stream, the stream's floor and the sending journal's epoch (three little-endian 64-bit
 * integers, 0 for an event sent at most once; see {@code FederationEvent}); then the SBE-encoded
 * message. Link messages (hello,
 * status, acknowledgement) carry {@link #LINK} as the receiving instance.
 */
final class FederationFrame {

    static final int LENGTH = 40;
    /** The receiving instance of a link message. */
    static final int LINK = -1;
    /** A shard the receiver picks by the user name the message carries. */
    static final int BY_NAME = -1;

    private FederationFrame() {
    }

    static void write(MutableDirectBuffer buffer, int destination, int shard, int from) {
        write(buffer, destination, shard, from, 0, 0, 0, 0);
    }

    static void write(MutableDirectBuffer buffer, int destination, int shard, int from, int fromShard, long sequence,
                      long floor, long epoch) {
        buffer.putInt(0, destination, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(4, shard, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(8, from, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(12, fromShard, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(16, sequence, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(24, floor, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(32, epoch, ByteOrder.LITTLE_ENDIAN);
    }

    static long epoch(DirectBuffer buffer, int offset) {
        return buffer.getLong(offset + 32, ByteOrder.LITTLE_ENDIAN);
    }

    static int fromShard(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset + 12, ByteOrder.LITTLE_ENDIAN);
    }

    static long sequence(DirectBuffer buffer, int offset) {
        return buffer.getLong(offset + 16, ByteOrder.LITTLE_ENDIAN);
    }

    static long floor(DirectBuffer buffer, int offset) {
        return buffer.getLong(offset + 24, ByteOrder.LITTLE_ENDIAN);
    }

    static int destination(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN);
    }

    static int shard(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset + 4, ByteOrder.LITTLE_ENDIAN);
    }

    static int from(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset + 8, ByteOrder.LITTLE_ENDIAN);
    }
}
