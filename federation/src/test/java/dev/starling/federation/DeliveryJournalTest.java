package dev.starling.federation;

import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.engine.FaultInjector;
import dev.starling.engine.store.Ids;
import dev.starling.engine.store.LongCell;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.StoreSizing;
import dev.starling.engine.store.StoredMessage;
import dev.starling.federation.protocol.codecs.DeliverEncoder;
import dev.starling.federation.protocol.codecs.MessageHeaderEncoder;
import dev.starling.spi.StoreUsage;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.starling.federation.Api.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deliveries between instances of one process are kept in the sending shard's journal until the
 * receiving instance applied them: the ones a closed (or killed) process still had in a receiving
 * ring reach their followers after the restart, each once, and a quiescent deployment keeps none.
 */
class DeliveryJournalTest {

    private static final Duration QUIET = Duration.ofSeconds(30);

    @Test
    void shouldDeliverAfterARestartWhatTheReceiverHadNotApplied(@TempDir Path dir) {
        FaultInjector injector = new FaultInjector();
        List<Message> sent = new ArrayList<>();
        try (Deployment d = open(dir, injector)) {
            Session alice = await(d.instance("vub.be").registerUser("alice"));
            Session bob = await(d.instance("ulb.be").registerUser("bob"));
            await(bob.follow("alice@vub.be"));
            sent.add(await(alice.sendMessage("applied before the stop")));
            assertTrue(d.awaitQuiescent(QUIET));
            assertEquals(0, keptDeliveries(d), "a quiescent deployment keeps no delivery");
            injector.suspendFederation("ulb.be", true); // ulb.be's shards leave its federation ring alone
            for (int i = 0; i < 5; i++) {
                sent.add(0, await(alice.sendMessage("in ulb.be's ring at the stop " + i)));
            }
            assertEquals(5, keptDeliveries(d), "each delivery waits in the journal for its acknowledgement");
        }
        try (Deployment d = open(dir, new FaultInjector())) {
            assertTrue(d.awaitQuiescent(QUIET));
            Session bob = await(d.instance("ulb.be").logIn("bob"));
            assertEquals(sent, await(bob.timeline(100)), "every acknowledged message, once, newest first");
            assertEquals(0, keptDeliveries(d));
        }
    }

    /**
     * A kill inside a send to followers on two other instances, after the delivery for the first
     * was kept: at the restart the repair counts the message and keeps it for the second, and
     * both deliveries go out (the repair runs before the federation reads the journals back).
     */
    @Test
    void shouldDeliverASendCutShortToEveryInstanceAfterTheRepair(@TempDir Path dir) throws Exception {
        Message first;
        int ulb;
        try (Deployment d = three(dir)) {
            Session alice = await(d.instance("vub.be").registerUser("alice"));
            Session bob = await(d.instance("ulb.be").registerUser("bob"));
            Session carol = await(d.instance("kul.be").registerUser("carol"));
            await(bob.follow("alice@vub.be"));
            await(carol.follow("alice@vub.be"));
            first = await(alice.sendMessage("first"));
            ulb = Ids.instanceOfUser(Ids.senderOf(await(bob.sendMessage("bob's")).id()));
            assertTrue(d.awaitQuiescent(QUIET));
        }
        long alice = Ids.senderOf(first.id());
        long cutShort = Ids.messageId(alice, 1);
        long stamp = first.timestampMicros() + 1_000;
        Path shard = dir.resolve("vub.be").resolve("shard-" + Ids.shardOfUser(alice));
        try (ShardStores stores = new ShardStores(shard, new StoreSizing(100, 10, 10, 40))) {
            stores.messages.put(LongCell.of(cutShort), new StoredMessage().set(stamp, "alice@vub.be", "cut short"));
            ExpandableArrayBuffer event = new ExpandableArrayBuffer(256);
            DeliverEncoder deliver = new DeliverEncoder().wrapAndApplyHeader(event, 0, new MessageHeaderEncoder())
                    .senderId(alice).messageId(cutShort).stamp(stamp).senderName("alice@vub.be").text("cut short");
            stores.federationJournal().keepNext(ulb, Ids.shardOfUser(alice), cutShort, event,
                    MessageHeaderEncoder.ENCODED_LENGTH + deliver.encodedLength());
        }
        Files.createFile(shard.resolve("OPEN")); // as a killed process leaves it
        try (Deployment d = three(dir)) {
            assertTrue(d.awaitQuiescent(QUIET));
            Session reader = await(d.instance("vub.be").registerUser("reader"));
            List<Message> profile = await(reader.profile("alice@vub.be", 10));
            assertEquals(List.of("cut short", "first"), profile.stream().map(Message::text).toList());
            assertEquals(profile, await(await(d.instance("ulb.be").logIn("bob")).timeline(10)).stream()
                    .filter(m -> m.sender().startsWith("alice")).toList(), "kept before the kill");
            assertEquals(profile, await(await(d.instance("kul.be").logIn("carol")).timeline(10)),
                    "kept by the repair");
            assertEquals(0, keptDeliveries(d));
        }
    }

    private static Deployment three(Path dir) {
        return Deployment.builder().instances("vub.be", "ulb.be", "kul.be").engine(EngineKind.RING).dataDirectory(dir)
                .shardsPerInstance(2).start();
    }

    private static Deployment open(Path dir, FaultInjector injector) {
        return Deployment.builder().instances("vub.be", "ulb.be").engine(EngineKind.RING).dataDirectory(dir)
                .faultInjector(injector).start();
    }

    /** Deliveries kept in the journals of every shard of every instance. */
    private static long keptDeliveries(Deployment d) {
        return d.metrics().storeTotals().stream().filter(u -> u.store().equals("federation-outbox"))
                .mapToLong(StoreUsage::entries).sum();
    }
}
