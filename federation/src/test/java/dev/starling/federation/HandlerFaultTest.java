package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.engine.FaultInjector;
import dev.starling.spi.RequestType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.starling.federation.Api.await;
import static dev.starling.federation.Api.expectError;
import static dev.starling.federation.Api.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults inside the engine: an exception thrown by a handler (injected with a {@link FaultInjector})
 * fails that request alone with {@code INTERNAL}, leaves no half-applied change behind, and the
 * shard goes on serving; exceptions thrown by clients' own callbacks, which run on engine threads,
 * do not reach the engine at all.
 */
class HandlerFaultTest {

    private static final Duration QUIET = Duration.ofSeconds(30);

    private final FaultInjector injector = new FaultInjector();
    private Deployment deployment;

    @AfterEach
    void tearDown() {
        if (deployment != null) {
            deployment.close();
        }
    }

    private Instance start(EngineKind kind) {
        deployment = Deployment.builder().instances("vub.be").engine(kind).threads(2).shardsPerInstance(4)
                .expectedLoad(1_000, 50, 20).faultInjector(injector).start();
        return deployment.instance("vub.be");
    }

    private long faults() {
        return deployment.metrics().instance("vub.be").faults();
    }

    @ParameterizedTest
    @EnumSource(RequestType.class)
    void shouldFailOnlyTheFaultyRequestOfEveryKindAndLeaveNothingHalfDone(RequestType type) {
        Instance vub = start(EngineKind.RING);
        Session alice = await(vub.registerUser("alice"));
        Session bob = await(vub.registerUser("bob"));
        Message old = await(alice.sendMessage("before the fault"));
        injector.failNext(type, 1);
        switch (type) {
            case REGISTER -> {
                expectError(ErrorCode.INTERNAL, vub.registerUser("carol"));
                expectError(ErrorCode.UNKNOWN_USER, vub.logIn("carol"));
                assertEquals("carol@vub.be", await(vub.registerUser("carol")).user(), "the failed one left no trace");
            }
            case LOG_IN -> {
                expectError(ErrorCode.INTERNAL, vub.logIn("alice"));
                assertEquals("alice@vub.be", await(vub.logIn("alice")).user());
            }
            case FOLLOW -> {
                expectError(ErrorCode.INTERNAL, bob.follow("alice"));
                await(alice.sendMessage("not for bob"));
                assertTrue(deployment.awaitQuiescent(QUIET));
                assertEquals(List.of(), await(bob.timeline(10)), "the failed follow left no edge");
                await(bob.follow("alice"));
            }
            case SEND -> {
                expectError(ErrorCode.INTERNAL, alice.sendMessage("lost to the fault"));
                assertEquals(List.of(old), await(bob.profile("alice", 10)), "the failed send stored nothing");
            }
            case TIMELINE -> {
                expectError(ErrorCode.INTERNAL, bob.timeline(10));
                assertEquals(List.of(), await(bob.timeline(10)));
            }
            case PROFILE -> {
                expectError(ErrorCode.INTERNAL, bob.profile("alice", 10));
                assertEquals(List.of(old), await(bob.profile("alice", 10)));
            }
        }
        assertEquals(1, faults(), "one fault counted");
        // the same shards serve every kind of request afterwards
        Message next = await(alice.sendMessage("after the fault"));
        await(bob.follow("alice"));
        assertTrue(deployment.awaitQuiescent(QUIET));
        assertEquals(next, await(bob.timeline(10)).get(0));
        assertEquals(next, await(bob.profile("alice", 1)).get(0));
        assertEquals(1, faults());
    }

    @Test
    void shouldAnswerARemoteRequestThatFailsOnTheOtherInstanceAtOnceWithInternal() {
        // A remote timeout far beyond the test's patience: an answer must come from the failure itself.
        deployment = Deployment.builder().instances("vub.be", "ulb.be").threads(2).shardsPerInstance(4)
                .remoteTimeout(Duration.ofMinutes(5)).faultInjector(injector).start();
        Session alice = await(deployment.instance("vub.be").registerUser("alice"));
        Session bob = await(deployment.instance("ulb.be").registerUser("bob"));
        Message hello = await(alice.sendMessage("hello"));

        injector.failNextRemote(RequestType.PROFILE, 1);
        expectError(ErrorCode.INTERNAL, bob.profile("alice@vub.be", 10));
        assertEquals(List.of(hello), await(bob.profile("alice@vub.be", 10)), "the next remote read is served");

        injector.failNextRemote(RequestType.FOLLOW, 1);
        expectError(ErrorCode.INTERNAL, bob.follow("alice@vub.be"));
        await(bob.follow("alice@vub.be"));
        Message next = await(alice.sendMessage("after the fault"));
        assertTrue(deployment.awaitQuiescent(QUIET));
        assertEquals(List.of(next, hello), await(bob.timeline(10)), "the follow made after the fault works");
        assertEquals(2, deployment.metrics().instance("vub.be").faults(), "both faults counted where they happened");
        assertEquals(0, deployment.metrics().instance("ulb.be").remoteTimeouts());
    }

