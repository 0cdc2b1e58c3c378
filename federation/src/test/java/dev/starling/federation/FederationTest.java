package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.spi.BroadcastLatency;
import dev.starling.engine.FaultInjector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.starling.federation.Api.await;
import static dev.starling.federation.Api.expectError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several instances in one deployment: remote follows, deliveries, profiles, errors and staleness. */
class FederationTest {

    private static final Duration QUIET = Duration.ofSeconds(30);

    private final FaultInjector injector = new FaultInjector();

    private static Deployment.Builder three(EngineKind kind) {
        return Deployment.builder().instances("vub.be", "ulb.be", "kuleuven.be").engine(kind).threads(2)
                .shardsPerInstance(4).expectedLoad(2_000, 50, 20);
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream().map(Message::text).toList();
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldRunTheAssignmentsSessionAcrossThreeInstances(EngineKind kind) {
        try (Deployment d = three(kind).start()) {
            Session alice = await(d.instance("vub.be").registerUser("alice"));
            Session bob = await(d.instance("ulb.be").registerUser("bob"));
            Session carol = await(d.instance("kuleuven.be").registerUser("carol"));
            await(bob.follow("alice@vub.be"));
            Message sent = await(alice.sendMessage("hello from vub"));
            assertTrue(d.awaitQuiescent(QUIET));

            List<Message> timeline = await(bob.timeline(10));
            assertEquals(List.of(sent), timeline, "bob's timeline holds alice's message, as sent");
            assertEquals("alice@vub.be", timeline.get(0).sender());
            assertEquals(List.of(sent), await(carol.profile("alice@vub.be", 10)), "carol reads alice's profile remotely");
            assertEquals(List.of(), await(carol.timeline(10)), "carol follows nobody");
            assertTrue(d.awaitQuiescent(QUIET)); // the profile's answer is counted just after it completes
            if (kind != EngineKind.CENTRALIZED) { // one server thread: nothing is delivered between instances
                DeploymentMetrics m = d.metrics();
                assertEquals(1, m.instance("vub.be").deliveriesSent(), "one delivery: one remote instance with followers");
                assertEquals(1, m.instance("ulb.be").deliveriesReceived());
                assertEquals(0, m.instance("kuleuven.be").deliveriesReceived(), "no follower there, nothing sent");
                assertEquals(0, m.federationBacklog());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldFanOutToHundredsOfFollowersOnThreeInstances(EngineKind kind) {
        String[] domains = {"vub.be", "ulb.be", "kuleuven.be"};
        try (Deployment d = three(kind).start()) {
            Session star = await(d.instance("vub.be").registerUser("star"));
            List<Session> followers = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                followers.add(await(d.instance(domains[i % 3]).registerUser("fan" + i)));
            }
            List<CompletableFuture<Void>> follows = new ArrayList<>();
            for (Session fan : followers) {
                follows.add(fan.follow("star@vub.be"));
            }
            follows.forEach(Api::await);
            List<CompletableFuture<Message>> sends = new ArrayList<>();
            for (int m = 0; m < 20; m++) {
                sends.add(star.sendMessage("broadcast " + m));
            }
            List<Message> sent = new ArrayList<>(sends.stream().map(Api::await).toList());
            assertTrue(d.awaitQuiescent(QUIET));

            java.util.Collections.reverse(sent);
            for (Session fan : followers) {
                List<Message> timeline = await(fan.timeline(100));
                assertEquals(sent, timeline, fan.user() + " holds every message once, newest first");
            }
            if (kind != EngineKind.CENTRALIZED) {
                assertEquals(40, d.metrics().instance("vub.be").deliveriesSent(),
                        "one delivery per message and remote instance, not per remote follower");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldBackfillAfterRemoteFollowAndIgnoreAFollowTwice(EngineKind kind) {
        try (Deployment d = three(kind).start()) {
            Session alice = await(d.instance("vub.be").registerUser("alice"));
            Session bob = await(d.instance("ulb.be").registerUser("bob"));
            List<Message> sent = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                sent.add(await(alice.sendMessage("old " + i)));
            }
            await(bob.follow("alice@vub.be"));
            await(bob.follow("ALICE@VUB.BE"));
            assertTrue(d.awaitQuiescent(QUIET));

            List<Message> timeline = await(bob.timeline(1000));
            assertTrue(timeline.size() >= 100, "at least the newest 100, got " + timeline.size());
            List<Message> newestFirst = new ArrayList<>(sent);
            java.util.Collections.reverse(newestFirst);
            assertEquals(newestFirst.subList(0, timeline.size()), timeline);

            Message fresh = await(alice.sendMessage("after the follow"));
            assertTrue(d.awaitQuiescent(QUIET));
            assertEquals(fresh, await(bob.timeline(1)).get(0));
            assertEquals(timeline.size() + 1, await(bob.timeline(1000)).size(), "following twice changed nothing");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldTreatTheSameLocalNameOnTwoInstancesAsTwoUsers(EngineKind kind) {
        try (Deployment d = three(kind).start()) {
            Session vubAlice = await(d.instance("vub.be").registerUser("alice"));
            Session ulbAlice = await(d.instance("ulb.be").registerUser("alice"));
            assertEquals("alice@vub.be", vubAlice.user());
            assertEquals("alice@ulb.be", ulbAlice.user());
            await(vubAlice.follow("alice@ulb.be")); // not oneself
            Message fromUlb = await(ulbAlice.sendMessage("from ulb"));
            Message fromVub = await(vubAlice.sendMessage("from vub"));
            assertNotEquals(fromUlb.id(), fromVub.id());
            assertTrue(d.awaitQuiescent(QUIET));
            assertEquals(List.of(fromUlb), await(vubAlice.timeline(10)));
            assertEquals(List.of(), await(ulbAlice.timeline(10)));
            assertEquals(List.of(fromVub), await(ulbAlice.profile("alice@vub.be", 10)));
            assertEquals(List.of(fromUlb), await(vubAlice.profile("alice@ulb.be", 10)));
            assertEquals(List.of(fromVub), await(vubAlice.profile("alice", 10)));
            expectError(ErrorCode.CANNOT_FOLLOW_SELF, vubAlice.follow("alice@vub.be"));
        }
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldGiveTypedErrorsForUnknownRemoteUsersAndInstances(EngineKind kind) {
        try (Deployment d = three(kind).start()) {
            Session bob = await(d.instance("ulb.be").registerUser("bob"));
            expectError(ErrorCode.UNKNOWN_USER, bob.follow("nobody@vub.be"));
            expectError(ErrorCode.UNKNOWN_USER, bob.profile("nobody@vub.be", 10));
            expectError(ErrorCode.UNKNOWN_INSTANCE, bob.follow("alice@nowhere.org"));
            expectError(ErrorCode.UNKNOWN_INSTANCE, bob.profile("alice@nowhere.org", 10));
            expectError(ErrorCode.INVALID_NAME, bob.follow("not a name@vub.be"));
            expectError(ErrorCode.INVALID_ARGUMENT, bob.profile("alice@vub.be", 0));
            assertEquals("UNKNOWN_USER: nobody@vub.be does not exist", // relayed as if raised locally
                    expectError(ErrorCode.UNKNOWN_USER, bob.follow("nobody@vub.be")).getMessage());
            assertTrue(d.awaitQuiescent(QUIET));
            assertEquals(List.of(), await(bob.timeline(10)), "failed follows left no edge behind");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldPageRemoteProfilesToTheLastMessage(EngineKind kind) {
        try (Deployment d = three(kind).start()) {
            Session alice = await(d.instance("vub.be").registerUser("alice"));
            Session carol = await(d.instance("kuleuven.be").registerUser("carol"));
            for (int i = 0; i < 250; i++) {
                await(alice.sendMessage("m" + i));
            }
            List<Message> all = new ArrayList<>();
            List<Message> page = await(carol.profile("alice@vub.be", 100));
            while (!page.isEmpty()) {
                all.addAll(page);
                page = await(carol.profile("alice@vub.be", 100, page.get(page.size() - 1).timestampMicros()));
            }
            assertEquals(250, all.size());
            assertEquals(250, new HashSet<>(all).size());
            assertEquals("m249", all.get(0).text());
            assertEquals("m0", all.get(249).text());
        }
    }

    @Test
    void shouldKeepRemoteFollowsWorkingAfterARestart(@TempDir Path dir) {
        Message before;
        try (Deployment d = Deployment.builder().instances("vub.be", "ulb.be").dataDirectory(dir).start()) {
            Session alice = await(d.instance("vub.be").registerUser("alice"));
            Session bob = await(d.instance("ulb.be").registerUser("bob"));
            await(bob.follow("alice@vub.be"));
            before = await(alice.sendMessage("before the restart"));
            assertTrue(d.awaitQuiescent(QUIET));
        }
        // Reopened with the domains in the other order and one more: ids must keep their meaning.
        try (Deployment d = Deployment.builder().instances("kuleuven.be", "ulb.be", "vub.be").dataDirectory(dir).start()) {
            Session alice = await(d.instance("vub.be").logIn("alice"));
            Session bob = await(d.instance("ulb.be").logIn("bob"));
            Message after = await(alice.sendMessage("after the restart"));
            assertTrue(d.awaitQuiescent(QUIET));
            assertEquals(List.of(after, before), await(bob.timeline(10)));
            assertEquals(1, d.metrics().instance("ulb.be").deliveriesReceived());
        }
    }

    @Test
    void shouldTimeOutWhenARemoteInstanceStopsAnsweringAndRecover() {
        try (Deployment d = Deployment.builder().instances("vub.be", "ulb.be")
                .remoteTimeout(Duration.ofMillis(300)).faultInjector(injector).start()) {
            Session alice = await(d.instance("vub.be").registerUser("alice"));
            Session bob = await(d.instance("ulb.be").registerUser("bob"));
            Message hello = await(alice.sendMessage("hello"));
            injector.suspendFederation("vub.be", true);
            expectError(ErrorCode.TIMEOUT, bob.profile("alice@vub.be", 10));
            expectError(ErrorCode.TIMEOUT, bob.follow("alice@vub.be"));
            assertEquals(2, d.metrics().instance("ulb.be").remoteTimeouts());
            assertEquals(List.of(), await(bob.timeline(10)), "local reads never wait on another instance");
            injector.suspendFederation("vub.be", false);
            assertTrue(d.awaitQuiescent(QUIET), "the late answers are handled, nothing stays in flight");
            assertEquals(List.of(hello), await(bob.profile("alice@vub.be", 10)));
            await(bob.follow("alice@vub.be"));
            assertTrue(d.awaitQuiescent(QUIET));
            assertEquals(List.of(hello), await(bob.timeline(10)));
        }
    }

    /**
     * alice@vub.be gets bob (of ulb.be) as follower; then ulb.be stops handling federation
     * events and alice sends {@code count} messages without waiting for them.
     */
    private List<CompletableFuture<Message>> sendWhileUlbStopsDraining(Deployment d, Session bob, int count) {
        Session alice = await(d.instance("vub.be").registerUser("alice"));
        await(bob.follow("alice@vub.be"));
        assertTrue(d.awaitQuiescent(QUIET));
        injector.suspendFederation("ulb.be", true);
        List<CompletableFuture<Message>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sends.add(alice.sendMessage("burst " + i));
        }
        return sends;
    }

    @Test
    void shouldRetryAFullFederationRingAndDeliverEverything() {
        try (Deployment d = Deployment.builder().instances("vub.be", "ulb.be").federationRingSize(64).faultInjector(injector).start()) {
            Session bob = await(d.instance("ulb.be").registerUser("bob"));
            List<CompletableFuture<Message>> sends = sendWhileUlbStopsDraining(d, bob, 500);
            sends.forEach(Api::await);
            assertEquals(500, d.metrics().instance("vub.be").federationBacklog() + d.metrics().instance("ulb.be").federationBacklog(),
                    "64 wait in ulb.be's ring, the rest in vub.be's outbox, none is lost");
            injector.suspendFederation("ulb.be", false);
            assertTrue(d.awaitQuiescent(QUIET));
            assertEquals(500, await(bob.timeline(1000)).size());
            assertEquals(0, d.metrics().federationBacklog());
        }
    }

    @Test
    void shouldBoundTheFederationBacklogAndAnswerOverloadedWhenAPeerFallsBehind() {
        try (Deployment d = Deployment.builder().instances("vub.be", "ulb.be").ringSize(64).federationRingSize(64)
                .shardsPerInstance(1).faultInjector(injector).start()) {
            Session bob = await(d.instance("ulb.be").registerUser("bob"));
            List<CompletableFuture<Message>> sends = sendWhileUlbStopsDraining(d, bob, 20_000);
            // Requests already in the ring wait for the backlog to drain; the rest were refused at once.
            long overloaded = sends.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            long backlog = d.metrics().federationBacklog();
            assertTrue(overloaded > 10_000, "a peer that stops draining pushes back to the clients: " + overloaded);
            assertTrue(backlog <= 4096 + 256 + 64, "federation backlog stays bounded, was " + backlog);
            injector.suspendFederation("ulb.be", false);
            List<Message> acknowledged = acknowledgedOrOverloaded(sends);
            assertEquals(20_000 - overloaded, acknowledged.size(), "nothing refused after the backlog drained");
            assertTrue(d.awaitQuiescent(QUIET));
            assertEquals(acknowledged.size(), d.metrics().instance("ulb.be").deliveriesReceived());
            List<Message> newestFirst = new ArrayList<>(acknowledged);
            java.util.Collections.reverse(newestFirst);
            assertEquals(newestFirst.subList(0, 800), await(bob.timeline(800)), "acknowledged = applied, in order");
        }
    }

    @Test
    void shouldPushBackToTheSenderWhenTheReceiverFallsBehindOnItsFanOut() throws InterruptedException {
        try (Deployment d = Deployment.builder().instances("vub.be", "ulb.be").ringSize(64).federationRingSize(64)
                .shardsPerInstance(4).faultInjector(injector).start()) {
            Session alice = await(d.instance("vub.be").registerUser("alice"));
            List<Session> followers = new ArrayList<>();
            for (int i = 0; i < 16; i++) { // spread by name over ulb.be's 4 shards
                Session follower = await(d.instance("ulb.be").registerUser("f" + i));
                await(follower.follow("alice@vub.be"));
                followers.add(follower);
            }
            assertTrue(d.awaitQuiescent(QUIET));
            injector.suspendHandOvers("ulb.be", true); // ulb.be's shards stop applying fan-outs handed to each other
            List<CompletableFuture<Message>> sends = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                sends.add(alice.sendMessage("burst " + i));
            }
            awaitSettled(sends);
            long overloaded = sends.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            long shardBacklog = d.metrics().instance("ulb.be").shardBacklog();
            assertTrue(overloaded > 10_000, "the receiver's lag pushes back to the sender's clients: " + overloaded);
            // At most the hand-over limit (the ring size, 64) plus one federation batch (256 events)
            // of fan-outs to the 3 other shards: without the limit it would hold every delivery.
            assertTrue(shardBacklog <= 64 + 3 * 256, "fan-out work waiting on ulb.be stays bounded, was " + shardBacklog);
            assertTrue(d.metrics().federationBacklog() <= 4096 + 256 + 64,
                    "federation backlog stays bounded, was " + d.metrics().federationBacklog());

            injector.suspendHandOvers("ulb.be", false);
            List<Message> acknowledged = acknowledgedOrOverloaded(sends);
            assertTrue(d.awaitQuiescent(QUIET));
            assertEquals(acknowledged.size(), d.metrics().instance("ulb.be").deliveriesReceived());
            List<Message> newestFirst = new ArrayList<>(acknowledged);
            java.util.Collections.reverse(newestFirst);
            assertTrue(acknowledged.size() > 64, "more than a ring's worth was taken: " + acknowledged.size());
            // how many were taken before the push-back depends on the machine's timing; each is applied
            List<Message> expected = newestFirst.subList(0, Math.min(800, newestFirst.size()));
            for (Session follower : followers) {
                assertEquals(expected, await(follower.timeline(800)),
                        "acknowledged = applied, in order, for " + follower.user());
            }
        }
    }

    /** The acknowledged sends, in sending order, once all completed; every other one must have met OVERLOADED. */
    private static List<Message> acknowledgedOrOverloaded(List<CompletableFuture<Message>> sends) {
        List<Message> acknowledged = new ArrayList<>();
        for (CompletableFuture<Message> send : sends) {
            try {
                acknowledged.add(send.join());
            } catch (java.util.concurrent.CompletionException e) {
                assertEquals(ErrorCode.OVERLOADED, ((dev.starling.api.StarlingException) e.getCause()).code());
            }
        }
        return acknowledged;
    }

    /** Waits until no send has completed for 300 ms (the rest wait behind the back-pressure). */
    private static void awaitSettled(List<CompletableFuture<Message>> sends) throws InterruptedException {
        long completed = -1;
        for (int round = 0; round < 100; round++) {
            Thread.sleep(300);
            long now = sends.stream().filter(CompletableFuture::isDone).count();
            if (now == completed) {
                return;
            }
            completed = now;
        }
    }

    @Test
    void shouldMeasureBroadcastLatencyAndOutOfOrderReads() {
        try (Deployment d = Deployment.builder().instances("vub.be", "ulb.be").broadcastSampling(1).faultInjector(injector).start()) {
            Session alice = await(d.instance("vub.be").registerUser("alice"));
            Session local = await(d.instance("vub.be").registerUser("local"));
            Session bob = await(d.instance("ulb.be").registerUser("bob"));
            Session dave = await(d.instance("ulb.be").registerUser("dave"));
            await(local.follow("alice"));
            await(bob.follow("alice@vub.be"));
            await(bob.follow("dave"));
            assertTrue(d.awaitQuiescent(QUIET));

            // alice's message reaches ulb.be late: dave's newer one is read first.
            injector.suspendFederation("ulb.be", true);
            Message early = await(alice.sendMessage("early"));
            long heldSince = System.nanoTime(); // after early's stamp: its delivery waits from here at least
            Message late = await(dave.sendMessage("later but local"));
            assertTrue(early.timestampMicros() < late.timestampMicros());
            awaitLocalFanOut(d, "ulb.be"); // a send is answered before its fan-out lands; reads do not wait for it
            assertEquals(List.of(late), await(bob.timeline(10)));
            long heldMicros = (System.nanoTime() - heldSince) / 1_000;
            injector.suspendFederation("ulb.be", false);
            assertTrue(d.awaitQuiescent(QUIET));
            assertEquals(List.of(late, early), await(bob.timeline(10)));

            DeploymentMetrics m = d.metrics();
            assertEquals(2, m.instance("ulb.be").timelineReads());
            assertEquals(1, m.instance("ulb.be").outOfOrderReads(), "the second read showed an entry below the first's top");
            BroadcastLatency b = m.broadcast();
            assertEquals(2, b.sampledMessages());
            assertEquals(1, b.firstOtherInstance().getTotalCount(), "alice's message reached another instance");
            assertEquals(2, b.firstSameInstance().getTotalCount(), "both messages reached followers at home");
            assertTrue(b.lastOtherInstance().getMaxValue() >= heldMicros,
                    "the remote delivery held back by ulb.be counts the time it waited: "
                            + b.lastOtherInstance().getMaxValue() + " µs against " + heldMicros + " µs held");
            d.clearBroadcastLatency();
            assertEquals(0, d.metrics().broadcast().sampledMessages());
        }
    }

    /** Waits until the work an instance's shards handed each other (fan-outs) is applied. */
    private static void awaitLocalFanOut(Deployment d, String domain) {
        long deadline = System.nanoTime() + QUIET.toNanos();
        while (d.metrics().instance(domain).shardBacklog() > 0) {
            assertTrue(System.nanoTime() < deadline, "the fan-out of " + domain + " did not land within " + QUIET);
            Thread.onSpinWait();
        }
    }
}
