package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.engine.FaultInjector;
import dev.starling.engine.store.Ids;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static dev.starling.federation.Api.await;
import static dev.starling.federation.Api.expectError;
import static dev.starling.federation.Api.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Overload: clients that publish far faster than an instance drains get {@code OVERLOADED} at
 * once, queues stay bounded, and the books balance afterwards: every acknowledged request was
 * applied and no rejected one was.
 */
class OverloadTest {

    private static final int RING = 64;
    private static final int CLIENTS = 4;
    private static final int ROUNDS = 5;
    /** Per round, the clients together publish ten times the ring's capacity. */
    private static final int PER_CLIENT_PER_ROUND = 10 * RING / CLIENTS;
    private static final int WRITERS_PER_CLIENT = 6;
    private static final int READERS_PER_CLIENT = 4;
    private static final Duration QUIET = Duration.ofSeconds(60);

    private Deployment deployment;

    @AfterEach
    void close() {
        if (deployment != null) {
            deployment.close();
        }
    }

    /** What one flooding client asked for and what it was told. */
    private static final class Books {
        final Map<String, List<String>> acknowledgedTexts = new HashMap<>();
        final Set<String> acknowledgedNames = new HashSet<>();
        final Set<String> rejectedNames = new HashSet<>();
        final Map<String, Set<String>> acknowledgedFollows = new HashMap<>();
        final Map<String, Set<String>> rejectedFollows = new HashMap<>();
        long acknowledged;
        long overloaded;
        long slowestCallNanos;
        final List<String> violations = new ArrayList<>();
    }

    /** One request of the flood: how to make it, and what to book once its answer is known. */
    private record Request(CompletableFuture<?> future, boolean doneOnReturn, Runnable onAck, Runnable onReject) {
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldAnswerOverloadedAtOnceAndApplyExactlyTheAcknowledgedRequests(EngineKind kind) throws Exception {
        deployment = Deployment.builder().instances("vub.be").engine(kind).threads(2).shardsPerInstance(4)
                .ringSize(RING).expectedLoad(2_000, 200, 40).start();
        Instance vub = deployment.instance("vub.be");
        List<List<Session>> writers = new ArrayList<>();
        List<List<Session>> readers = new ArrayList<>();
        List<String> allWriters = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            writers.add(new ArrayList<>());
            readers.add(new ArrayList<>());
            for (int i = 0; i < WRITERS_PER_CLIENT; i++) {
                Session w = await(vub.registerUser("w" + c + "_" + i));
                writers.get(c).add(w);
                allWriters.add(w.user());
            }
            for (int i = 0; i < READERS_PER_CLIENT; i++) {
                readers.get(c).add(await(vub.registerUser("r" + c + "_" + i)));
            }
        }

        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong maxRingBacklog = new AtomicLong();
        AtomicLong maxShardBacklog = new AtomicLong();
        Thread monitor = new Thread(() -> {
            while (flooding.get()) {
                var stats = deployment.metrics().instance("vub.be");
                maxRingBacklog.accumulateAndGet(stats.ringBacklog(), Math::max);
                maxShardBacklog.accumulateAndGet(stats.shardBacklog(), Math::max);
                Thread.onSpinWait();
            }
        }, "backlog-monitor");
        monitor.start();

        CyclicBarrier start = new CyclicBarrier(CLIENTS);
        List<Books> books = new ArrayList<>();
        List<Thread> clients = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Books b = new Books();
            books.add(b);
            int client = c;
            Thread thread = new Thread(() -> {
                try {
                    flood(client, vub, writers.get(client), readers.get(client), allWriters, start, b);
                } catch (Throwable t) {
                    synchronized (failures) {
                        failures.add(t);
                    }
                }
            }, "flood-" + c);
            clients.add(thread);
            thread.start();
        }
        for (Thread thread : clients) {
            thread.join(120_000);
            assertTrue(!thread.isAlive(), "a flooding client is stuck: " + thread.getName());
        }
        flooding.set(false);
        monitor.join();
        assertEquals(List.of(), failures);

