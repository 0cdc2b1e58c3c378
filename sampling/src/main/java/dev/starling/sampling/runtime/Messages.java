package dev.starling.sampling.runtime;

import dev.starling.sampling.protocol.View;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The message layouts on the agents' ring buffers. Every message: {@code to, from, seq, count}, then
 * {@code count} pairs {@code (id, age)}. Exchange messages carry a buffer; control messages come from the
 * scenario (start with a first view, crash).
 */
final class Messages {
    static final int REQUEST = 1;
    static final int REPLY = 2;
    static final int START = 3;
    static final int CRASH = 4;

    static final int TO = 0;
    static final int FROM = 4;
    static final int SEQ = 8;
    static final int COUNT = 12;
    static final int ENTRIES = 16;

    private Messages() {
    }

    static int encode(MutableDirectBuffer out, int to, int from, int seq, View entries) {
        out.putInt(TO, to);
        out.putInt(FROM, from);
        out.putInt(SEQ, seq);
        int n = entries == null ? 0 : entries.size();
        out.putInt(COUNT, n);
        for (int i = 0; i < n; i++) {
            out.putInt(ENTRIES + 8 * i, entries.id(i));
            out.putInt(ENTRIES + 8 * i + 4, entries.age(i));
        }
        return ENTRIES + 8 * n;
    }

    static int encode(MutableDirectBuffer out, int to, int[] ids) {
        out.putInt(TO, to);
        out.putInt(FROM, -1);
        out.putInt(SEQ, 0);
        out.putInt(COUNT, ids.length);
        for (int i = 0; i < ids.length; i++) {
            out.putInt(ENTRIES + 8 * i, ids[i]);
            out.putInt(ENTRIES + 8 * i + 4, 0);
        }
        return ENTRIES + 8 * ids.length;
    }

    /** Reads the entries of a message at {@code offset} into {@code into} (cleared first). */
    static void decodeEntries(DirectBuffer in, int offset, int length, View into) {
        int n = in.getInt(offset + COUNT);
        if (n < 0 || ENTRIES + 8L * n > length || n > into.capacity()) {
            throw new IllegalArgumentException("malformed message: " + n + " entries in " + length + " bytes");
        }
        into.clear();
        for (int i = 0; i < n; i++) {
            into.add(in.getInt(offset + ENTRIES + 8 * i), in.getInt(offset + ENTRIES + 8 * i + 4));
        }
    }

    static int maxLength(int entries) {
        return ENTRIES + 8 * entries;
    }
}
