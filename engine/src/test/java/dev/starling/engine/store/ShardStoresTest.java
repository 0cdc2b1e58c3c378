package dev.starling.engine.store;

import dev.starling.spi.StoreUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardStoresTest {

    private static final StoreSizing SIZING = new StoreSizing(100, 10, 10, 40);

    @Test
    void shouldUpdateTimelineInPlaceAndPersistIt(@TempDir Path dir) {
        PairKey key = new PairKey().set(42, 0);
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            stores.timelines.put(key, new TimelineWindow().clear());
            TimelineWindow window = stores.timelines.getUsing(key, new TimelineWindow());
            assertTrue(window.insert(10, 1));
            assertTrue(window.insert(30, 3));
            assertTrue(window.insert(20, 2));
            assertFalse(window.insert(20, 2));
            TimelineWindow again = stores.timelines.getUsing(key, new TimelineWindow());
            assertEquals(3, again.size());
        }
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            TimelineWindow window = stores.timelines.getUsing(key, new TimelineWindow());
            assertEquals(3, window.size());
            assertEquals(30, window.stampAt(0));
            assertEquals(20, window.stampAt(1));
            assertEquals(10, window.stampAt(2));
            assertEquals(1, window.firstOlderThan(30));
        }
    }

    @Test
    void shouldKeepTheNewestEntriesWhenTheWindowIsFull(@TempDir Path dir) {
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            PairKey key = new PairKey().set(7, 0);
            stores.timelines.put(key, new TimelineWindow().clear());
            TimelineWindow window = stores.timelines.getUsing(key, new TimelineWindow());
            // Every other stamp first, then the gaps: exercises both head appends and shifted inserts.
            for (int i = 0; i < TimelineWindow.CAPACITY; i++) {
                window.insert(2L * i + 2, i);
            }
            for (int i = 0; i < TimelineWindow.CAPACITY; i++) {
                window.insert(2L * i + 1, 10_000 + i);
            }
            assertEquals(TimelineWindow.CAPACITY, window.size());
            for (int k = 0; k < TimelineWindow.CAPACITY; k++) {
                assertEquals(2L * TimelineWindow.CAPACITY - k, window.stampAt(k), "entry " + k);
            }
        }
    }

    @Test
    void shouldUpdateUserRecordInPlace(@TempDir Path dir) {
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            LongCell key = LongCell.of(5);
            stores.users.put(key, new UserRecord().init(5, "Alice_1"));
            UserRecord record = stores.users.getUsing(key, new UserRecord());
            record.messageCount(3);
            record.lastStamp(99);
            UserRecord again = stores.users.getUsing(key, new UserRecord());
            assertEquals(3, again.messageCount());
            assertEquals(99, again.lastStamp());
            assertEquals("Alice_1", again.name());
            assertEquals(5, again.userId());
        }
    }

    @Test
    void shouldKeepTheStampHighWaterMarkAcrossReopening(@TempDir Path dir) {
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            assertEquals(0, stores.stampHighWater());
            stores.useClock(new StampClock(0));
            assertEquals(1_000, stores.stamp(1_000, 0));
            assertEquals(1_001, stores.stamp(500, 0), "never below a stamp given before");
            assertEquals(1_002, stores.stamp(500, 1_001));
            assertEquals(1_002, stores.stampHighWater());
        }
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            assertEquals(1_002, stores.stampHighWater());
            assertEquals(1_003, stores.stamp(10, 0), "its own clock resumes from the mark");
        }
    }

    @Test
    void shouldStoreWindowsOfEverySizeAndGiveEachItsCapacityBack(@TempDir Path dir) {
        StoreSizing fewSmallTimelines = new StoreSizing(1, 1, 1, 1);
        PairKey key = new PairKey();
        int[] capacities = {1, TimelineWindow.INITIAL_CAPACITY, 100, TimelineWindow.CAPACITY};
        try (ShardStores stores = new ShardStores(dir, fewSmallTimelines)) {
            for (int user = 0; user < 200; user++) {
                int capacity = capacities[user % capacities.length];
                TimelineWindow window = new TimelineWindow(capacity).clear();
                for (int i = 0; i < capacity; i++) {
                    window.insert(i + 1, user * 1_000L + i);
                }
                stores.timelines.put(key.set(user, 0), window);
            }
        }
        try (ShardStores stores = new ShardStores(dir, fewSmallTimelines)) {
            for (int user = 0; user < 200; user++) {
                int capacity = capacities[user % capacities.length];
                TimelineWindow window = stores.timelines.getUsing(key.set(user, 0), TimelineWindow.view());
                assertEquals(capacity, window.capacity(), "user " + user);
                assertEquals(capacity, window.size());
                assertEquals(user * 1_000L + capacity - 1, window.messageIdAt(0), "newest first");
                assertEquals(user * 1_000L, window.messageIdAt(capacity - 1));
            }
        }
    }

    @Test
    void shouldTakeAboutTheBytesItsEntriesNeedForATimeline(@TempDir Path dir) {
        int users = 2_000;
        PairKey key = new PairKey();
        long small;
        long large;
        try (ShardStores stores = new ShardStores(dir.resolve("small"), new StoreSizing(users, 1, 1, 1))) {
            for (int user = 0; user < users; user++) {
                stores.timelines.put(key.set(user, 0), new TimelineWindow(TimelineWindow.INITIAL_CAPACITY).clear());
            }
            small = usage(stores, "home-timelines").bytes();
        }
        try (ShardStores stores = new ShardStores(dir.resolve("large"), new StoreSizing(users, 1, 1, 1))) {
            for (int user = 0; user < users; user++) {
                stores.timelines.put(key.set(user, 0), new TimelineWindow(TimelineWindow.CAPACITY).clear());
            }
            large = usage(stores, "home-timelines").bytes();
        }
        long fullWindows = users * TimelineWindow.SIZE;
        assertTrue(small < fullWindows / 10, "2,000 windows of 16 entries take " + small + " bytes, a tenth of "
                + fullWindows + " at most");
        assertTrue(large >= fullWindows, "2,000 full windows take " + large + " bytes");
    }

    private static StoreUsage usage(ShardStores stores, String name) {
        return stores.usage().stream().filter(u -> u.store().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldGrowEveryStoreAHundredTimesPastItsSizing(@TempDir Path dir) {
        StoreSizing tiny = new StoreSizing(1, 1, 1, 1);
        LongCell key = new LongCell();
        PairKey pair = new PairKey();
        StoredMessage message = new StoredMessage();
        int n = 2_000;
        try (ShardStores stores = new ShardStores(dir, tiny)) {
            for (int i = 0; i < n; i++) {
                stores.users.put(key.set(i), new UserRecord().init(i, "u" + i));
                stores.timelines.put(pair.set(i, 0), new TimelineWindow(100).clear()); // six times the average the sizing gives
                stores.names.put("u" + i, LongCell.of(i));
                stores.following.put(pair.set(i, i + 1), LongCell.of(i));
                stores.followers.put(pair.set(i + 1, 0), LongCell.of(i));
                stores.federationSequences.put(pair.set(i, 0), LongCell.of(i));
            }
            for (int i = 0; i < 100 * 1_024; i++) {
                stores.messages.put(key.set(i), message.set(i, "u@vub.be", "text " + i));
                stores.federationOutbox.put(pair.set(0, i), java.nio.ByteBuffer.wrap(("text " + i).getBytes()));
            }
            for (StoreUsage usage : stores.usage()) {
                assertTrue(usage.generations() > 1, usage.toString());
            }
        }
        try (ShardStores stores = new ShardStores(dir, tiny)) {
            for (int i = 0; i < n; i++) {
                assertEquals("u" + i, stores.users.getUsing(key.set(i), new UserRecord()).name());
                assertTrue(stores.timelines.containsKey(pair.set(i, 0)));
                assertEquals(i, stores.names.getUsing("u" + i, new LongCell()).get());
                assertTrue(stores.following.containsKey(pair.set(i, i + 1)));
                assertEquals(i, stores.followers.getUsing(pair.set(i + 1, 0), new LongCell()).get());
            }
            for (int i = 0; i < 100 * 1_024; i += 97) {
                assertEquals("text " + i, stores.messages.getUsing(key.set(i), message).text());
            }
        }
    }
}
