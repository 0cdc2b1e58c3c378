package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.Message;
import dev.starling.api.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.starling.federation.Api.await;
import static dev.starling.federation.Api.expectError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instances as separate processes: vub.be, ulb.be and kuleuven.be each served by its own child
 * JVM ({@link ServeMain}), federated over Aeron on loopback UDP, and used from this JVM through
 * {@code connect}: the assignment's typical session across processes; a process that is not a
 * configured peer cannot deliver; a peer that is down at start is reached once it comes up.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServedFederationTest {

    private static final Duration QUIET = Duration.ofSeconds(60);

    private Path dir;
    private Served vub;
    private Served ulb;
    private Served kuleuven;
    private Deployment clients;

    @BeforeAll
    void serveThree() throws Exception {
        dir = Files.createTempDirectory("starling-served-");
        String v = "127.0.0.1:" + Served.freePort();
        String u = "127.0.0.1:" + Served.freePort();
        String k = "127.0.0.1:" + Served.freePort();
        vub = new Served("vub.be", dir.resolve("vub").toString(), v, "ulb.be=" + u, "kuleuven.be=" + k);
        ulb = new Served("ulb.be", dir.resolve("ulb").toString(), u, "vub.be=" + v, "kuleuven.be=" + k);
        kuleuven = new Served("kuleuven.be", dir.resolve("kuleuven").toString(), k, "vub.be=" + v, "ulb.be=" + u);
        clients = Deployment.builder().connect("vub.be", v).connect("ulb.be", u).connect("kuleuven.be", k)
                .remoteTimeout(Duration.ofSeconds(20)).start();
    }

    @AfterAll
    void stopAll() throws Exception {
        if (clients != null) {
            clients.close();
        }
        List<Integer> exits = new java.util.ArrayList<>();
        for (Served served : new Served[]{vub, ulb, kuleuven}) {
            if (served != null) {
                exits.add(served.stop());
            }
        }
        assertEquals(List.of(143, 143, 143), exits, "each served process ends on SIGTERM, its hooks run (128 + 15)");
        org.agrona.IoUtil.delete(dir.toFile(), true);
    }

    @Test
    void shouldFollowAndSendAcrossProcesses() {
        Instance v = clients.instance("vub.be");
        Instance u = clients.instance("ulb.be");
        Instance k = clients.instance("kuleuven.be");
        Session alice = await(v.registerUser("alice"));
        Session bob = await(u.registerUser("bob"));
        Session carol = await(k.registerUser("carol"));
        Message before = await(alice.sendMessage("sent before anyone followed"));
        await(bob.follow("alice@vub.be"));
        await(carol.follow("alice@vub.be"));
        await(carol.follow("bob@ulb.be"));
        Message hello = await(alice.sendMessage("hello from vub"));
        Message reply = await(bob.sendMessage("hello from ulb"));
        assertTrue(clients.awaitQuiescent(QUIET));

        assertEquals(List.of(hello, before), await(bob.timeline(10)));
        assertEquals(List.of(reply, hello, before), await(carol.timeline(10)));
        assertEquals(List.of(hello, before), await(carol.profile("alice@vub.be", 10)));
        assertEquals(List.of(before), await(bob.profile("alice@vub.be", 10, hello)));
        assertEquals("bob@ulb.be", await(u.logIn("bob")).user());
        expectError(ErrorCode.UNKNOWN_USER, carol.follow("nobody@ulb.be"));
        expectError(ErrorCode.UNKNOWN_INSTANCE, carol.follow("dave@elsewhere.org"));
        assertEquals(2, clients.metrics().instance("vub.be").deliveriesSent());
    }

    @Test
    void shouldNotHearAProcessThatIsNotAPeer() throws Exception {
        await(clients.instance("vub.be").registerUser("target"));
        String endpoint = "127.0.0.1:" + Served.freePort();
        // zz.org sorts last, so vub.be has the same index in its configuration as in vub.be's: its
        // follow request is addressed to vub.be's ring, and only the check of its link keeps it out.
        try (Served intruder = new Served("zz.org", dir.resolve("intruder").toString(), endpoint,
                "vub.be=" + vub.endpoint, "ulb.be=" + ulb.endpoint, "kuleuven.be=" + kuleuven.endpoint);
             Deployment client = Deployment.builder().connect("zz.org", endpoint)
                     .remoteTimeout(Duration.ofSeconds(20)).start()) {
            Session mallory = await(client.instance("zz.org").registerUser("mallory"));
            expectError(ErrorCode.TIMEOUT, mallory.follow("target@vub.be"));
            vub.awaitLine("zz.org (index 3) is not a configured peer", 30);
            vub.awaitLine("dropped an event for instance 2 from instance 3", 30);
        }
    }

    @Test
    void shouldReachAPeerThatWasDownAtStart() throws Exception {
        String early = "127.0.0.1:" + Served.freePort();
        String late = "127.0.0.1:" + Served.freePort();
        try (Served first = new Served("early.org", dir.resolve("early").toString(), early, "late.org=" + late);
             Deployment toFirst = Deployment.builder().connect("early.org", early)
                     .remoteTimeout(Duration.ofSeconds(20)).start()) {
            Session eve = await(toFirst.instance("early.org").registerUser("eve"));
            Message m = await(eve.sendMessage("before the peer came up"));
            try (Served second = new Served("late.org", dir.resolve("late").toString(), late, "early.org=" + early);
                 Deployment toSecond = Deployment.builder().connect("late.org", late)
                         .remoteTimeout(Duration.ofSeconds(20)).start()) {
                first.awaitLine("federation link to [late.org]", 60);
                Session frank = await(toSecond.instance("late.org").registerUser("frank"));
                await(frank.follow("eve@early.org"));
                assertEquals(List.of(m), await(frank.timeline(10)));
            }
        }
    }
}
