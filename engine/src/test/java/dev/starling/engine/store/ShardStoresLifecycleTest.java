package dev.starling.engine.store;

import dev.starling.spi.StoreUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard's stores from opening to closing: the mark that tells a killed process's stores from
 * closed ones, the stamp high-water mark of stores made before it was kept, what each store
 * reports holding, and the average window the timelines store is sized for.
 */
class ShardStoresLifecycleTest {

    private static final StoreSizing SIZING = new StoreSizing(100, 10, 10, 40);

    @Test
    void shouldTellStoresLeftOpenByAKilledProcessFromClosedOnes(@TempDir Path dir) throws Exception {
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            assertFalse(stores.recovered(), "new stores");
            assertTrue(Files.exists(dir.resolve("OPEN")), "marked in use while open");
        }
        assertFalse(Files.exists(dir.resolve("OPEN")), "a clean close removes the mark");
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            assertFalse(stores.recovered(), "closed before: nothing to recover");
            stores.names.put("alice", LongCell.of(7));
        }
        Files.writeString(dir.resolve("OPEN"), "in use\n"); // as a killed process leaves it
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            assertTrue(stores.recovered(), "the mark was found: opened through recovery");
            assertEquals(7, stores.names.getUsing("alice", new LongCell()).get(), "and the data is there");
        }
        assertFalse(Files.exists(dir.resolve("OPEN")));
    }

    /**
     * Stores made before the high-water mark was kept: the first open computes it from the
     * users' last stamps, keeps it, and the shard's clock resumes above it.
     */
    @Test
    void shouldComputeTheStampHighWaterMarkOfOlderStoresFromTheUsersLastStamps(@TempDir Path dir) {
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            LongCell key = new LongCell();
            long[] lastStamps = {5_000, 9_000, 7_000};
            for (int user = 0; user < lastStamps.length; user++) {
                stores.users.put(key.set(user), new UserRecord().init(user, "u" + user));
                stores.users.getUsing(key.set(user), new UserRecord()).lastStamp(lastStamps[user]);
            }
            stores.names.remove(ShardStores.STAMP_HIGH_WATER_KEY); // as stores of an older layout hold it
        }
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            assertEquals(9_000, stores.stampHighWater());
            assertEquals(9_001, stores.stamp(100, 0), "the shard's own clock starts above it");
        }
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            assertEquals(9_001, stores.stampHighWater(), "kept from then on");
        }
    }

    @Test
    void shouldGiveStampsLaterThanTheReceptionAndTheSendersLastStamp(@TempDir Path dir) {
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            StampClock shared = new StampClock(100);
            stores.useClock(shared);
            assertEquals(101, stores.stamp(50, 0), "above what the instance's clock gave");
            assertEquals(500, stores.stamp(500, 0), "the reception time when it is ahead");
            assertEquals(801, stores.stamp(600, 800), "after the sender's last stamp");
            assertEquals(801, shared.last(), "the shared clock moved");
            assertEquals(801, stores.stampHighWater());
        }
    }

    @Test
    void shouldReportEveryStoreByName(@TempDir Path dir) {
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            stores.names.put("alice", LongCell.of(1));
            stores.names.put("bob", LongCell.of(2));
            List<StoreUsage> usage = stores.usage();
            assertEquals(List.of("names", "users", "messages", "home-timelines", "following", "followers",
                    "federation-outbox", "federation-sequences"), usage.stream().map(StoreUsage::store).toList());
            assertEquals(3, usage.get(0).entries(), "two names and the stamp mark: " + usage.get(0));
            for (StoreUsage u : usage) {
                assertEquals(1, u.generations(), u.toString());
                assertTrue(u.bytes() > 0, u.toString());
            }
        }
    }

    /** Windows double as they fill, so on average they have a third more room than they hold; 16 to 800. */
    @Test
    void shouldSizeTheTimelinesStoreForTheWindowItsUsersAreExpectedToHave() {
        assertEquals(133, ShardStores.averageWindowCapacity(new StoreSizing(1, 10, 10, 1)), "100 entries expected");
        assertEquals(TimelineWindow.INITIAL_CAPACITY, ShardStores.averageWindowCapacity(new StoreSizing(1, 1, 3, 1)));
        assertEquals(TimelineWindow.CAPACITY, ShardStores.averageWindowCapacity(new StoreSizing(1, 30, 30, 1)));
        assertEquals(TimelineWindow.CAPACITY, ShardStores.averageWindowCapacity(new StoreSizing(1, 700, 1, 1)),
                "more than a full window expected: a full window");
        assertEquals(40, ShardStores.averageWindowCapacity(new StoreSizing(1, 5, 6, 1)));
    }

    /**
     * A store that cannot be opened (here a directory where its file goes): the stores opened
     * before it are closed and the in-use mark removed, so the next open, once the path is
     * cleared, is not taken for a killed process's stores.
     */
    @Test
    void shouldCloseWhatItOpenedWhenAStoreCannotBeOpened(@TempDir Path dir) throws Exception {
        Path inTheWay = dir.resolve("followers.cm3");
        Files.createDirectories(inTheWay);
        RuntimeException failure = assertThrows(RuntimeException.class, () -> new ShardStores(dir, SIZING));
        assertTrue(failure.getMessage().contains(inTheWay.toString()), "names the store: " + failure.getMessage());
        assertFalse(Files.exists(dir.resolve("OPEN")), "no in-use mark left behind");
        Files.delete(inTheWay);
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            assertFalse(stores.recovered());
        }
    }
}
