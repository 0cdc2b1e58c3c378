package dev.starling.engine.store;

import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A store that outgrows its configured size many times over, and what a reopen finds. */
class GrowingMapTest {

    private static GrowingMap<LongCell, LongCell> open(Path dir, long entries) throws IOException {
        return new GrowingMap<>(dir, "cells", ChronicleMapBuilder.of(LongCell.class, LongCell.class)
                .skipCloseOnExitHook(true), entries, null);
    }

    @Test
    void shouldTakeAThousandTimesItsSizeAndFindEverythingAfterReopening(@TempDir Path dir) throws IOException {
        LongCell key = new LongCell();
        LongCell value = new LongCell();
        int n = 16_000;
        try (GrowingMap<LongCell, LongCell> map = open(dir, 16)) {
            for (int i = 0; i < n; i++) {
                map.put(key.set(i), value.set(i * 3L));
            }
            assertTrue(map.generations() > 1 && map.generations() <= 7, "a few generations: " + map.generations());
            assertEquals(n, map.longSize());
            checkAll(map, n);
        }
        try (GrowingMap<LongCell, LongCell> map = open(dir, 16)) {
            assertEquals(n, map.longSize());
            checkAll(map, n);
            map.put(key.set(n), value.set(n * 3L));
            checkAll(map, n + 1);
        }
    }

    /** Puts keys from 100 on (each its own value) until the map has {@code generations}. */
    private static void growTo(GrowingMap<LongCell, LongCell> map, int generations) {
        LongCell key = new LongCell();
        LongCell value = new LongCell();
        for (int i = 100; map.generations() < generations; i++) {
            map.put(key.set(i), value.set(i));
        }
    }

    private static void checkAll(GrowingMap<LongCell, LongCell> map, int n) {
        LongCell key = new LongCell();
        LongCell out = new LongCell();
        for (int i = 0; i < n; i++) {
            assertEquals(i * 3L, map.getUsing(key.set(i), out).get(), "key " + i);
            assertTrue(map.containsKey(key));
        }
        assertNull(map.getUsing(key.set(-1), out));
        assertFalse(map.containsKey(key));
        Set<Long> keys = new HashSet<>();
        for (LongCell k : map.keySet()) {
            assertTrue(keys.add(k.get()), "key " + k + " handed out twice");
        }
        assertEquals(n, keys.size(), "each key in one generation");
    }

    /**
     * Crash repair walks the stores' keys and entries and uses each after the walk moved on.
     * Chronicle points a flyweight it iterates at its iteration's memory, which the next segment
     * reuses: kept as such, most keys read as some other segment's bytes, and the repair misses
     * the entries it was walking for.
     */
    @Test
    void shouldHandOutEveryKeyAndValueAsCopiesThatStayValidAfterTheWalk(@TempDir Path dir) throws IOException {
        LongCell key = new LongCell();
        LongCell value = new LongCell();
        int n = 4_000;
        try (GrowingMap<LongCell, LongCell> map = open(dir, 256)) {
            for (int i = 0; i < n; i++) {
                map.put(key.set(i), value.set(i * 3L));
            }
            assertTrue(map.generations() > 1, "several generations: " + map.generations());
            List<LongCell> keys = new ArrayList<>();
            map.keySet().forEach(keys::add);
            List<Map.Entry<LongCell, LongCell>> entries = new ArrayList<>();
            map.entrySet().forEach(entries::add);
            map.put(key.set(n), value.set(-1)); // the map moves on: copies stay what they were

            Set<Long> keysSeen = new HashSet<>();
            keys.forEach(k -> keysSeen.add(k.get()));
            assertEquals(n, keys.size());
            assertEquals(n, keysSeen.size(), "every key once, each still itself once the walk is over");
            Set<Long> entriesSeen = new HashSet<>();
            for (Map.Entry<LongCell, LongCell> entry : entries) {
                assertEquals(entry.getKey().get() * 3L, entry.getValue().get(), "the value of key " + entry.getKey());
                entriesSeen.add(entry.getKey().get());
            }
            assertEquals(keysSeen, entriesSeen);
            for (long i = 0; i < n; i++) {
                assertTrue(keysSeen.contains(i), "key " + i);
            }
        }
    }

    @Test
    void shouldRewriteAKeyInTheGenerationThatHoldsItSoPinnedViewsSeeIt(@TempDir Path dir) throws IOException {
        LongCell key = new LongCell();
        LongCell value = new LongCell();
        try (GrowingMap<LongCell, LongCell> map = open(dir, 16)) {
            map.put(key.set(7), value.set(1));
            LongCell pinned = map.getUsing(key, new LongCell());
            pinned.pin();
            growTo(map, 3);
            map.put(key.set(7), value.set(2));
            assertEquals(2, pinned.get(), "rewritten in place, in the first generation");
            pinned.set(3);
            assertEquals(3, map.getUsing(key.set(7), new LongCell()).get());
        }
    }

