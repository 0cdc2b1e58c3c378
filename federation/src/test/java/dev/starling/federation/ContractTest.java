package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static dev.starling.federation.Api.await;
import static dev.starling.federation.Api.expectError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The semantics table of the API, run against every engine kind. */
class ContractTest {

    private static final Duration QUIET = Duration.ofSeconds(30);

    protected Deployment deployment;

    /** A deployment of vub.be on {@code kind} in {@link #deployment}, and its instance. */
    protected Instance start(EngineKind kind) {
        deployment = Deployment.builder().instances("vub.be").engine(kind).threads(2).shardsPerInstance(4)
                .expectedLoad(2_000, 50, 20).start();
        return deployment.instance("vub.be");
    }

    @AfterEach
    void close() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldRegisterAndLogInIgnoringCase(EngineKind kind) {
        Instance vub = start(kind);
        Session alice = await(vub.registerUser("Alice"));
        assertEquals("Alice@vub.be", alice.user());
        expectError(ErrorCode.USER_EXISTS, vub.registerUser("alice"));
        expectError(ErrorCode.USER_EXISTS, vub.registerUser("ALICE@vub.be"));
        assertEquals("Alice@vub.be", await(vub.logIn("aLiCe")).user());
        assertEquals("Alice@vub.be", await(vub.logIn("alice@vub.be")).user());
        expectError(ErrorCode.UNKNOWN_USER, vub.logIn("bob"));
        assertEquals("bob@vub.be", await(vub.registerUser("bob@vub.be")).user());
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldRejectBadNames(EngineKind kind) {
        Instance vub = start(kind);
        for (String bad : new String[] {null, "", " ", "a b", "alice!", "é", "a".repeat(31), "alice@ulb.be",
                "alice@", "@vub.be", "ali\u0000ce", "\uD800", "alice@vub.be@vub.be"}) {
            expectError(ErrorCode.INVALID_NAME, vub.registerUser(bad));
            expectError(ErrorCode.INVALID_NAME, vub.logIn(bad));
        }
        assertEquals("a".repeat(30) + "@vub.be", await(vub.registerUser("a".repeat(30))).user());
        assertEquals("Z_9@vub.be", await(vub.registerUser("Z_9")).user());
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldSendAndShowInProfileAtOnce(EngineKind kind) {
        Instance vub = start(kind);
        Session alice = await(vub.registerUser("alice"));
        Session carol = await(vub.registerUser("carol"));
        long before = System.currentTimeMillis() * 1000 - 1_000_000;
        Message sent = await(alice.sendMessage("hello, world"));
        long after = System.currentTimeMillis() * 1000 + 1_000_000;
        assertEquals("alice@vub.be", sent.sender());
        assertEquals("hello, world", sent.text());
        // within a second of the wall clock either side: milliseconds or nanoseconds would fall outside
        assertTrue(sent.timestampMicros() > before && sent.timestampMicros() < after,
                "stamp is the wall clock in microseconds: " + sent.timestampMicros() + " not in (" + before + ", " + after + ")");
        assertEquals(List.of(sent), await(carol.profile("alice@vub.be", 10)));
        assertEquals(List.of(sent), await(alice.profile("alice", 10)));
        assertEquals(List.of(), await(carol.profile("carol", 10)));
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldValidateTexts(EngineKind kind) {
        Session alice = await(start(kind).registerUser("alice"));
        for (String bad : new String[] {null, "", "a".repeat(501), "bad \uD800 surrogate", "\uDC00", "end\uD83D"}) {
            expectError(ErrorCode.INVALID_TEXT, alice.sendMessage(bad));
        }
        String emoji = "\uD83D\uDE00".repeat(500); // 500 code points, 1000 chars
        assertEquals(emoji, await(alice.sendMessage(emoji)).text());
        String controls = "tab\tnew\nline\u0001 and \u0000 and \u202E";
        assertEquals(controls, await(alice.sendMessage(controls)).text());
        assertEquals(2, await(alice.profile("alice", 10)).size());
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldValidateLimitsAndCursors(EngineKind kind) {
        Instance vub = start(kind);
        Session alice = await(vub.registerUser("alice"));
        for (int bad : new int[] {0, -1, 10_001, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            expectError(ErrorCode.INVALID_ARGUMENT, alice.timeline(bad));
            expectError(ErrorCode.INVALID_ARGUMENT, alice.profile("alice", bad));
        }
        expectError(ErrorCode.INVALID_ARGUMENT, alice.timeline(10, 0));
        expectError(ErrorCode.INVALID_ARGUMENT, alice.timeline(10, -5));
        expectError(ErrorCode.INVALID_ARGUMENT, alice.profile("alice", 10, -1));
        assertEquals(List.of(), await(alice.timeline(10_000)));
        assertEquals(List.of(), await(alice.timeline(1, Long.MAX_VALUE - 1)));
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldRejectBadFollows(EngineKind kind) {
        Instance vub = start(kind);
        Session alice = await(vub.registerUser("alice"));
        expectError(ErrorCode.UNKNOWN_USER, alice.follow("nobody"));
        expectError(ErrorCode.UNKNOWN_USER, alice.follow("nobody@vub.be"));
        expectError(ErrorCode.UNKNOWN_INSTANCE, alice.follow("bob@nowhere.org"));
        expectError(ErrorCode.CANNOT_FOLLOW_SELF, alice.follow("alice"));
        expectError(ErrorCode.CANNOT_FOLLOW_SELF, alice.follow("ALICE@vub.be"));
        for (String bad : new String[] {null, "", "bo b", "bob@", "bob@@vub.be", "@vub.be", "b\u0007b"}) {
            expectError(ErrorCode.INVALID_NAME, alice.follow(bad));
        }
        expectError(ErrorCode.UNKNOWN_USER, alice.profile("nobody", 10));
        expectError(ErrorCode.UNKNOWN_INSTANCE, alice.profile("bob@nowhere.org", 10));
        assertThrows(StarlingException.class, () -> deployment.instance("nowhere.org"));
        assertEquals(ErrorCode.UNKNOWN_INSTANCE,
                assertThrows(StarlingException.class, () -> deployment.instance("nowhere.org")).code());
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldShowFollowedMessagesNewestFirstWithoutOwn(EngineKind kind) {
        Instance vub = start(kind);
        Session alice = await(vub.registerUser("alice"));
        Session bob = await(vub.registerUser("bob"));
        Session carol = await(vub.registerUser("carol"));
        await(bob.follow("alice"));
        await(bob.follow("carol@vub.be"));
        await(bob.follow("alice")); // twice is a no-op
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sent.add(await((i % 2 == 0 ? alice : carol).sendMessage("m" + i)));
            await(bob.sendMessage("own " + i));
        }
        assertTrue(deployment.awaitQuiescent(QUIET));
        List<Message> timeline = await(bob.timeline(100));
        assertEquals(reversed(sent), timeline);
        assertEquals(reversed(sent).subList(0, 7), await(bob.timeline(7)));
        long cursor = timeline.get(9).timestampMicros();
        assertEquals(reversed(sent).subList(10, 15), await(bob.timeline(5, cursor)));
        assertEquals(List.of(), await(alice.timeline(10)));
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldStampStrictlyIncreasingPerSender(EngineKind kind) {
        Session alice = await(start(kind).registerUser("alice"));
        List<CompletableFuture<Message>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(alice.sendMessage("burst " + i));
            if (futures.size() % 100 == 0) {
                futures.forEach(Api::await);
            }
        }
        long last = 0;
        Set<Long> ids = new HashSet<>();
        for (CompletableFuture<Message> future : futures) {
            Message message = await(future);
            assertTrue(message.timestampMicros() > last, "stamps strictly increase");
            last = message.timestampMicros();
            assertTrue(ids.add(message.id()), "ids are unique");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldPageProfilesToTheLastMessage(EngineKind kind) {
        Instance vub = start(kind);
        Session alice = await(vub.registerUser("alice"));
        Session reader = await(vub.registerUser("reader"));
        List<Message> sent = sendMany(alice, 1_234);
        List<Message> paged = new ArrayList<>();
        List<Message> page = await(reader.profile("alice", 100));
        while (!page.isEmpty()) {
            paged.addAll(page);
            page = await(reader.profile("alice", 100, page.get(page.size() - 1).timestampMicros()));
        }
        assertEquals(reversed(sent), paged);
        assertEquals(reversed(sent).subList(0, 1_234), await(reader.profile("alice", 10_000)));
        assertEquals(List.of(sent.get(0)), await(reader.profile("alice", 5, sent.get(1).timestampMicros())));
        assertEquals(List.of(), await(reader.profile("alice", 5, sent.get(0).timestampMicros())));
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldBackfillAfterFollow(EngineKind kind) {
        Instance vub = start(kind);
        Session alice = await(vub.registerUser("alice"));
        Session bob = await(vub.registerUser("bob"));
        List<Message> sent = sendMany(alice, 150);
        await(bob.follow("alice"));
        assertTrue(deployment.awaitQuiescent(QUIET));
        assertEquals(reversed(sent).subList(0, 100), await(bob.timeline(100)));
        Message later = await(alice.sendMessage("after the follow"));
        assertTrue(deployment.awaitQuiescent(QUIET));
        assertEquals(later, await(bob.timeline(1)).get(0));
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldKeepAtLeastTheNewest800InATimeline(EngineKind kind) {
        Instance vub = start(kind);
        Session reader = await(vub.registerUser("reader"));
        List<Session> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            writers.add(await(vub.registerUser("writer" + w)));
            await(reader.follow("writer" + w));
        }
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            sent.add(await(writers.get(i % 4).sendMessage("n" + i)));
        }
        assertTrue(deployment.awaitQuiescent(QUIET));
        List<Message> timeline = await(reader.timeline(10_000));
        assertTrue(timeline.size() >= 800, "at least 800 kept, got " + timeline.size());
        assertEquals(reversed(sent).subList(0, 800), timeline.subList(0, 800));
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldLoseNothingUnderConcurrentClients(EngineKind kind) throws Exception {
        Instance vub = start(kind);
        int clients = 4;
        int usersPerClient = 20;
        int messagesPerUser = 25;
        Session hub = await(vub.registerUser("hub"));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                try {
                    for (int u = 0; u < usersPerClient; u++) {
                        Session s = await(vub.registerUser("u" + client + "_" + u));
                        await(s.follow("hub"));
                        List<CompletableFuture<Message>> pending = new ArrayList<>();
                        for (int m = 0; m < messagesPerUser; m++) {
                            pending.add(s.sendMessage("c" + client + " u" + u + " m" + m));
                        }
                        pending.forEach(Api::await);
                        await(hub.follow(s.user()));
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
        List<Message> hubSent = new ArrayList<>();
        for (int m = 0; m < 50; m++) {
            hubSent.add(await(hub.sendMessage("hub " + m)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures);
        assertTrue(deployment.awaitQuiescent(QUIET));
        int users = clients * usersPerClient;
        for (int c = 0; c < clients; c++) {
            for (int u = 0; u < usersPerClient; u++) {
                assertEquals(messagesPerUser, await(hub.profile("u" + c + "_" + u, 10_000)).size());
                Session s = await(vub.logIn("u" + c + "_" + u));
                List<Message> timeline = await(s.timeline(10_000));
                assertTrue(timeline.containsAll(hubSent), "every hub message reached " + s.user());
            }
        }
        List<Message> hubTimeline = await(hub.timeline(10_000));
        // RING and REDIS keep the newest 800 of every timeline; CENTRALIZED merges all followed users' messages.
        assertEquals(kind != EngineKind.CENTRALIZED ? Math.min(800, users * messagesPerUser) : users * messagesPerUser,
                hubTimeline.size());
        assertEquals(hubTimeline.size(), new HashSet<>(hubTimeline).size(), "no duplicates");
        assertNotEquals(0, deployment.metrics().totalDone());
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldAnswerClosedAfterClose(EngineKind kind) {
        Instance vub = start(kind);
        Session alice = await(vub.registerUser("alice"));
        deployment.close();
        expectError(ErrorCode.CLOSED, alice.sendMessage("too late"));
        expectError(ErrorCode.CLOSED, vub.registerUser("bob"));
        deployment.close(); // twice is harmless
        deployment = null;
    }

    static List<Message> sendMany(Session session, int count) {
        List<CompletableFuture<Message>> futures = new ArrayList<>();
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(session.sendMessage("message " + i));
            if (futures.size() == 200) {
                futures.forEach(f -> sent.add(await(f)));
                futures.clear();
            }
        }
        futures.forEach(f -> sent.add(await(f)));
        return sent;
    }

    static List<Message> reversed(List<Message> messages) {
        List<Message> copy = new ArrayList<>(messages);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
