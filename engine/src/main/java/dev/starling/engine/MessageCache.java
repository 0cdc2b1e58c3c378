package dev.starling.engine;

import dev.starling.api.Message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Decoded messages of one instance, kept on the heap so that a read returns the same immutable
 * {@link Message} objects instead of decoding each from its store again. Messages never change
 * once stored, so a cached one is never stale.
 *
 * <p>A four-way set-associative array indexed by a hash of the message id: the ids of a set lie
 * side by side in a {@code long[]} (one cache line), so a look-up compares ids without touching
 * the messages, and the message array is read in parallel with them. Four ways rather than two:
 * at a fifth of the capacity in use, two ways lost about 2% of the look-ups of the assignment's
 * benchmark to sets that three messages kept evicting each other from.
 *
 * <p>Any thread may read and put without locks. A put first marks the slot empty, then writes the
 * message, then its id, each write ordered after the one before; a reader reads the id, the
 * message, and the id again, and keeps the message only if the id it wanted was there both times.
 * A message that replaced the one asked for is therefore never returned for it: its slot showed
 * "empty" between the two. A lost put only costs a later miss, which is read from the store.
 */
public final class MessageCache {

    private static final int WAYS = 4;
    private static final long EMPTY = -1;
    private static final VarHandle IDS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Message[].class);

    private final long[] ids;
    private final Message[] slots;
    private final int setMask;

    /** @param capacity slots, rounded up to a power of two (at least {@value #WAYS}) */
    public MessageCache(int capacity) {
        int wanted = Math.max(WAYS, capacity);
        int size = Integer.bitCount(wanted) == 1 ? wanted : Integer.highestOneBit(wanted) << 1;
        this.ids = new long[size];
        Arrays.fill(ids, EMPTY);
        this.slots = new Message[size];
        this.setMask = size / WAYS - 1;
    }

    public int capacity() {
        return slots.length;
    }

    /** The cached message with this id, or null. */
    public Message get(long messageId) {
        int base = (int) mix(messageId) & setMask;
        base *= WAYS;
        for (int way = base; way < base + WAYS; way++) {
            if ((long) IDS.getAcquire(ids, way) == messageId) {
                Message m = (Message) SLOTS.getAcquire(slots, way);
                if (m != null && (long) IDS.getAcquire(ids, way) == messageId) {
                    return m;
                }
                return null;
            }
        }
        return null;
    }

    public void put(Message message) {
        long id = message.id();
        long h = mix(id);
        int base = ((int) h & setMask) * WAYS;
        int target = -1;
        for (int way = base; way < base + WAYS; way++) {
            long present = (long) IDS.getAcquire(ids, way);
            if (present == id) {
                return; // messages never change: the one cached is the same
            }
            if (present == EMPTY && target < 0) {
                target = way;
            }
        }
        if (target < 0) {
            target = base + (int) (h >>> 40 & (WAYS - 1));
        }
        IDS.setOpaque(ids, target, EMPTY);
        SLOTS.setRelease(slots, target, message); // after the mark: a reader of the old id sees it changed
        IDS.setRelease(ids, target, id);
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