        long acknowledged = books.stream().mapToLong(b -> b.acknowledged).sum();
        long overloaded = books.stream().mapToLong(b -> b.overloaded).sum();
        long slowest = books.stream().mapToLong(b -> b.slowestCallNanos).max().orElse(0);
        System.out.printf("%s flood: %d requests, %d acknowledged, %d OVERLOADED, slowest call %.3f ms,"
                        + " largest ring backlog %d of %d, largest shard backlog %d%n", kind, CLIENTS * ROUNDS * PER_CLIENT_PER_ROUND,
                acknowledged, overloaded, slowest / 1e6, maxRingBacklog.get(), RING, maxShardBacklog.get());
        for (Books b : books) {
            assertEquals(List.of(), b.violations);
        }
        assertTrue(overloaded > 0, "ten times the ring's capacity at once must meet OVERLOADED");
        assertTrue(acknowledged > 0, "and some requests got through");
        assertTrue(slowest < 1_000_000_000L, "no call blocked its caller: slowest took " + slowest / 1e6 + " ms");
        // Requests wait only in the ring; the fan-outs they cause between the 4 shards are bounded by
        // the back-pressure: new requests stop at RING hand-overs in flight, plus one batch (256) of
        // requests each handing work to the 3 other shards.
        assertTrue(maxShardBacklog.get() <= RING + 256 * 3, "fan-out work stays bounded: " + maxShardBacklog.get());

