package dev.starling.engine.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A timeline window against a plain model of its contract, one thread, on heap windows: entries
 * ordered newest first by (stamp, id), each held once, the oldest dropped when a full window takes
 * a newer one and an older one refused; reads from a cursor with a limit; the late-entry flag that
 * staleness reads; removal of an entry and of the duplicates a torn update leaves; the copy into a
 * larger window.
 */
class TimelineWindowTest {

    /** An entry as the model holds it. */
    private record Entry(long stamp, long id) {
    }

    /** Newest first: higher stamp first, ties by higher id first (the window's order). */
    private static final Comparator<Entry> NEWEST_FIRST =
            Comparator.comparingLong(Entry::stamp).thenComparingLong(Entry::id).reversed();

    /** The contract of {@link TimelineWindow#insert} in a sorted set. */
    private static final class Model {
        final int capacity;
        final TreeSet<Entry> entries = new TreeSet<>(NEWEST_FIRST);
        long watermark;
        boolean late;

        Model(int capacity) {
            this.capacity = capacity;
        }

        boolean insert(Entry e, boolean live) {
            if (entries.contains(e)) {
                return false;
            }
            if (entries.size() == capacity && NEWEST_FIRST.compare(e, entries.last()) > 0) {
                return false; // older than a full window's oldest
            }
            entries.add(e);
            if (entries.size() > capacity) {
                entries.pollLast();
            }
            if (live && e.stamp() < watermark) {
                late = true;
            }
            return true;
        }

        boolean noteRead(long newest) {
            boolean wasLate = late;
            late = false;
            watermark = Math.max(watermark, newest);
            return wasLate;
        }

        /** Entries after the cursor in the window's order, at most {@code limit}. */
        List<Entry> read(long beforeStamp, long beforeId, int limit) {
            List<Entry> out = new ArrayList<>();
            for (Entry e : entries) {
                boolean after = beforeStamp == Long.MAX_VALUE || e.stamp() < beforeStamp
                        || (e.stamp() == beforeStamp && e.id() < beforeId);
                if (after && out.size() < limit) {
                    out.add(e);
                }
            }
            return out;
        }
    }

    private static List<Entry> contents(TimelineWindow window) {
        List<Entry> out = new ArrayList<>();
        for (int k = 0; k < window.size(); k++) {
            out.add(new Entry(window.stampAt(k), window.messageIdAt(k)));
        }
        return out;
    }

