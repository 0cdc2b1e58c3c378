package dev.starling.federation;

import dev.starling.api.Session;
import dev.starling.spi.BroadcastLatency;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broadcast latency through {@code connect}: two served instances (each with its own media
 * driver, as two processes would have) each record their part of every message's spread, and
 * the client merges them per message.
 */
@Tag("slow")
class ServedBroadcastLatencyTest {

    private final List<Deployment> deployments = new ArrayList<>();

    @AfterEach
    void close() {
        deployments.forEach(Deployment::close);
    }

    @Test
    void shouldMergeEachProcessPartOfABroadcastPerMessage() {
        String vub = "127.0.0.1:" + Served.freePort();
        String ulb = "127.0.0.1:" + Served.freePort();
        deployments.add(served("vub.be", vub).peer("ulb.be", ulb).start());
        deployments.add(served("ulb.be", ulb).peer("vub.be", vub).start());
        Deployment client = Deployment.builder().connect("vub.be", vub).connect("ulb.be", ulb)
                .remoteTimeout(Duration.ofSeconds(20)).start();
        deployments.add(client);

        Session sender = client.instance("vub.be").registerUser("sender").join();
        for (int f = 0; f < 6; f++) {
            Session follower = client.instance(f % 2 == 0 ? "vub.be" : "ulb.be").registerUser("follower" + f).join();
            follower.follow(sender.user()).join();
        }
        sender.sendMessage("before the clear").join();
        assertTrue(client.awaitQuiescent(Duration.ofSeconds(30)));
        client.clearBroadcastLatency();
        assertEquals(0, client.metrics().broadcast().sampledMessages(), "every process forgot its samples");

        int messages = 5;
        for (int m = 0; m < messages; m++) {
            sender.sendMessage("message " + m).join();
        }
        assertTrue(client.awaitQuiescent(Duration.ofSeconds(30)));
        BroadcastLatency b = client.metrics().broadcast();
        assertEquals(messages, b.sampledMessages(), "one spread per message, merged over both processes");
        assertEquals(messages, b.firstSameInstance().getTotalCount(), "vub.be's own followers, recorded by vub.be");
        assertEquals(messages, b.firstOtherInstance().getTotalCount(), "ulb.be's followers, recorded by ulb.be");
        assertTrue(b.lastOtherInstance().getMaxValue() >= b.firstOtherInstance().getMinValue());
        assertTrue(b.lastOtherInstance().getMaxValue() < BroadcastLatency.HIGHEST_MICROS,
                "stamps and arrivals on the same wall clock");
    }

    private static Deployment.Builder served(String domain, String endpoint) {
        return Deployment.builder().instances(domain).engine(EngineKind.RING).threads(1).shardsPerInstance(2)
                .expectedLoad(100, 20, 10).listen(endpoint).broadcastSampling(1);
    }
}