        assertTrue(deployment.awaitQuiescent(QUIET));
        checkBooks(vub, books, allWriters);
        checkStillServes(vub, writers.get(0).get(0));
    }

    /** Ten times the ring's capacity per round, all clients released together, nothing awaited mid-round. */
    private static void flood(int client, Instance vub, List<Session> writers, List<Session> readers,
                              List<String> allWriters, CyclicBarrier start, Books b) throws Exception {
        int names = 0;
        int follows = 0;
        int sent = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<Request> requests = new ArrayList<>(PER_CLIENT_PER_ROUND);
            start.await();
            for (int i = 0; i < PER_CLIENT_PER_ROUND; i++) {
                int pick = i % 10;
                if (pick < 6) {
                    Session writer = writers.get(sent % writers.size());
                    String text = "c" + client + " n" + sent++;
                    requests.add(call(b, () -> writer.sendMessage(text),
                            () -> b.acknowledgedTexts.computeIfAbsent(writer.user(), k -> new ArrayList<>()).add(text),
                            () -> { }));
                } else if (pick == 6) {
                    String name = "n" + client + "_" + names++;
                    requests.add(call(b, () -> vub.registerUser(name),
                            () -> b.acknowledgedNames.add(name), () -> b.rejectedNames.add(name)));
                } else if (pick == 7) {
                    // every (reader, writer) pair is tried once, so its fate is known exactly
                    Session reader = readers.get(follows % readers.size());
                    String followed = allWriters.get((follows / readers.size()) % allWriters.size());
                    follows++;
                    requests.add(call(b, () -> reader.follow(followed),
                            () -> b.acknowledgedFollows.computeIfAbsent(reader.user(), k -> new HashSet<>()).add(followed),
                            () -> b.rejectedFollows.computeIfAbsent(reader.user(), k -> new HashSet<>()).add(followed)));
                } else if (pick == 8) {
                    Session reader = readers.get(i % readers.size());
                    requests.add(call(b, () -> reader.timeline(50), () -> { }, () -> { }));
                } else {
                    Session reader = readers.get(i % readers.size());
                    String writer = allWriters.get(i % allWriters.size());
                    requests.add(call(b, () -> reader.profile(writer, 50), () -> { }, () -> { }));
                }
            }
            // answers are booked in call order, so each writer's acknowledged texts keep sending order
            for (Request r : requests) {
                ErrorCode code = outcome(r.future);
                if (code == null) {
                    b.acknowledged++;
                    r.onAck.run();
                } else if (code == ErrorCode.OVERLOADED) {
                    b.overloaded++;
                    if (!r.doneOnReturn) {
                        b.violations.add("OVERLOADED came later, not when the call returned");
                    }
                    r.onReject.run();
                } else {
                    b.violations.add("unexpected " + code);
                }
            }
        }
    }

    private static Request call(Books b, Supplier<CompletableFuture<?>> request, Runnable onAck, Runnable onReject) {
        long t0 = System.nanoTime();
        CompletableFuture<?> future = request.get();
        boolean done = future.isDone();
        b.slowestCallNanos = Math.max(b.slowestCallNanos, System.nanoTime() - t0);
        return new Request(future, done, onAck, onReject);
    }

    private void checkBooks(Instance vub, List<Books> books, List<String> allWriters) {
        Session auditor = await(vub.registerUser("auditor"));
        Map<String, List<String>> expectedTexts = new HashMap<>();
        Map<String, Set<String>> acknowledgedFollows = new HashMap<>();
        Map<String, Set<String>> rejectedFollows = new HashMap<>();
        for (Books b : books) {
            b.acknowledgedTexts.forEach((w, texts) -> expectedTexts.computeIfAbsent(w, k -> new ArrayList<>()).addAll(texts));
            b.acknowledgedFollows.forEach((r, ws) -> acknowledgedFollows.computeIfAbsent(r, k -> new HashSet<>()).addAll(ws));
            b.rejectedFollows.forEach((r, ws) -> rejectedFollows.computeIfAbsent(r, k -> new HashSet<>()).addAll(ws));
            for (String name : b.acknowledgedNames) {
                assertEquals(name + "@vub.be", await(vub.logIn(name)).user(), "acknowledged registration applied");
            }
            for (String name : b.rejectedNames) {
                expectError(ErrorCode.UNKNOWN_USER, vub.logIn(name));
            }
        }
        for (String writer : allWriters) {
            List<String> stored = new ArrayList<>();
            for (Message m : await(auditor.profile(writer, 10_000))) {
                stored.add(0, m.text());
            }
            assertEquals(expectedTexts.getOrDefault(writer, List.of()), stored,
                    writer + "'s profile holds exactly its acknowledged messages, in sending order");
        }
        // a probe from every writer shows which follow edges exist
        for (String writer : allWriters) {
            await(await(vub.logIn(writer)).sendMessage("probe " + writer));
        }
        assertTrue(deployment.awaitQuiescent(QUIET));
        Set<String> readersSeen = new HashSet<>(acknowledgedFollows.keySet());
        readersSeen.addAll(rejectedFollows.keySet());
        for (String reader : readersSeen) {
            Set<String> probesSeen = new HashSet<>();
            for (Message m : await(await(vub.logIn(reader)).timeline(10_000))) {
                if (m.text().startsWith("probe ")) {
                    probesSeen.add(m.sender());
                }
            }
            assertEquals(acknowledgedFollows.getOrDefault(reader, Set.of()), probesSeen,
                    reader + " follows exactly the users whose follow was acknowledged");
        }
        for (Books b : books) {
            for (String name : b.rejectedNames) {
                assertEquals(name + "@vub.be", await(vub.registerUser(name)).user(), "a rejected name is still free");
            }
        }
    }

    private void checkStillServes(Instance vub, Session writer) {
        Session late = await(vub.registerUser("latecomer"));
        await(late.follow(writer.user()));
        Message m = await(writer.sendMessage("after the flood"));
        assertTrue(deployment.awaitQuiescent(QUIET));
        assertEquals(m, await(late.timeline(1)).get(0));
        assertEquals(m, await(late.profile(writer.user(), 1)).get(0));
    }

    /**
     * Fan-out work between shards must be bounded too: an instance that keeps acknowledging
     * sends while the deliveries behind them pile up has only moved the unbounded queue. A
     * user followed by many users of another shard sends as fast as the ring accepts; at any
     * moment, the acknowledged messages not yet in a follower's timeline must stay within a
     * small multiple of the ring's capacity.
     */
    @Test
    void shouldBoundTheFanOutBacklogBehindAcknowledgedSends() throws Exception {
        int ring = 1024;
        deployment = Deployment.builder().instances("vub.be").engine(EngineKind.RING).threads(2).shardsPerInstance(2)
                .ringSize(ring).expectedLoad(2_000, 2_000, 10).start();
        Instance vub = deployment.instance("vub.be");
        Session celebrity = userOnShard(vub, "celebrity", 0);
        Session follower = null;
        for (int i = 0, followers = 0; followers < 400; i++) {
            Session s = userOnShard(vub, "fan" + i, -1);
            if (shardOf(s) == 1) {
                await(s.follow(celebrity.user()));
                follower = s;
                followers++;
            }
        }
        assertTrue(deployment.awaitQuiescent(QUIET));
        Session reader = follower;
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> ackedStamps = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Throwable> senderFailures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        List<CompletableFuture<Message>> batch = new ArrayList<>();
                        for (int i = 0; i < ring; i++) {
                            batch.add(celebrity.sendMessage("fan-out"));
                        }
                        for (CompletableFuture<Message> f : batch) {
                            ErrorCode code = outcome(f);
                            if (code == null) {
                                ackedStamps.add(f.join().timestampMicros());
                            } else if (code != ErrorCode.OVERLOADED) {
                                throw new AssertionError("a send answered " + code);
                            }
                        }
                    }
                } catch (Throwable failure) {
                    senderFailures.add(failure); // a sender that died would leave the bound below trivially met
                }
            });
            senders.add(thread);
            thread.start();
        }
        long worstLag = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            List<Long> ackedBefore;
            synchronized (ackedStamps) {
                ackedBefore = new ArrayList<>(ackedStamps);
            }
            List<Message> newest = retryWhileOverloaded(() -> reader.timeline(1));
            long delivered = newest.isEmpty() ? 0 : newest.get(0).timestampMicros();
            long lag = ackedBefore.stream().filter(s -> s > delivered).count();
            worstLag = Math.max(worstLag, lag);
        }
        stop.set(true);
        for (Thread thread : senders) {
            thread.join();
        }
        System.out.printf("fan-out flood: %d acknowledged, worst lag %d messages (ring %d)%n",
                ackedStamps.size(), worstLag, ring);
        assertEquals(List.of(), senderFailures, "every sender ran to the end");
        // a bound met with little acknowledged proves nothing: the flood must have pushed several rings' worth
        assertTrue(ackedStamps.size() >= 4L * ring, "acknowledged sends during the flood: " + ackedStamps.size());
        assertTrue(worstLag <= 4L * ring, "acknowledged messages still waiting for fan-out: " + worstLag);
        assertTrue(deployment.awaitQuiescent(QUIET));
    }

    /**
     * "OVERLOADED at once", checked without a clock: the shards stop taking requests, the clients
     * fill the rings, and from the first refusal on, every call returns a future that has already
     * failed with {@code OVERLOADED}. The requests waiting in the rings are neither refused nor
     * answered until the shards resume, and then all succeed.
     */
    @Test
    void shouldRefuseAtOnceWhileTheShardsTakeNoRequests() {
        FaultInjector injector = new FaultInjector();
        deployment = Deployment.builder().instances("vub.be").engine(EngineKind.RING).threads(2).shardsPerInstance(2)
                .ringSize(RING).faultInjector(injector).start();
        Instance vub = deployment.instance("vub.be");
        Session alice = await(vub.registerUser("alice"));
        injector.suspendRequests("vub.be", true);
        // a duty cycle that read the flag just before it flipped may still take what it finds:
        // let every such cycle end before filling the ring
        sleepMillis(500);
        List<CompletableFuture<Message>> waiting = new ArrayList<>();
        CompletableFuture<Message> refused = null;
        for (int i = 0; refused == null; i++) {
            assertTrue(i <= 2 * RING, "the rings hold at most " + 2 * RING + " requests");
            CompletableFuture<Message> call = alice.sendMessage("m" + i);
            if (call.isDone()) {
                refused = call;
            } else {
                waiting.add(call);
            }
        }
        assertTrue(waiting.size() >= RING / 2, "requests wait in the ring before the first refusal: " + waiting.size());
        for (int i = 0; i < 200; i++) {
            CompletableFuture<Message> call = alice.sendMessage("more " + i);
            assertTrue(call.isCompletedExceptionally(), "call " + i + " refused by the time it returned");
            assertEquals(ErrorCode.OVERLOADED, outcome(call));
        }
        assertEquals(ErrorCode.OVERLOADED, outcome(refused));
        assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone), "the waiting requests are still waiting");
        injector.suspendRequests("vub.be", false);
        for (CompletableFuture<Message> call : waiting) {
            assertEquals(null, outcome(call), "accepted into the ring, then applied");
        }
        assertEquals(waiting.size(), await(alice.profile("alice", 10_000)).size());
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A patient client: tries again while the instance answers {@code OVERLOADED}. */
    private static <T> T retryWhileOverloaded(Supplier<CompletableFuture<T>> request) throws InterruptedException {
        while (true) {
            CompletableFuture<T> future = request.get();
            if (outcome(future) != ErrorCode.OVERLOADED) {
                return await(future);
            }
            Thread.sleep(1);
        }
    }

    /** Registers {@code prefix0, prefix1, ...} until one lands on {@code shard} (-1: registers {@code prefix} alone). */
    private static Session userOnShard(Instance vub, String prefix, int shard) {
        for (int i = 0; ; i++) {
            Session s = await(vub.registerUser(shard < 0 ? prefix : prefix + i));
            if (shard < 0 || shardOf(s) == shard) {
                return s;
            }
        }
    }

    /** The shard a RING user lives on, read from the id of a message it sends. */
    private static int shardOf(Session s) {
        Message m = await(s.sendMessage("where do I live"));
        return Ids.shardOfUser(Ids.senderOf(m.id()));
    }
}
