package dev.starling.engine.store;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A shard's federation journal: numbers per destination, kept events read back after a reopen,
 * forgotten ones gone, the last number found again even when a kill fell between keeping an event
 * and counting its number, applied numbers per incoming stream and epoch kept, and an epoch of its
 * own per journal.
 */
class FederationJournalTest {

    private static final StoreSizing SIZING = new StoreSizing(10, 1, 1, 1);
    private static final long MESSAGE = 0x1234_5678_9ABCL;

    @Test
    void shouldNumberKeepAndForgetAcrossAReopen(@TempDir Path dir) {
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            FederationJournal journal = stores.federationJournal();
            assertEquals(1, journal.keepNext(3, 1, MESSAGE, bytes("first to 3"), 10));
            assertEquals(2, journal.keepNext(3, 0, MESSAGE, bytes("second to 3"), 11));
            assertEquals(1, journal.keepNext(5, 1, MESSAGE, bytes("first to 5"), 10));
            assertEquals(3, journal.keepNext(3, 1, MESSAGE, bytes("third to 3"), 10));
            journal.forget(3, 1);
            journal.applied(2, 1, 77, 41);
        }
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            FederationJournal journal = stores.federationJournal();
            Int2ObjectHashMap<LongArrayList> kept = journal.keptByDestination();
            assertEquals("[2, 3]", kept.get(3).toString());
            assertEquals("[1]", kept.get(5).toString());
            assertEquals(3, journal.lastSequence(3, kept.get(3)));
            assertNull(journal.kept(3, 1));
            ByteBuffer second = journal.kept(3, 2);
            assertEquals(0, FederationJournal.keptShard(second), "the receiving shard is kept");
            assertEquals(MESSAGE, FederationJournal.keptMessage(second), "the message delivered is kept");
            assertEquals("second to 3", text(second));
            assertEquals(4, journal.keepCopy(3, second), "a copy for the same destination takes the next number");
            assertEquals("second to 3", text(journal.kept(3, 4)));
            assertEquals(MESSAGE, FederationJournal.keptMessage(journal.kept(3, 4)));
            assertEquals(41, journal.applied(2, 1, 77));
            assertEquals(0, journal.applied(2, 0, 77));
            assertEquals(0, journal.applied(2, 1, 78), "a stream numbered afresh (another epoch) starts at 0");
            assertEquals(5, journal.keepNext(3, 1, MESSAGE, bytes("fourth to 3"), 11));
        }
    }

    @Test
    void shouldFindAnEventKeptJustBeforeAKillAboveTheCount(@TempDir Path dir) {
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            stores.federationJournal().keepNext(7, 0, MESSAGE, bytes("counted"), 7);
            // what a kill between storing the event and counting its number leaves
            stores.federationOutbox.put(new PairKey().set(7, 2), ByteBuffer.wrap(new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'x'}));
        }
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            FederationJournal journal = stores.federationJournal();
            LongArrayList kept = journal.keptByDestination().get(7);
            assertEquals(2, journal.lastSequence(7, kept));
            assertEquals(3, journal.keepNext(7, 0, MESSAGE, bytes("next"), 4), "no number is given twice");
        }
    }

    @Test
    void shouldKeepItsEpochAndDrawAnotherForFreshStores(@TempDir Path dir) {
        long epoch;
        try (ShardStores stores = new ShardStores(dir.resolve("a"), SIZING)) {
            epoch = stores.federationJournal().epoch();
        }
        try (ShardStores stores = new ShardStores(dir.resolve("a"), SIZING)) {
            assertEquals(epoch, stores.federationJournal().epoch());
        }
        try (ShardStores stores = new ShardStores(dir.resolve("b"), SIZING)) {
            assertNotEquals(epoch, stores.federationJournal().epoch());
        }
    }

    /** Deliveries far larger than the journal's first buffer are kept whole, and read back between small ones. */
    @Test
    void shouldKeepDeliveriesOfAnySize(@TempDir Path dir) {
        String large = "L".repeat(5_000);
        String larger = "M".repeat(40_000);
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            FederationJournal journal = stores.federationJournal();
            journal.keepNext(3, 1, MESSAGE, bytes("small"), 5);
            journal.keepNext(3, 2, MESSAGE + 1, bytes(large), large.length());
            journal.keepNext(3, 3, MESSAGE + 2, bytes(larger), larger.length());
            assertEquals(3, journal.keptCount());
            checkKept(journal, 3, 3, MESSAGE + 2, larger);
            checkKept(journal, 1, 1, MESSAGE, "small");
            checkKept(journal, 2, 2, MESSAGE + 1, large);
        }
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            FederationJournal journal = stores.federationJournal();
            assertEquals(3, journal.keptCount());
            checkKept(journal, 2, 2, MESSAGE + 1, large);
            checkKept(journal, 3, 3, MESSAGE + 2, larger);
        }
    }

    /** Delivery {@code sequence} to instance 3 as kept: its receiving shard, message and bytes. */
    private static void checkKept(FederationJournal journal, long sequence, int shard, long message, String text) {
        ByteBuffer kept = journal.kept(3, sequence);
        assertEquals(shard, FederationJournal.keptShard(kept));
        assertEquals(message, FederationJournal.keptMessage(kept));
        assertEquals(text, text(kept));
    }

    /** Applied numbers are kept per sending instance and shard: streams of two instances' same shard stay apart. */
    @Test
    void shouldKeepTheAppliedNumbersOfEveryStreamApart(@TempDir Path dir) {
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            FederationJournal journal = stores.federationJournal();
            journal.applied(1, 0, 77, 10);
            journal.applied(2, 0, 77, 20);
            journal.applied(1, 1, 77, 30);
            assertEquals(10, journal.applied(1, 0, 77));
            assertEquals(20, journal.applied(2, 0, 77));
            assertEquals(30, journal.applied(1, 1, 77));
        }
        try (ShardStores stores = new ShardStores(dir, SIZING)) {
            FederationJournal journal = stores.federationJournal();
            assertEquals(10, journal.applied(1, 0, 77));
            assertEquals(20, journal.applied(2, 0, 77));
        }
    }

    private static UnsafeBuffer bytes(String text) {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer kept) {
        byte[] message = new byte[kept.limit() - FederationJournal.EVENT_AT];
        kept.get(FederationJournal.EVENT_AT, message);
        return new String(message, StandardCharsets.UTF_8);
    }
}