    @Test
    void shouldRemoveAGenerationLeftUnfinishedByAKill(@TempDir Path dir) throws IOException {
        LongCell key = new LongCell();
        LongCell value = new LongCell();
        try (GrowingMap<LongCell, LongCell> map = open(dir, 16)) {
            for (int i = 0; i < 20; i++) {
                map.put(key.set(i), value.set(i));
            }
            assertEquals(1, map.generations());
        }
        Path half = dir.resolve("cells.1.cm3");
        Files.write(half, new byte[100]); // a file, without its ready mark: the kill came while making it
        try (GrowingMap<LongCell, LongCell> map = open(dir, 16)) {
            assertEquals(1, map.generations());
            assertFalse(Files.exists(half));
            for (int i = 20; i < 2_000; i++) {
                map.put(key.set(i), value.set(i));
            }
            assertTrue(map.generations() > 1);
            assertEquals(2_000, map.longSize());
            assertEquals(19, map.getUsing(key.set(19), new LongCell()).get());
        }
        try (GrowingMap<LongCell, LongCell> map = open(dir, 16)) {
            assertEquals(2_000, map.longSize());
        }
    }

    @Test
    void shouldAddAGenerationAheadWhenTheNewestHasNoTierLeft(@TempDir Path dir) throws IOException {
        LongCell key = new LongCell();
        LongCell value = new LongCell();
        try (GrowingMap<LongCell, LongCell> map = open(dir, 16)) {
            int i = 0;
            while (map.generations() == 1) {
                map.reserve(2);
                int before = map.generations();
                map.put(key.set(i), value.set(i));
                map.put(key.set(i + 1_000_000), value.set(i));
                assertEquals(before, map.generations(), "two puts after reserve(2) never add a generation");
                i++;
            }
        }
    }

    /**
     * {@code reserve(k)} adds a generation only when the newest has fewer than {@code k} tiers
     * left: a new store has room for {@link GrowingMap#BLOAT} tiers, so reserving two puts adds
     * none; reserved one put at a time, the first generation takes more entries before the second
     * is added than when reserved two at a time.
     */
    @Test
    void shouldAddAGenerationOnlyWhenFewerTiersAreLeftThanReserved(@TempDir Path dir) throws IOException {
        long reservedTwoAtATime = entriesOfTheFirstGeneration(dir.resolve("two"), 2);
        assertTrue(reservedTwoAtATime > 0, "a new store has room for two puts");
        assertTrue(entriesOfTheFirstGeneration(dir.resolve("one"), 1) > reservedTwoAtATime);
    }

    private static long entriesOfTheFirstGeneration(Path dir, int reserved) throws IOException {
        Files.createDirectories(dir);
        LongCell key = new LongCell();
        LongCell value = new LongCell();
        try (GrowingMap<LongCell, LongCell> map = open(dir, 16)) {
            long i = 0;
            while (true) {
                map.reserve(reserved);
                if (map.generations() > 1) {
                    return i;
                }
                map.put(key.set(i), value.set(i));
                i++;
            }
        }
    }

    @Test
    void shouldSayWhetherItRemovedAKeyFromAnyGeneration(@TempDir Path dir) throws IOException {
        LongCell key = new LongCell();
        LongCell value = new LongCell();
        try (GrowingMap<LongCell, LongCell> map = open(dir, 16)) {
            map.put(key.set(1), value.set(1));
            growTo(map, 2);
            assertTrue(map.remove(key.set(1)), "held by the first generation");
            assertFalse(map.remove(key.set(1)), "removed already");
            assertFalse(map.remove(key.set(-5)), "never held");
            assertNull(map.getUsing(key.set(1), new LongCell()));
        }
    }

    /** Only Chronicle's "no extra tier left" is room to find in a new generation; any other failure is a failure. */
    @Test
    void shouldTellChroniclesOutOfTiersFromOtherFailures() {
        assertTrue(GrowingMap.isOutOfTiers(new IllegalStateException(
                "cells: Attempt to allocate #17 extra segment tier, 16 is maximum.")));
        assertFalse(GrowingMap.isOutOfTiers(new IllegalStateException("cells: closed")));
        assertFalse(GrowingMap.isOutOfTiers(new IllegalStateException()));
    }
}
