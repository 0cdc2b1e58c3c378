package dev.starling.engine.store;

import net.openhft.chronicle.bytes.BytesStore;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process killed in the middle of a timeline update leaves the stores it had executed and no
 * more. Here every update (an insert, and the repair of a duplicate) is cut short after each
 * possible number of stores: the window must still show every entry it showed before (but the
 * one a full window evicts), in order, with at most one duplicate, and
 * {@link TimelineWindow#removeDuplicates} must leave those entries, each with its own stamp.
 */
class TimelineWindowCrashTest {

    /** Thrown by the store in place of the write that the "kill" stops. */
    private static final class Killed extends RuntimeException {
        Killed() {
            super(null, null, false, false);
        }
    }

    private record Entry(long stamp, long id) {
    }

    private static final Comparator<Entry> NEWEST_FIRST =
            Comparator.comparingLong(Entry::stamp).thenComparingLong(Entry::id).reversed();

    @Test
    void shouldKeepEveryEntryThroughAnInsertCutShortAnywhere() {
        SplittableRandom random = new SplittableRandom(7);
        for (int scenario = 0; scenario < 300; scenario++) {
            int size = scenario % 50 == 0 ? TimelineWindow.CAPACITY : random.nextInt(0, 24);
            List<Entry> before = randomEntries(random, size);
            Entry added = new Entry(random.nextLong(1, 2_000_000), 1_000_000 + scenario);
            List<Entry> after = new ArrayList<>(before);
            after.add(added);
            after.sort(NEWEST_FIRST);
            if (after.size() > TimelineWindow.CAPACITY) {
                after.remove(after.size() - 1);
            }
            cutShortEverywhere(windowOf(before), before, w -> w.insertBackfill(added.stamp(), added.id()), after);
        }
    }

    @Test
    void shouldRepairADuplicateEvenWhenTheRepairIsCutShort() {
        SplittableRandom random = new SplittableRandom(11);
        int duplicatesSeen = 0;
        for (int scenario = 0; scenario < 100; scenario++) {
            List<Entry> before = randomEntries(random, random.nextInt(2, 24));
            Entry added = new Entry(random.nextLong(1, 2_000_000), 1_000_000 + scenario);
            for (int budget = 0; ; budget++) {
                TimelineWindow torn = windowOf(before);
                if (!cutShort(torn, w -> w.insertBackfill(added.stamp(), added.id()), budget)) {
                    break;
                }
                List<Entry> shown = entries(torn);
                if (Set.copyOf(shown).size() == shown.size() && shown.stream().allMatch(e -> e.stamp() == stampOf(e.id(), before, added))) {
                    continue; // no duplicate in this torn state
                }
                duplicatesSeen++;
                List<Entry> correct = new ArrayList<>(new LinkedHashSet<>(shown.stream()
                        .filter(e -> e.stamp() == stampOf(e.id(), before, added)).toList()));
                cutShortEverywhere(torn, correct, w -> w.removeDuplicates(id -> stampOf(id, before, added)), correct);
            }
        }
        assertTrue(duplicatesSeen > 100, "torn inserts left duplicates to repair: " + duplicatesSeen);
    }

    private static long stampOf(long id, List<Entry> entries, Entry added) {
        return id == added.id() ? added.stamp() : entries.stream().filter(e -> e.id() == id).findFirst().orElseThrow().stamp();
    }

    /**
     * Runs {@code update} on copies of {@code start}, stopped after each possible number of
     * stores in turn. Each torn window must be in order with at most one duplicate, and once
     * {@link TimelineWindow#removeDuplicates} has run it must hold, each with its own stamp, every
     * entry both {@code before} and {@code after} hold and nothing else than theirs. Uncut, the
     * update must give exactly {@code after}.
     */
    private static void cutShortEverywhere(TimelineWindow start, List<Entry> before, Consumer<TimelineWindow> update,
                                           List<Entry> after) {
        Map<Long, Long> stamps = new HashMap<>();
        before.forEach(e -> stamps.put(e.id(), e.stamp()));
        after.forEach(e -> stamps.put(e.id(), e.stamp()));
        for (int budget = 0; ; budget++) {
            TimelineWindow window = new TimelineWindow();
            window.bytesStore(copyOf(start), 0, TimelineWindow.SIZE);
            boolean completed = !cutShort(window, update, budget);
            List<Entry> shown = entries(window);
            String context = "after " + budget + " stores, before " + before + ", shown " + shown;
            int duplicates = 0;
            for (int k = 1; k < shown.size(); k++) {
                duplicates += shown.get(k - 1).id() == shown.get(k).id() ? 1 : 0;
            }
            assertTrue(duplicates <= 1, "at most one duplicate " + context);
            // a copy cut between its two stores can carry its neighbour's stamp: it is the duplicate
            List<Entry> trueStamps = shown.stream().filter(e -> e.stamp() == stamps.get(e.id())).toList();
            assertTrue(shown.size() - trueStamps.size() <= duplicates, "a wrong stamp only on a duplicate " + context);
            for (int k = 1; k < trueStamps.size(); k++) {
                assertTrue(NEWEST_FIRST.compare(trueStamps.get(k - 1), trueStamps.get(k)) <= 0, "in order " + context);
            }
            if (completed) {
                assertEquals(after, shown, "the update done");
                return;
            }
            window.removeDuplicates(stamps::get);
            List<Entry> repaired = entries(window);
            for (Entry e : repaired) {
                assertTrue(before.contains(e) || after.contains(e), e + " is one of ours, with its stamp: " + context);
            }
            for (Entry e : before) {
                assertTrue(!after.contains(e) || repaired.contains(e), e + " survived: " + context);
            }
            assertEquals(Set.copyOf(repaired).size(), repaired.size(), "no duplicate left " + context);
        }
    }

    /** Runs {@code update} on {@code window} allowing {@code budget} stores; true when it was cut short. */
    private static boolean cutShort(TimelineWindow window, Consumer<TimelineWindow> update, int budget) {
        BytesStore<?, ?> real = window.bytesStore();
        long offset = window.offset();
        window.bytesStore(countingStore(real, new int[]{budget}), offset, TimelineWindow.SIZE);
        try {
            update.accept(window);
            return false;
        } catch (Killed killed) {
            return true;
        } finally {
            window.bytesStore(real, offset, TimelineWindow.SIZE);
        }
    }

    private static List<Entry> randomEntries(SplittableRandom random, int size) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            entries.add(new Entry(random.nextLong(1, 2_000_000), i + 1));
        }
        entries.sort(NEWEST_FIRST);
        return entries;
    }

    private static TimelineWindow windowOf(List<Entry> newestFirst) {
        TimelineWindow window = new TimelineWindow().clear();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            window.insertBackfill(newestFirst.get(i).stamp(), newestFirst.get(i).id());
        }
        assertEquals(newestFirst, entries(window));
        return window;
    }

    private static List<Entry> entries(TimelineWindow window) {
        List<Entry> entries = new ArrayList<>();
        for (int k = 0; k < window.size(); k++) {
            entries.add(new Entry(window.stampAt(k), window.messageIdAt(k)));
        }
        return entries;
    }

    private static BytesStore<?, ?> copyOf(TimelineWindow window) {
        byte[] bytes = new byte[Math.toIntExact(TimelineWindow.SIZE)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = window.bytesStore().readByte(window.offset() + i);
        }
        return BytesStore.wrap(bytes);
    }

    /** A store that makes {@code left[0]} more writes, then throws {@link Killed} instead of writing. */
    @SuppressWarnings("unchecked")
    private static BytesStore<?, ?> countingStore(BytesStore<?, ?> target, int[] left) {
        return (BytesStore<?, ?>) Proxy.newProxyInstance(BytesStore.class.getClassLoader(), new Class<?>[]{BytesStore.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("write")) {
                        if (left[0] == 0) {
                            throw new Killed();
                        }
                        left[0]--;
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
