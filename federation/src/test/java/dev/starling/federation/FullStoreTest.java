package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.Message;
import dev.starling.api.Session;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static dev.starling.federation.Api.await;
import static dev.starling.federation.Api.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stores that hold far more than the load they were sized for (the builder's {@code
 * expectedLoad}): every write is still taken, typed errors only, and everything acknowledged is
 * found again after a reopen. CENTRALIZED keeps everything on the heap and cannot fill; it runs
 * the same calls so that both engines answer alike.
 */
class FullStoreTest {

    private static final Duration QUIET = Duration.ofSeconds(60);

    /** The reported case: one user of a shard sized for one message sends 20,000. */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldTakeTwentyThousandMessagesOfOneUserOnAStoreSizedForOne(EngineKind kind) {
        try (Deployment d = Deployment.builder().instances("vub.be").engine(kind).shardsPerInstance(4)
                .expectedLoad(1, 1, 1).start()) {
            Instance vub = d.instance("vub.be");
            Session alice = await(vub.registerUser("alice"));
            List<Session> others = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                others.add(await(vub.registerUser("other" + i))); // on every shard, alice's among them
            }
            for (int i = 0; i < 20_000; i++) {
                String text = "m" + i;
                take(() -> alice.sendMessage(text), "send " + (i + 1) + " of 20,000");
            }
            for (Session other : others) {
                take(() -> other.sendMessage("still taking writes"), other.user());
            }
            List<Message> all = pageProfile(alice, "alice");
            assertEquals(20_000, all.size());
            assertEquals("m19999", all.get(0).text());
            assertEquals("m0", all.get(all.size() - 1).text());
        }
    }

    /** The largest message (500 four-byte code points from the longest sender name) on the smallest stores. */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldTakeTheLargestMessageOnTheSmallestStores(EngineKind kind) {
        String domain = "d".repeat(249) + ".be";
        try (Deployment d = Deployment.builder().instances(domain).engine(kind).shardsPerInstance(1)
                .expectedLoad(1, 1, 1).start()) {
            Session user = await(d.instance(domain).registerUser("u".repeat(30)));
            String largest = "\uD83D\uDE00".repeat(500);
            for (int i = 0; i < 50; i++) {
                assertEquals(largest, await(user.sendMessage(largest)).text());
            }
            assertEquals(50, await(user.profile(user.user(), 100)).size());
        }
    }

    /**
     * 100 times the expected load of users, follows and messages on one shard: everything is taken,
     * and (RING) found again, edges included, after close and reopen.
     */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    @Tag("slow")
    void shouldGrowEveryStoreOfOneShardAHundredTimesAndKeepItAcrossReopening(EngineKind kind, @TempDir Path dir) {
        int users = 20 * 100;
        int follows = 10;
        int messages = 10;
        Map<String, List<Message>> sent = new HashMap<>();
        Map<String, Set<String>> following = new HashMap<>();
        try (Deployment d = open(kind, dir)) {
            Instance vub = d.instance("vub.be");
            List<Session> sessions = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                String name = "user" + u;
                sessions.add(take(() -> vub.registerUser(name), "register " + name));
            }
            for (int u = 0; u < users; u++) {
                Set<String> targets = new HashSet<>();
                for (int f = 1; f <= follows; f++) {
                    String target = "user" + ((u + f * 37) % users);
                    Session follower = sessions.get(u);
                    take(() -> follower.follow(target), "follow " + u + " -> " + target);
                    targets.add(target + "@vub.be");
                }
                following.put("user" + u, targets);
            }
            for (int m = 0; m < messages; m++) {
                for (int u = 0; u < users; u++) {
                    Session sender = sessions.get(u);
                    String text = "message " + m + " of " + u;
                    Message message = take(() -> sender.sendMessage(text), "send " + m + " of user" + u);
                    sent.computeIfAbsent(sender.user(), k -> new ArrayList<>()).add(message);
                }
            }
            assertTrue(d.awaitQuiescent(QUIET));
            if (kind != EngineKind.RING) { // CENTRALIZED and REDIS keep nothing across a restart
                checkEverything(vub, users, sent, following);
                return;
            }
        }
        try (Deployment d = open(kind, dir)) {
            checkEverything(d.instance("vub.be"), users, sent, following);
            Session late = await(d.instance("vub.be").registerUser("late"));
            take(() -> late.sendMessage("after reopening"), "a send after reopening");
        }
    }

    /**
     * The result of a write, made again after {@code OVERLOADED} (back-pressure, which a loaded
     * machine can give even a lone client while the engine threads of other shards lag behind the
     * ring); any other error fails the test.
     */
    static <T> T take(Supplier<CompletableFuture<T>> write, String what) {
        while (true) {
            CompletableFuture<T> future = write.get();
            ErrorCode code = outcome(future);
            if (code == null) {
                return future.join();
            }
            assertEquals(ErrorCode.OVERLOADED, code, what + " is taken, or refused for back-pressure only");
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static Deployment open(EngineKind kind, Path dir) {
        Deployment.Builder builder = Deployment.builder().instances("vub.be").engine(kind).shardsPerInstance(1)
                .expectedLoad(20, 10, 10);
        return (kind == EngineKind.RING ? builder.dataDirectory(dir) : builder).start();
    }

    private static void checkEverything(Instance vub, int users, Map<String, List<Message>> sent,
                                        Map<String, Set<String>> following) {
        for (int u = 0; u < users; u++) {
            Session session = await(vub.logIn("user" + u));
            List<Message> own = new ArrayList<>(sent.get(session.user()));
            java.util.Collections.reverse(own);
            assertEquals(own, await(session.profile(session.user(), 10_000)), session.user());
            Set<Message> expected = new HashSet<>();
            for (String target : following.get("user" + u)) {
                expected.addAll(sent.get(target));
            }
            assertEquals(expected, new HashSet<>(await(session.timeline(10_000))), "timeline of " + session.user());
            assertEquals(ErrorCode.CANNOT_FOLLOW_SELF, outcome(session.follow(session.user())));
        }
    }

    /** Every message of a profile, read in pages of 1,000. */
    static List<Message> pageProfile(Session reader, String user) {
        List<Message> all = new ArrayList<>();
        List<Message> page = await(reader.profile(user, 1_000));
        while (!page.isEmpty()) {
            all.addAll(page);
            page = await(reader.profile(user, 1_000, page.get(page.size() - 1).timestampMicros()));
        }
        return all;
    }

    @Test
    void shouldKeepOtherShardsServingWhileOneShardGrows() {
        try (Deployment d = Deployment.builder().instances("vub.be").engine(EngineKind.RING).shardsPerInstance(4)
                .expectedLoad(4, 1, 1).start()) {
            Instance vub = d.instance("vub.be");
            Session heavy = await(vub.registerUser("heavy"));
            List<Session> others = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String name = "u" + i;
                others.add(take(() -> vub.registerUser(name), "register " + name));
            }
            for (Session other : others) {
                take(() -> heavy.follow(other.user()), "follow " + other.user());
                take(() -> other.follow("heavy"), other.user() + " follows heavy");
            }
            for (int i = 0; i < 2_000; i++) {
                String text = "h" + i;
                take(() -> heavy.sendMessage(text), "heavy's send " + i);
                if (i % 10 == 0) {
                    Session other = others.get(i / 10 % others.size());
                    String otherText = "o" + i;
                    take(() -> other.sendMessage(otherText), other.user() + "'s send");
                }
            }
            assertTrue(d.awaitQuiescent(QUIET));
            assertEquals(800, await(others.get(0).timeline(10_000)).size());
            assertEquals(200, await(heavy.timeline(10_000)).size());
            assertEquals(0, d.metrics().instance("vub.be").faults());
        }
    }
}
