package dev.starling.engine;

import dev.starling.api.Message;

/**
 * Decoded messages of one instance, kept on the heap so that a read returns the same immutable
 * {@link Message} objects instead of decoding each from its store again. Messages never change
 * once stored, so a cached one is never stale.
 *
 * <p>A two-way set-associative array indexed by a hash of the message id: a look-up reads two
 * adjacent slots and compares ids; a put fills an empty slot of the pair or replaces one picked by
 * the id's hash. Any thread may read and put without locks: a slot holds a reference to a record
 * whose fields are final, so a reader sees either the old message, the new one or nothing, each
 * complete (JLS 17.5), and a lost put only costs a later miss. A miss is read from the store.
 */
public final class MessageCache {

    private final Message[] slots;
    private final int mask;

    /** @param capacity slots, rounded up to a power of two (at least 2) */
    public MessageCache(int capacity) {
        int wanted = Math.max(2, capacity);
        int size = Integer.bitCount(wanted) == 1 ? wanted : Integer.highestOneBit(wanted) << 1;
        this.slots = new Message[size];
        this.mask = size - 2; // the first slot of a pair: even indices only
    }

    int capacity() {
        return slots.length;
    }

    /** The cached message with this id, or null. */
    Message get(long messageId) {
        int i = index(messageId);
        Message m = slots[i];
        if (m != null && m.id() == messageId) {
            return m;
        }
        m = slots[i + 1];
        return m != null && m.id() == messageId ? m : null;
    }

    void put(Message message) {
        long h = mix(message.id());
        int i = (int) h & mask;
        if (slots[i] == null || slots[i].id() == message.id()) {
            slots[i] = message;
        } else if (slots[i + 1] == null) {
            slots[i + 1] = message;
        } else {
            slots[i + (int) (h >>> 40 & 1)] = message;
        }
    }

    private int index(long messageId) {
        return (int) mix(messageId) & mask;
    }

    /** A 64-bit finalizer (MurmurHash3's fmix64): ids differ mostly in their high bits. */
    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        return x ^ (x >>> 33);
    }
}
