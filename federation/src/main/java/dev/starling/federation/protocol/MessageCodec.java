package dev.starling.federation.protocol;

import dev.starling.api.Message;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes messages into a federation payload and back: a count, then for each message its id,
 * stamp, sender and text (UTF-8, length-prefixed, Agrona's layout). The sender is written with
 * each message because a profile page from one user and a backfill share the same format.
 */
final class MessageCodec {

    private MessageCodec() {
    }

    /** Writes a string at {@code offset}; returns the offset after it. */
    static int putString(MutableDirectBuffer buffer, int offset, String value) {
        return offset + buffer.putStringUtf8(offset, value);
    }

    /** Reads the string at {@code offset}. */
    static String getString(DirectBuffer buffer, int offset) {
        return buffer.getStringUtf8(offset);
    }

    /** The offset just after the string at {@code offset}. */
    static int skipString(DirectBuffer buffer, int offset) {
        return offset + Integer.BYTES + buffer.getInt(offset);
    }

    /** Writes {@code messages} from {@code offset}; returns the offset after them. */
    static int putMessages(MutableDirectBuffer buffer, int offset, List<Message> messages) {
        buffer.putInt(offset, messages.size());
        int at = offset + Integer.BYTES;
        for (Message message : messages) {
            at = putMessage(buffer, at, message.id(), message.timestampMicros(), message.sender(), message.text());
        }
        return at;
    }

    /** Writes one message at {@code offset}; returns the offset after it. */
    static int putMessage(MutableDirectBuffer buffer, int offset, long id, long stamp, String sender, String text) {
        buffer.putLong(offset, id);
        buffer.putLong(offset + Long.BYTES, stamp);
        int at = putString(buffer, offset + 2 * Long.BYTES, sender);
        return putString(buffer, at, text);
    }

    /** Reads the messages written by {@link #putMessages} at {@code offset}. */
    static List<Message> getMessages(DirectBuffer buffer, int offset) {
        int count = buffer.getInt(offset);
        List<Message> messages = new ArrayList<>(count);
        int at = offset + Integer.BYTES;
        for (int i = 0; i < count; i++) {
            long id = buffer.getLong(at);
            long stamp = buffer.getLong(at + Long.BYTES);
            at += 2 * Long.BYTES;
            String sender = getString(buffer, at);
            at = skipString(buffer, at);
            String text = getString(buffer, at);
            at = skipString(buffer, at);
            messages.add(new Message(id, sender, text, stamp));
        }
        return messages;
    }
}