    @Test
    void shouldKeepEveryShardServingThroughARunOfFaults() {
        Instance vub = start(EngineKind.RING);
        List<Session> users = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            users.add(await(vub.registerUser("user" + i))); // 40 users cover all 4 shards
        }
        int injected = 25;
        injector.failNext(RequestType.SEND, injected);
        int internal = 0;
        for (int i = 0; i < injected; i++) {
            internal += outcome(users.get(i).sendMessage("fails")) == ErrorCode.INTERNAL ? 1 : 0;
        }
        assertEquals(injected, internal);
        for (Session s : users) {
            Message m = await(s.sendMessage("served"));
            assertEquals(List.of(m), await(s.profile(s.user(), 10)), s.user() + " kept only the served message");
        }
        assertEquals(injected, faults());
    }

    @Test
    void shouldFailExactlyTheInjectedRequestsAmidConcurrentClients() throws Exception {
        Instance vub = start(EngineKind.RING);
        int clients = 4;
        int sendsPerClient = 300;
        List<Session> senders = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            senders.add(await(vub.registerUser("sender" + c)));
        }
        AtomicInteger internal = new AtomicInteger();
        List<List<Message>> acknowledged = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Message> acks = new ArrayList<>();
            acknowledged.add(acks);
            Session s = senders.get(c);
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < sendsPerClient; i++) {
                        CompletableFuture<Message> f = s.sendMessage("m" + i);
                        ErrorCode code = outcome(f);
                        if (code == null) {
                            acks.add(f.join());
                        } else {
                            assertEquals(ErrorCode.INTERNAL, code);
                            internal.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    synchronized (failures) {
                        failures.add(t);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        int injected = 0;
        for (int round = 0; round < 10; round++) {
            injector.failNext(RequestType.SEND, 5);
            injected += 5;
            Thread.sleep(5);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures);
        long faults = faults();
        assertEquals(faults, internal.get(), "every fault failed exactly one request, with INTERNAL");
        assertTrue(faults > 0 && faults <= injected, faults + " faults of " + injected + " armed");
        int stored = 0;
        for (int c = 0; c < clients; c++) {
            List<Message> profile = await(senders.get(0).profile(senders.get(c).user(), 10_000));
            assertEquals(ContractTest.reversed(acknowledged.get(c)), profile, "acknowledged = stored for sender" + c);
            stored += profile.size();
        }
        assertEquals(clients * sendsPerClient, stored + internal.get(), "every send either stored or failed");
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldShrugOffClientCallbacksThatThrowOnEngineThreads(EngineKind kind) {
        Instance vub = start(kind);
        Session alice = await(vub.registerUser("alice"));
        Session bob = await(vub.registerUser("bob"));
        await(bob.follow("alice"));
        List<CompletableFuture<Void>> callbacks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            callbacks.add(alice.sendMessage("m" + i).thenAccept(m -> {
                throw new IllegalStateException("a client's callback fails");
            }));
            callbacks.add(bob.timeline(5).thenAccept(t -> {
                throw new OutOfMemoryError("a client's callback throws an Error");
            }));
        }
        for (CompletableFuture<Void> callback : callbacks) {
            assertTrue(callback.handle((v, t) -> t != null).join(), "the callback's own future carries its failure");
        }
        assertTrue(deployment.awaitQuiescent(QUIET));
        assertEquals(200, await(bob.profile("alice", 10_000)).size());
        assertEquals(200, await(bob.timeline(10_000)).size());
        assertEquals(0, faults(), "the engine counted no fault of its own");
        assertFalse(await(alice.sendMessage("still serving")).text().isEmpty());
    }
}
