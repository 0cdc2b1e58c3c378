package dev.starling.engine.store;

/**
 * A user's home timeline: a fixed window of the {@link #CAPACITY} most recent entries, each a
 * (stamp, message id) pair, kept sorted from oldest to newest in a ring over the entry's own
 * off-heap bytes. A new message usually lands at the head in O(1); an older one (a backfill, or
 * a delivery that overtook another) is inserted at its place by shifting the newer entries up,
 * so reads never sort. When the window is full the oldest entry falls out; it stays reachable
 * through its sender's profile.
 *
 * <p>The window also keeps what staleness needs: the newest stamp the last read returned (its
 * watermark) and whether a live entry older than that arrived since, which would make the next
 * read show an entry below ones the reader has already seen (an out-of-order read).
 */
public final class TimelineWindow extends Flyweight {

    /** Entries kept per timeline; Twitter kept 800, Mastodon 400. */
    public static final int CAPACITY = 800;

    private static final long COUNT = 0;
    private static final long HEAD = 4;
    private static final long WATERMARK = 8;
    private static final long LATE = 16;
    private static final long ENTRIES = 24;
    private static final long ENTRY_SIZE = 16;
    public static final long SIZE = ENTRIES + CAPACITY * ENTRY_SIZE;

    public TimelineWindow() {
        super();
    }

    @Override
    public long maxSize() {
        return SIZE;
    }

    /** Empties the window (for a new user's initial value). */
    public TimelineWindow clear() {
        writeInt(COUNT, 0);
        writeInt(HEAD, 0);
        writeLong(WATERMARK, 0);
        writeInt(LATE, 0);
        return this;
    }

    public int size() {
        return readInt(COUNT);
    }

    /** Stamp of the k-th newest entry (k = 0 is the newest). */
    public long stampAt(int k) {
        return readLong(slotOffset(slotOf(k)));
    }

    /** Message id of the k-th newest entry (k = 0 is the newest). */
    public long messageIdAt(int k) {
        return readLong(slotOffset(slotOf(k)) + 8);
    }

    /**
     * Inserts a live entry (a delivery) at its place by (stamp, id); one older than the last
     * read's watermark marks the window late.
     *
     * @return false when the entry was already there, or is older than a full window's oldest
     */
    public boolean insert(long stamp, long messageId) {
        boolean inserted = insertEntry(stamp, messageId);
        if (inserted && stamp < readLong(WATERMARK)) {
            writeInt(LATE, 1);
        }
        return inserted;
    }

    /** Inserts an entry of a backfill: old by nature, so it does not count as late. */
    public boolean insertBackfill(long stamp, long messageId) {
        return insertEntry(stamp, messageId);
    }

    /**
     * Notes a read of the newest entries that returned {@code newestReturned} at its top.
     *
     * @return true when a live entry older than the previous read's newest arrived since that read
     */
    public boolean noteRead(long newestReturned) {
        boolean late = readInt(LATE) != 0;
        if (late) {
            writeInt(LATE, 0);
        }
        if (newestReturned > readLong(WATERMARK)) {
            writeLong(WATERMARK, newestReturned);
        }
        return late;
    }

    private boolean insertEntry(long stamp, long messageId) {
        int count = readInt(COUNT);
        int head = readInt(HEAD);
        int k = 0;
        while (k < count) {
            long s = stampAt(k);
            long id = messageIdAt(k);
            if (s == stamp && id == messageId) {
                return false;
            }
            if (s < stamp || (s == stamp && id < messageId)) {
                break;
            }
            k++;
        }
        if (k == count && count == CAPACITY) {
            return false;
        }
        int newHead = (head + 1) % CAPACITY;
        if (count == 0) {
            newHead = 0;
        }
        // Move the k newer entries up one slot, newest first, then write the new entry below them.
        for (int j = 0; j < k; j++) {
            int from = Math.floorMod(head - j, CAPACITY);
            int to = Math.floorMod(newHead - j, CAPACITY);
            writeLong(slotOffset(to), readLong(slotOffset(from)));
            writeLong(slotOffset(to) + 8, readLong(slotOffset(from) + 8));
        }
        int at = Math.floorMod(newHead - k, CAPACITY);
        writeLong(slotOffset(at), stamp);
        writeLong(slotOffset(at) + 8, messageId);
        writeInt(HEAD, newHead);
        writeInt(COUNT, Math.min(count + 1, CAPACITY));
        return true;
    }

    /** Index of the first entry (newest first) strictly older than {@code beforeMicros}. */
    public int firstOlderThan(long beforeMicros) {
        int count = size();
        int lo = 0;
        int hi = count;
        while (lo < hi) { // stamps decrease with k: find the first k with stamp < before
            int mid = (lo + hi) >>> 1;
            if (stampAt(mid) < beforeMicros) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private int slotOf(int k) {
        return Math.floorMod(readInt(HEAD) - k, CAPACITY);
    }

    private static long slotOffset(int slot) {
        return ENTRIES + slot * ENTRY_SIZE;
    }
}
