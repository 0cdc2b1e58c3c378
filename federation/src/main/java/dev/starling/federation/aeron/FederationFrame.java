package dev.starling.federation.aeron;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The routing header in front of each federation message on an Aeron link: the receiving
 * instance's index, the receiving shard (or {@link #BY_NAME}) and the sending instance's index,
 * three little-endian 32-bit integers; then the SBE-encoded message. Link messages (hello,
 * status) carry {@link #LINK} as the receiving instance.
 */
final class FederationFrame {

    static final int LENGTH = 12;
    /** The receiving instance of a link message. */
    static final int LINK = -1;
    /** A shard the receiver picks by the user name the message carries. */
    static final int BY_NAME = -1;

    private FederationFrame() {
    }

    static void write(MutableDirectBuffer buffer, int destination, int shard, int from) {
        buffer.putInt(0, destination, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(4, shard, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(8, from, ByteOrder.LITTLE_ENDIAN);
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
