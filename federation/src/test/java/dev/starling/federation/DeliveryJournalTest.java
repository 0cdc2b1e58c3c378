package dev.starling.federation;

import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.engine.FaultInjector;
import dev.starling.spi.StoreUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
