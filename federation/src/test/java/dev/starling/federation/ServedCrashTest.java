package dev.starling.federation;

import dev.starling.api.Instance;
import dev.starling.api.Message;
import dev.starling.api.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static dev.starling.federation.Api.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process killed with SIGKILL in the middle of a broadcast loses nothing acknowledged: alice on
 * vub.be (one served process) sends to 300 followers on ulb.be (another), and one of the two is
 * killed while the deliveries cross, then restarted on the same data. Once the federation is
 * quiescent again, every follower's timeline is alice's profile, newest first, each message once,
 * and the profile holds every send that was acknowledged.
 */
@Tag("slow")
class ServedCrashTest {

    private static final int FOLLOWERS = 300;
    private static final int MESSAGES = 120;
    /** Acknowledged sends before the kill: the broadcast is under way, most of it still to come. */
    private static final int KILL_AFTER = 30;
    private static final Duration QUIET = Duration.ofSeconds(90);

    private Path dir;
    private String vubAt;
    private String ulbAt;
    private Served vub;
    private Served ulb;

    @BeforeEach
    void serveTwo() throws Exception {
        dir = Files.createTempDirectory("starling-crash-");
        vubAt = "127.0.0.1:" + Served.freePort();
        ulbAt = "127.0.0.1:" + Served.freePort();
        vub = startVub();
        ulb = startUlb();
    }

    @AfterEach
    void stopBoth() throws Exception {
        for (Served served : new Served[]{vub, ulb}) {
            if (served != null) {
                served.close();
            }
        }
        org.agrona.IoUtil.delete(dir.toFile(), true);
    }

    @Test
    void shouldLoseNothingAcknowledgedWhenTheReceiverIsKilledMidBroadcast() throws Exception {
        List<Message> acknowledged = broadcastAndKill(false);
        ulb = startUlb();
        assertEveryFollowerHoldsTheProfile(acknowledged);
    }

    @Test
    void shouldLoseNothingAcknowledgedWhenTheSenderIsKilledMidBroadcast() throws Exception {
        List<Message> acknowledged = broadcastAndKill(true);
        vub = startVub();
        assertEveryFollowerHoldsTheProfile(acknowledged);
    }

    /**
     * Registers alice and her followers, sends {@link #MESSAGES} messages without waiting for
     * each (so deliveries are under way on the link and in ulb.be's rings), and kills vub.be
     * ({@code sender}) or ulb.be once {@link #KILL_AFTER} sends were acknowledged.
     *
     * @return the messages whose send was acknowledged, oldest first
     */
    private List<Message> broadcastAndKill(boolean sender) throws Exception {
        ConcurrentLinkedQueue<Message> acknowledged = new ConcurrentLinkedQueue<>();
        try (Deployment clients = connect()) {
            Instance v = clients.instance("vub.be");
            Instance u = clients.instance("ulb.be");
            Session alice = await(v.registerUser("alice"));
            List<CompletableFuture<Void>> follows = new ArrayList<>();
            for (int i = 0; i < FOLLOWERS; i++) {
                follows.add(u.registerUser("f" + i).thenCompose(s -> s.follow("alice@vub.be")));
            }
            CompletableFuture.allOf(follows.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            assertTrue(clients.awaitQuiescent(QUIET));

            List<CompletableFuture<Message>> sends = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                sends.add(alice.sendMessage("message " + i).whenComplete((m, error) -> {
                    if (m != null) {
                        acknowledged.add(m);
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < KILL_AFTER && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            (sender ? vub : ulb).kill();
            for (CompletableFuture<Message> send : sends) {
                try {
                    send.get(60, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // not acknowledged: the sender died with it, or its answer did
                }
            }
        }
        List<Message> oldestFirst = new ArrayList<>(acknowledged);
        oldestFirst.sort((a, b) -> Long.compare(a.timestampMicros(), b.timestampMicros()));
        assertTrue(oldestFirst.size() >= KILL_AFTER, oldestFirst.size() + " acknowledged sends");
        if (!sender) {
            assertEquals(MESSAGES, oldestFirst.size(), "the sender lived: every send was acknowledged");
        }
        return oldestFirst;
    }

    private void assertEveryFollowerHoldsTheProfile(List<Message> acknowledgedOldestFirst) throws Exception {
        try (Deployment clients = connect()) {
            assertTrue(clients.awaitQuiescent(QUIET), "quiescent after the restart");
            Instance u = clients.instance("ulb.be");
            Session reader = await(u.registerUser("reader"));
            List<Message> profile = await(reader.profile("alice@vub.be", 10_000));
            List<Message> newestFirst = new ArrayList<>(acknowledgedOldestFirst);
            Collections.reverse(newestFirst);
            assertTrue(profile.containsAll(newestFirst), "alice's profile holds every acknowledged send: "
                    + profile.size() + " messages for " + newestFirst.size() + " acknowledged");
            for (int i = 0; i < FOLLOWERS; i++) {
                Session follower = await(u.logIn("f" + i));
                assertEquals(profile, await(follower.timeline(10_000)), "f" + i + "'s timeline");
            }
        }
    }

    private Deployment connect() {
        return Deployment.builder().connect("vub.be", vubAt).connect("ulb.be", ulbAt)
                .remoteTimeout(Duration.ofSeconds(10)).start();
    }

    private Served startVub() {
        return new Served("vub.be", dir.resolve("vub").toString(), vubAt, "ulb.be=" + ulbAt);
    }

    private Served startUlb() {
        return new Served("ulb.be", dir.resolve("ulb").toString(), ulbAt, "vub.be=" + vubAt);
    }
}
