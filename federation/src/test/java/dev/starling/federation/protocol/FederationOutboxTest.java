package dev.starling.federation.protocol;

import dev.starling.engine.FederationCounters;
import dev.starling.engine.FederationTransport;
import dev.starling.engine.store.FederationJournal;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.StoreSizing;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard's outbox over a scripted link (room, deployment and acknowledgements set by the test):
 * what finds no room waits in order and goes out before anything newer to the same instance;
 * deliveries are numbered per destination, kept in the journal until acknowledged, sent again when
 * a lossy link leaves them unacknowledged, and read back after a restart ahead of new ones.
 */
class FederationOutboxTest {

    private static final int SELF = 0;
    private static final int PEER = 1;
    private static final int OTHER = 2;
    private static final int SHARD = 3;

    private final CountersManager manager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * CountersReader.COUNTER_LENGTH)));
    private final FederationCounters counters = new FederationCounters(manager.newCounter("sent"),
            manager.newCounter("queued"), manager.newCounter("dropped"), manager.newCounter("handled"),
            manager.newCounter("deliveries sent"), manager.newCounter("deliveries received"));
    private final ScriptedLink link = new ScriptedLink();
    private ShardStores stores;

    @AfterEach
    void close() {
        if (stores != null) {
            stores.close();
        }
    }

    private FederationJournal journal(Path dir) {
        stores = new ShardStores(dir, new StoreSizing(10, 10, 10, 40));
        return stores.federationJournal();
    }

    /** An event for shard {@code shard} of the destination whose message is {@code text}'s bytes. */
    private static FederationEvent event(int shard, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new FederationEvent().set(shard, SELF, SHARD, 0, 0, 0, new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static String text(FederationEvent event) {
        byte[] bytes = new byte[event.encodedLength()];
        event.bytes().getBytes(0, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void shouldDropAndCountWhatGoesToAnInstanceNotDeployed(@TempDir Path dir) {
        FederationOutbox outbox = new FederationOutbox(link, journal(dir), SELF, SHARD, counters);
        assertFalse(outbox.send(5, event(0, "request")));
        assertFalse(outbox.sendDurably(5, event(0, "delivery"), 77));
        assertEquals(2, counters.dropped().get());
        assertEquals(0, counters.sent().get());
        assertEquals(0, stores.federationJournal().keptCount(), "nothing kept for nobody");
        assertEquals(0, outbox.unacknowledged());
        assertEquals(List.of(), link.published);
    }

    @Test
    void shouldQueueWhatFindsNoRoomAndSendItFirstAndInOrder() {
        FederationOutbox outbox = new FederationOutbox(link, null, SELF, SHARD, counters);
        link.full[PEER] = true;
        assertTrue(outbox.send(PEER, event(0, "a")));
        assertTrue(outbox.send(PEER, event(0, "b")));
        assertTrue(outbox.send(OTHER, event(0, "to another instance")));
        assertEquals(List.of("2 #0 to another instance"), link.published, "a full destination holds up no other");
        assertEquals(2, outbox.queued());
        assertTrue(outbox.retryDue());

        assertEquals(0, outbox.retry(), "still no room");
        assertTrue(outbox.retryDue(), "a link in one process retries at once");
        link.sleeps = true;
        assertFalse(outbox.retryDue(), "a link to other processes sleeps after a retry that found no room");

        link.full[PEER] = false;
        assertTrue(outbox.send(PEER, event(0, "c")));
        assertEquals(1, link.published.size(), "c waits behind what was queued before it");
        assertEquals(3, outbox.queued());
        assertTrue(outbox.retryDue(), "a new event is due whatever the last retry found");
        assertEquals(3, outbox.retry());
        assertEquals(List.of("2 #0 to another instance", "1 #0 a", "1 #0 b", "1 #0 c"), link.published);
        assertEquals(0, outbox.queued());
        assertFalse(outbox.retryDue());
        assertEquals(0, outbox.retry());
        assertEquals(4, counters.sent().get());
        assertEquals(0, counters.queued().get());
    }

    @Test
    void shouldNumberDeliveriesPerDestinationAndForgetThemOnceAcknowledged(@TempDir Path dir) {
        FederationJournal journal = journal(dir);
        FederationOutbox outbox = new FederationOutbox(link, journal, SELF, SHARD, counters);
        assertTrue(outbox.sendDurably(PEER, event(0, "one"), 1));
        link.full[PEER] = true;
        assertTrue(outbox.sendDurably(PEER, event(1, "two"), 2), "kept and queued: sent all the same");
        link.full[PEER] = false;
        outbox.retry();
        assertTrue(outbox.sendDurably(OTHER, event(0, "three"), 3));
        assertEquals(List.of("1 #1 floor 1 one", "1 #2 floor 1 two", "2 #1 floor 1 three"), link.numbered());
        for (FederationEvent e : link.events) {
            assertEquals(journal.epoch(), e.epoch, "numbered in the journal's epoch");
        }
        assertEquals(3, outbox.unacknowledged());
        assertEquals(3, journal.keptCount());

        link.acknowledged[PEER] = 1;
        outbox.retry();
        assertEquals(2, outbox.unacknowledged());
        assertEquals(2, journal.keptCount());
        assertEquals(null, journal.kept(PEER, 1), "the applied one is forgotten");
        assertEquals("two", keptText(journal.kept(PEER, 2)));

        link.acknowledged[PEER] = 2;
        link.acknowledged[OTHER] = 1;
        outbox.retry();
        assertEquals(0, outbox.unacknowledged());
        assertEquals(0, journal.keptCount());
        outbox.sendDurably(PEER, event(0, "four"), 4);
        assertEquals("1 #3 floor 3 four", link.numbered().get(3), "every number below 3 was applied");
        assertEquals(List.of(), link.resent(), "a link that loses nothing is never sent to twice");
    }

    private static String keptText(ByteBuffer kept) {
        byte[] bytes = new byte[kept.limit() - FederationJournal.EVENT_AT];
        kept.get(FederationJournal.EVENT_AT, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void shouldSendAgainWhatALossyLinkLeftUnacknowledgedFromTheOldest(@TempDir Path dir) {
        FederationOutbox outbox = new FederationOutbox(link, journal(dir), SELF, SHARD, counters);
        link.resendAfterNanos = 0;
        outbox.sendDurably(PEER, event(0, "one"), 1);
        outbox.sendDurably(PEER, event(0, "two"), 2);
        outbox.sendDurably(PEER, event(0, "three"), 3);
        link.acknowledged[PEER] = 1;
        outbox.retry(); // an acknowledgement moved: nothing is sent again
        assertEquals(List.of(), link.resent());
        elapse();
        outbox.retry(); // no progress since: the two unacknowledged go again, oldest first
        assertEquals(List.of("1 #2 floor 2 two", "1 #3 floor 2 three"), link.resent());
        assertEquals(2, outbox.unacknowledged());
        link.acknowledged[PEER] = 3;
        outbox.retry();
        assertEquals(0, outbox.unacknowledged());
        int sent = link.published.size();
        outbox.retry();
        assertEquals(sent, link.published.size(), "nothing left to send again");
    }

    @Test
    void shouldWaitTheLinksResendTimeBeforeSendingAgain(@TempDir Path dir) {
        FederationOutbox outbox = new FederationOutbox(link, journal(dir), SELF, SHARD, counters);
        link.resendAfterNanos = 3_600_000_000_000L;
        outbox.sendDurably(PEER, event(0, "one"), 1);
        elapse();
        outbox.retry();
        outbox.retry();
        assertEquals(List.of(), link.resent(), "an hour has not passed");
        assertEquals(1, outbox.unacknowledged());
    }

    /** Lets the clock that times acknowledgements move on. */
    private static void elapse() {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 1_000) {
            Thread.onSpinWait();
        }
    }

    @Test
    void shouldSendWhatTheJournalKeptAfterARestartBeforeAnythingNew(@TempDir Path dir) {
        FederationJournal journal = journal(dir);
        FederationOutbox before = new FederationOutbox(link, journal, SELF, SHARD, counters);
        before.sendDurably(PEER, event(0, "one"), 1);
        before.sendDurably(PEER, event(1, "two"), 2);
        before.sendDurably(PEER, event(0, "three"), 3);
        before.sendDurably(OTHER, event(0, "elsewhere"), 4);
        link.acknowledged[PEER] = 1;
        before.retry();

        ScriptedLink after = new ScriptedLink();
        FederationOutbox restarted = new FederationOutbox(after, journal, SELF, SHARD, counters);
        assertEquals(3, restarted.queued(), "read back, queued");
        assertEquals(3, restarted.unacknowledged());
        restarted.sendDurably(PEER, event(0, "four"), 5);
        assertEquals(List.of(), after.published, "nothing new before what was kept");
        restarted.retry();
        assertEquals(List.of("1 #2 floor 2 two", "1 #3 floor 2 three", "1 #4 floor 2 four", "2 #1 floor 1 elsewhere"),
                after.numbered());
        assertEquals(1, after.events.get(0).shard, "each to the shard it was for");
        assertEquals(4, restarted.unacknowledged());
    }

    @Test
    void shouldSendDeliveriesUnnumberedWithoutAJournal() {
        FederationOutbox outbox = new FederationOutbox(link, null, SELF, SHARD, counters);
        assertTrue(outbox.sendDurably(PEER, event(0, "once"), 1));
        assertFalse(outbox.sendDurably(5, event(0, "to nobody"), 2));
        assertEquals(List.of("1 #0 once"), link.published);
        assertEquals(0, outbox.unacknowledged());
    }

    @Test
    void shouldNotHoldQuiescenceForAnInstanceNoLongerDeployed(@TempDir Path dir) {
        FederationJournal journal = journal(dir);
        FederationOutbox outbox = new FederationOutbox(link, journal, SELF, SHARD, counters);
        outbox.sendDurably(PEER, event(0, "one"), 1);
        outbox.sendDurably(OTHER, event(0, "two"), 2);
        link.deployed[PEER] = false;
        outbox.retry();
        assertEquals(1, outbox.unacknowledged(), "only OTHER's delivery holds quiescence");
        assertEquals(2, journal.keptCount(), "PEER's is still kept");
    }

    @Test
    void shouldNoteEachReceivingShardOnceWhileACallerRunsTheSender() {
        FederationOutbox outbox = new FederationOutbox(link, null, SELF, SHARD, counters);
        outbox.deferWakes(true);
        outbox.send(PEER, event(1, "a"));
        outbox.send(PEER, event(1, "b"));
        outbox.send(PEER, event(2, "c"));
        outbox.send(OTHER, event(-1, "placed by name in another process"));
        outbox.send(OTHER, event(0, "e"));
        assertEquals(List.of(false, false, false, false, false), link.woken, "none woken by the link");
        LongArrayList receivers = new LongArrayList();
        outbox.takeDeferred(receivers);
        assertEquals(List.of((long) PEER << 32 | 1, (long) PEER << 32 | 2, (long) OTHER << 32), List.copyOf(receivers));
        receivers.clear();
        outbox.takeDeferred(receivers);
        assertTrue(receivers.isEmpty(), "taken once");
        outbox.deferWakes(false);
        outbox.send(PEER, event(1, "d"));
        assertEquals(true, link.woken.get(5));
        outbox.takeDeferred(receivers);
        assertTrue(receivers.isEmpty(), "woken by the link, not noted");
    }

    /** A link whose room, deployment and acknowledgements the test sets; it records what it was handed. */
    private static final class ScriptedLink implements FederationLink {
        final boolean[] deployed = new boolean[FederationTransport.MAX_INSTANCES];
        final boolean[] full = new boolean[FederationTransport.MAX_INSTANCES];
        final long[] acknowledged = new long[FederationTransport.MAX_INSTANCES];
        final List<String> published = new ArrayList<>();
        final List<FederationEvent> events = new ArrayList<>();
        final List<Boolean> woken = new ArrayList<>();
        long resendAfterNanos = Long.MAX_VALUE;
        boolean sleeps;

        ScriptedLink() {
            deployed[SELF] = true;
            deployed[PEER] = true;
            deployed[OTHER] = true;
        }

        @Override
        public boolean deployed(int instance) {
            return instance >= 0 && instance < deployed.length && deployed[instance];
        }

        @Override
        public boolean tryPublish(int destination, FederationEvent event, boolean wake) {
            if (full[destination]) {
                return false;
            }
            events.add(new FederationEvent().copyFrom(event));
            published.add(destination + " #" + event.sequence + (event.sequence == 0 ? "" : " floor " + event.floor)
                    + " " + text(event));
            woken.add(wake);
            return true;
        }

        @Override
        public long acknowledged(int destination, int from, int fromShard) {
            assertEquals(SELF, from);
            assertEquals(SHARD, fromShard);
            return acknowledged[destination];
        }

        @Override
        public long resendAfterNanos() {
            return resendAfterNanos;
        }

        @Override
        public boolean sleepsBetweenRetries() {
            return sleeps;
        }

        List<String> numbered() {
            return published.stream().filter(p -> !p.contains(" #0 ")).toList();
        }

        /** What was handed over a second time. */
        List<String> resent() {
            List<String> seen = new ArrayList<>();
            List<String> again = new ArrayList<>();
            for (String p : numbered()) {
                String key = p.substring(0, p.indexOf(" floor"));
                if (seen.contains(key)) {
                    again.add(p);
                }
                seen.add(key);
            }
            return again;
        }
    }
}