    private static List<Entry> read(TimelineWindow window, long beforeStamp, long beforeId, int limit) {
        long[] stamps = new long[TimelineWindow.CAPACITY];
        long[] ids = new long[TimelineWindow.CAPACITY];
        int n = window.readNewest(beforeStamp, beforeId, limit, stamps, ids);
        assertTrue(n >= 0, "a read with no writer beside it is never refused: " + n);
        List<Entry> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(new Entry(stamps[k], ids[k]));
        }
        return out;
    }

    /**
     * Random inserts (live and backfill, many ties of stamps and repeated entries), reads at
     * random cursors and limits, and watermark notes, against the model, for capacities from one
     * entry up (the full-size window is {@code ShardStoresTest}'s); every few steps the window is copied into a larger one and goes on
     * there, as its shard does when it grows.
     */
    @Test
    void shouldBehaveAsTheModelUnderRandomInsertsReadsAndCopies() {
        Random random = new Random(20_261_201L);
        for (int initial : new int[] {1, 2, 3, 5, 16, 17, 64}) {
            for (int run = 0; run < 5; run++) {
                int capacity = initial;
                TimelineWindow window = new TimelineWindow(capacity).clear();
                Model model = new Model(capacity);
                int stampRange = 4 + random.nextInt(3 * capacity + 4);
                int steps = 6 * capacity + 60;
                for (int step = 0; step < steps; step++) {
                    String where = "capacity " + capacity + ", run " + run + ", step " + step;
                    Entry e = new Entry(1 + random.nextInt(stampRange), random.nextInt(stampRange));
                    boolean live = random.nextInt(4) != 0;
                    boolean inserted = live ? window.insert(e.stamp(), e.id()) : window.insertBackfill(e.stamp(), e.id());
                    assertEquals(model.insert(e, live), inserted, where + ": insert of " + e);
                    assertEquals(List.copyOf(model.entries), contents(window), where);
                    assertEquals(model.entries.size() == capacity, window.isFull(), where);

                    if (random.nextInt(3) == 0) {
                        long newest = random.nextInt(stampRange + 2);
                        assertEquals(model.noteRead(newest), window.noteRead(newest), where + ": late flag");
                    }
                    long beforeStamp = random.nextInt(5) == 0 ? Long.MAX_VALUE : random.nextInt(stampRange + 2);
                    long beforeId = random.nextInt(3) == 0 ? Long.MIN_VALUE : random.nextInt(stampRange + 1);
                    int limit = random.nextInt(capacity + 2);
                    assertEquals(model.read(beforeStamp, beforeId, limit), read(window, beforeStamp, beforeId, limit),
                            where + ": read before (" + beforeStamp + ", " + beforeId + ") limit " + limit);
                    int first = model.read(beforeStamp, beforeId, Integer.MAX_VALUE).size();
                    assertEquals(model.entries.size() - first, window.firstAfter(beforeStamp, beforeId), where);

                    if (random.nextInt(40) == 0 && capacity < TimelineWindow.CAPACITY) {
                        int larger = Math.min(TimelineWindow.CAPACITY, capacity + 1 + random.nextInt(capacity + 1));
                        TimelineWindow copy = window.copyInto(new TimelineWindow(larger));
                        assertEquals(List.copyOf(model.entries), contents(copy), where + ": the copy");
                        assertEquals(model.noteRead(Long.MIN_VALUE), copy.noteRead(Long.MIN_VALUE),
                                where + ": the copy keeps the late flag");
                        Model grown = new Model(larger);
                        grown.entries.addAll(model.entries);
                        grown.watermark = model.watermark;
                        window = copy;
                        model = grown;
                        capacity = larger;
                    }
                }
            }
        }
    }

    @Test
    void shouldInsertBetweenEntriesOfTheSameStampByIdAndFindEachAsACursor() {
        TimelineWindow window = new TimelineWindow(8).clear();
        assertTrue(window.insert(10, 5));
        assertTrue(window.insert(10, 9));
        assertTrue(window.insert(10, 1));
        assertTrue(window.insert(10, 7));
        assertFalse(window.insert(10, 7), "an entry is held once");
        assertEquals(List.of(new Entry(10, 9), new Entry(10, 7), new Entry(10, 5), new Entry(10, 1)), contents(window));
        assertEquals(List.of(new Entry(10, 5), new Entry(10, 1)), read(window, 10, 7, 10),
                "a cursor on an entry continues right after it");
        assertEquals(List.of(), read(window, 10, Long.MIN_VALUE, 10), "by stamp alone: strictly older");
        assertEquals(4, window.firstOlderThan(10));
        assertEquals(0, window.firstOlderThan(11));
    }

    @Test
    void shouldDropTheOldestWhenFullAndRefuseAnEntryOlderThanAllItHolds() {
        TimelineWindow window = new TimelineWindow(3).clear();
        window.insert(20, 2);
        window.insert(30, 3);
        window.insert(40, 4);
        assertTrue(window.isFull());
        assertFalse(window.insert(10, 1), "older than a full window's oldest");
        assertFalse(window.insertBackfill(10, 1), "a backfill too");
        assertTrue(window.insert(25, 5), "newer than the oldest: the oldest falls out");
        assertEquals(List.of(new Entry(40, 4), new Entry(30, 3), new Entry(25, 5)), contents(window));
        assertTrue(window.insert(50, 6));
        assertEquals(List.of(new Entry(50, 6), new Entry(40, 4), new Entry(30, 3)), contents(window));
        assertEquals(3, window.size());
    }

    /**
     * The staleness word: a live entry older than the newest a read returned is reported by the
     * next note of a read, once; a backfill entry never is, nor an entry at the watermark itself.
     */
    @Test
    void shouldReportALateLiveEntryOnceToTheNextRead() {
        TimelineWindow window = new TimelineWindow(16).clear();
        window.insert(100, 1);
        assertFalse(window.noteRead(100), "nothing was read before");
        window.insert(100, 2);
        assertFalse(window.noteRead(100), "at the watermark is not older than it");
        window.insertBackfill(50, 3);
        assertFalse(window.noteRead(100), "a backfill is old by nature");
        window.insert(99, 4);
        assertTrue(window.noteRead(100), "a live entry below the watermark");
        assertFalse(window.noteRead(100), "reported once");
        window.insert(98, 5);
        assertTrue(window.noteRead(200), "reported by a read that also moves the watermark");
        window.insert(150, 6);
        assertTrue(window.noteRead(10), "the watermark never goes back: 150 is below 200");
        assertFalse(window.insert(150, 6), "already there");
        assertFalse(window.noteRead(10), "a refused insert marks nothing");
    }

    @Test
    void shouldRemoveAnEntryAndTheDuplicateATornUpdateLeavesKeepingTheMessagesOwnStamp() {
        TimelineWindow window = new TimelineWindow(4).clear();
        window.insert(10, 1);
        window.insert(20, 2);
        window.insert(30, 3);
        window.insert(40, 4); // full: the ring has wrapped once the next one lands
        window.insert(50, 5);
        window.removeAt(1);
        assertEquals(List.of(new Entry(50, 5), new Entry(30, 3), new Entry(20, 2)), contents(window));
        window.removeAt(0);
        assertEquals(List.of(new Entry(30, 3), new Entry(20, 2)), contents(window));
        assertTrue(window.insert(60, 6), "the head moved back: the next insert lands on top");
        assertEquals(List.of(new Entry(60, 6), new Entry(30, 3), new Entry(20, 2)), contents(window));
        window.removeAt(2);
        window.removeAt(1);
        window.removeAt(0);
        assertEquals(0, window.size());
        assertTrue(window.insert(70, 7));
        assertEquals(List.of(new Entry(70, 7)), contents(window));
        assertThrows(IndexOutOfBoundsException.class, () -> window.removeAt(1));
        assertThrows(IndexOutOfBoundsException.class, () -> window.removeAt(-1));

        // Message 8 shown twice, once with a stamp it was never stored with (as a torn shift
        // leaves it), next to message 9 shown twice with its own stamp first.
        TimelineWindow torn = new TimelineWindow(8).clear();
        torn.insert(80, 8);
        torn.insert(79, 8);
        torn.insert(90, 9);
        torn.insert(91, 9);
        torn.insert(95, 10);
        assertEquals(2, torn.removeDuplicates(id -> id * 10));
        assertEquals(List.of(new Entry(95, 10), new Entry(90, 9), new Entry(80, 8)), contents(torn));
        assertEquals(0, torn.removeDuplicates(id -> id * 10), "none left");

        // A full window of two: removing the newer copy leaves its bytes in the slot right below
        // the one entry left, which is no neighbour of it.
        TimelineWindow pair = new TimelineWindow(2).clear();
        pair.insert(31, 9);
        pair.insert(30, 9);
        assertEquals(1, pair.removeDuplicates(id -> 30));
        assertEquals(List.of(new Entry(30, 9)), contents(pair));
    }

    @Test
    void shouldRefuseCapacitiesAndSizesThatAreNoWindow() {
        assertThrows(IllegalArgumentException.class, () -> new TimelineWindow(0));
        assertThrows(IllegalArgumentException.class, () -> new TimelineWindow(TimelineWindow.CAPACITY + 1));
        assertEquals(1, new TimelineWindow(1).capacity());
        assertEquals(TimelineWindow.CAPACITY, new TimelineWindow(TimelineWindow.CAPACITY).capacity());
        assertEquals(TimelineWindow.SIZE, new TimelineWindow().maxSize());
        assertEquals(TimelineWindow.sizeOf(5), new TimelineWindow(5).maxSize());
        assertEquals(16, TimelineWindow.sizeOf(2) - TimelineWindow.sizeOf(1), "16 bytes an entry");

        TimelineWindow view = TimelineWindow.view();
        byte[] bytes = new byte[(int) TimelineWindow.sizeOf(TimelineWindow.CAPACITY)];
        net.openhft.chronicle.bytes.BytesStore<?, ?> store = net.openhft.chronicle.bytes.BytesStore.wrap(bytes);
        view.bytesStore(store, 0, TimelineWindow.sizeOf(3));
        assertEquals(3, view.capacity());
        view.bytesStore(store, 0, TimelineWindow.sizeOf(1));
        assertEquals(1, view.capacity());
        view.bytesStore(store, 0, TimelineWindow.SIZE);
        assertEquals(TimelineWindow.CAPACITY, view.capacity());
        for (long length : new long[] {TimelineWindow.sizeOf(0), TimelineWindow.sizeOf(3) + 8,
                TimelineWindow.sizeOf(TimelineWindow.CAPACITY + 1), TimelineWindow.sizeOf(1) - 1}) {
            assertThrows(IllegalArgumentException.class, () -> view.bytesStore(store, 0, length), length + " bytes");
        }
        TimelineWindow full = new TimelineWindow(4).clear();
        for (int i = 0; i < 4; i++) {
            full.insert(i, i);
        }
        assertThrows(IllegalArgumentException.class, () -> full.copyInto(new TimelineWindow(3)));
        assertEquals(contents(full), contents(full.copyInto(new TimelineWindow(4))), "a window of the same size fits");
    }

    /** A replaced window answers every read with {@link TimelineWindow#MOVED_AWAY}, and a copy starts unmoved. */
    @Test
    void shouldSendReadersOfAReplacedWindowToLookAgain() {
        TimelineWindow window = new TimelineWindow(2).clear();
        window.insert(10, 1);
        assertFalse(window.moved());
        TimelineWindow larger = window.copyInto(new TimelineWindow(4));
        window.markMoved();
        assertTrue(window.moved());
        long[] stamps = new long[TimelineWindow.CAPACITY];
        long[] ids = new long[TimelineWindow.CAPACITY];
        assertEquals(TimelineWindow.MOVED_AWAY, window.readNewest(Long.MAX_VALUE, 10, stamps, ids));
        assertFalse(larger.moved());
        assertEquals(1, larger.readNewest(Long.MAX_VALUE, 10, stamps, ids));
        assertTrue(larger.insert(20, 2));
        assertEquals(List.of(new Entry(20, 2), new Entry(10, 1)), contents(larger));
        assertEquals(List.of(new Entry(20, 2), new Entry(10, 1)), read(larger, Long.MAX_VALUE, Long.MIN_VALUE, 5));
    }

    /** Cleared, a window is empty with no watermark, whatever it held, and reads as any window. */
    @Test
    void shouldClearEntriesAndTheWatermark() {
        TimelineWindow window = new TimelineWindow(4).clear();
        window.insert(10, 1);
        window.noteRead(100);
        window.markMoved();
        window.clear();
        assertEquals(0, window.size());
        assertFalse(window.moved());
        assertEquals(List.of(), read(window, Long.MAX_VALUE, Long.MIN_VALUE, 10));
        window.insert(50, 2);
        assertFalse(window.noteRead(60), "no watermark left: 50 is not late");
        assertEquals(List.of(new Entry(50, 2)), contents(window));
    }
}
