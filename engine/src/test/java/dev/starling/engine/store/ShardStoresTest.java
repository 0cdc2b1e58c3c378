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
        LongCell key = LongCell.of(42);
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
            LongCell key = LongCell.of(7);
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
    void shouldGrowEveryStoreAHundredTimesPastItsSizing(@TempDir Path dir) {
        StoreSizing tiny = new StoreSizing(1, 1, 1, 1);
        LongCell key = new LongCell();
        PairKey pair = new PairKey();
        StoredMessage message = new StoredMessage();
        int n = 2_000;
        try (ShardStores stores = new ShardStores(dir, tiny)) {
            for (int i = 0; i < n; i++) {
                stores.users.put(key.set(i), new UserRecord().init(i, "u" + i));
                stores.timelines.put(key, new TimelineWindow().clear());
                stores.names.put("u" + i, LongCell.of(i));
                stores.following.put(pair.set(i, i + 1), LongCell.of(i));
                stores.followers.put(pair.set(i + 1, 0), LongCell.of(i));
            }
            for (int i = 0; i < 100 * 1_024; i++) {
                stores.messages.put(key.set(i), message.set(i, "u@vub.be", "text " + i));
            }
            for (StoreUsage usage : stores.usage()) {
                assertTrue(usage.generations() > 1, usage.toString());
            }
        }
        try (ShardStores stores = new ShardStores(dir, tiny)) {
            for (int i = 0; i < n; i++) {
                assertEquals("u" + i, stores.users.getUsing(key.set(i), new UserRecord()).name());
                assertTrue(stores.timelines.containsKey(key));
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
