package dev.starling.federation;

import dev.starling.api.Instance;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.engine.FaultInjector;
import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.onoes.ExceptionKey;
import net.openhft.chronicle.core.onoes.LogLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.starling.federation.Api.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Crash safety of the RING engine: a child JVM ({@link CrashLoadMain}) loads a deployment and is
 * killed with SIGKILL in the middle of the load; a second child reopens the same data directory
 * (through Chronicle's recovery), loads more and is killed too. A deployment opened here on that
 * directory must then hold every user, follow edge and message whose acknowledgement either
 * child recorded, and its stores must open without a corruption report.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashSafetyTest {

    private static final int ACKS_BEFORE_KILL = 1_500;
    private static final int CLIENTS = 3;
    /** Each child's acknowledgements before its shards stop applying hand-overs: the rest are stranded by the kill. */
    private static final int STALL_AFTER = ACKS_BEFORE_KILL - 300;
    private static final Duration QUIET = Duration.ofSeconds(60);

    private Path dir;
    private final Map<String, Integer> exitCodes = new LinkedHashMap<>();
    private final Set<String> openMarkersLeft = new LinkedHashSet<>();
    private final Set<String> users = new LinkedHashSet<>();
    private final Map<String, Set<String>> follows = new LinkedHashMap<>();
    private final Map<String, List<Message>> messages = new LinkedHashMap<>();
    private final List<String> corruptionReports = new ArrayList<>();
    private Deployment deployment;
    private Instance vub;

    /** The deployment both the children and this test open: RING, 2 threads, 4 shards. */
    static Deployment open(Path dir, FaultInjector injector) {
        return Deployment.builder().instances("vub.be").engine(EngineKind.RING).threads(2).shardsPerInstance(4)
                .dataDirectory(dir).expectedLoad(5_000, CrashLoadMain.MESSAGES_PER_USER, CrashLoadMain.FOLLOWS_PER_USER)
                .faultInjector(injector).start();
    }

    @BeforeAll
    void crashTwiceThenReopen() throws Exception {
        dir = Files.createTempDirectory("starling-crash-");
        Path ackFile = dir.resolve("acks.txt");
        Path data = dir.resolve("data");
        for (String round : List.of("a", "b")) {
            long linesBefore = lines(ackFile).size();
            exitCodes.put(round, loadUntilKilled(data, ackFile, round, linesBefore + ACKS_BEFORE_KILL));
            try (Stream<Path> markers = Files.walk(data)) {
                markers.filter(p -> p.getFileName().toString().equals("OPEN"))
                        .forEach(p -> openMarkersLeft.add(round + ":" + data.relativize(p.getParent())));
            }
        }
        readAcknowledgements(ackFile);
        Map<ExceptionKey, Integer> recorded = Jvm.recordExceptions(false, false, true);
        try {
            deployment = open(data, new FaultInjector());
        } finally {
            // the stores report at ERROR level only an entry recovery dropped (RecoveryReports); the
            // locks and counters a kill leaves behind are repaired with a warning
            recorded.forEach((key, count) -> {
                if (key.level() == LogLevel.ERROR) {
                    corruptionReports.add(key.message() + " x" + count);
                }
            });
            Jvm.resetExceptionHandlers();
        }
        vub = deployment.instance("vub.be");
        assertTrue(deployment.awaitQuiescent(QUIET));
    }

    @AfterAll
    void closeAndDelete() throws IOException {
        if (deployment != null) {
            deployment.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /**
     * Starts a child JVM with this JVM's flags and class path, waits until it has recorded
     * {@code killAt} acknowledgements in all, kills it with SIGKILL and returns its exit status.
     */
    private static int loadUntilKilled(Path data, Path ackFile, String prefix, long killAt) throws Exception {
        List<String> command = ChildJvm.command("512m", CrashLoadMain.class,
                data.toString(), ackFile.toString(), prefix, Integer.toString(CLIENTS), Integer.toString(STALL_AFTER));
        Path log = ackFile.resolveSibling("child-" + prefix + ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (lines(ackFile).size() < killAt) {
                if (!child.isAlive()) {
                    fail("the child died on its own (exit " + child.exitValue() + "):\n" + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("the child recorded too few acknowledgements in 120 s:\n" + Files.readString(log));
                }
                Thread.sleep(5);
            }
            assertTrue(child.isAlive(), "still loading when killed");
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close of the stores
            child.waitFor(30, TimeUnit.SECONDS);
        }
        return child.exitValue();
    }

    /** Complete lines only: a line cut by the kill was never wholly written, so it records nothing. */
    private static List<String> lines(Path ackFile) throws IOException {
        if (!Files.exists(ackFile)) {
            return List.of();
        }
        String all = Files.readString(ackFile, StandardCharsets.UTF_8);
        int end = all.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(all.substring(0, end).split("\n"));
    }

    private void readAcknowledgements(Path ackFile) throws IOException {
        for (String line : lines(ackFile)) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "U" -> users.add(f[1]);
                case "F" -> follows.computeIfAbsent(f[1], k -> new LinkedHashSet<>()).add(f[2]);
                case "M" -> messages.computeIfAbsent(f[1], k -> new ArrayList<>())
                        .add(new Message(Long.parseLong(f[2]), f[1], f[4], Long.parseLong(f[3])));
                default -> fail("unknown acknowledgement line: " + line);
            }
        }
    }

    @Test
    @Order(1)
    void shouldHaveKilledBothChildrenMidLoadLeavingTheStoresOpen() {
        System.out.printf("crash rounds: exit codes %s; acknowledged %d users, %d follow edges, %d messages%n",
                exitCodes, users.size(), follows.values().stream().mapToInt(Set::size).sum(),
                messages.values().stream().mapToInt(List::size).sum());
        assertEquals(Map.of("a", 137, "b", 137), exitCodes, "128 + SIGKILL");
        for (String round : List.of("a", "b")) {
            for (int shard = 0; shard < 4; shard++) {
                assertTrue(openMarkersLeft.contains(round + ":vub.be/shard-" + shard),
                        "the killed child left shard " + shard + " open: " + openMarkersLeft);
            }
        }
        assertTrue(users.stream().anyMatch(u -> u.startsWith("a")) && users.stream().anyMatch(u -> u.startsWith("b")));
    }

    @Test
    @Order(2)
    void shouldOpenTheStoresWithoutCorruptionReports() throws IOException {
        assertNotNull(deployment);
        List<String> childErrors = Files.readAllLines(dir.resolve("child-b.log")).stream()
                .filter(line -> line.contains(" ERROR ")).toList();
        System.out.println("corruption reports: here " + corruptionReports + ", second child " + childErrors);
        assertEquals(List.of(), corruptionReports, "reopened here after the second kill");
        assertEquals(List.of(), childErrors, "reopened by the second child after the first kill");
    }

    @Test
    @Order(3)
    void shouldFindEveryAcknowledgedUser() {
        for (String user : users) {
            assertEquals(user, await(vub.logIn(user)).user());
        }
    }

    @Test
    @Order(4)
    void shouldFindEveryAcknowledgedMessageInItsSendersProfile() {
        Session reader = await(vub.logIn(users.iterator().next()));
        for (Map.Entry<String, List<Message>> e : messages.entrySet()) {
            List<Message> profile = await(reader.profile(e.getKey(), 10_000));
            assertNewestFirstOnce(profile, e.getKey() + "'s profile");
            for (Message acknowledged : e.getValue()) {
                assertTrue(profile.contains(acknowledged), "acknowledged " + acknowledged + " is in " + profile);
            }
        }
    }

    @Test
    @Order(5)
    void shouldKeepEveryAcknowledgedFollowEdge() {
        Set<String> followed = new LinkedHashSet<>();
        follows.values().forEach(followed::addAll);
        Map<String, Message> probes = new HashMap<>();
        for (String user : followed) {
            probes.put(user, await(await(vub.logIn(user)).sendMessage("probe after the crash")));
        }
        assertTrue(deployment.awaitQuiescent(QUIET));
        for (Map.Entry<String, Set<String>> e : follows.entrySet()) {
            List<Message> timeline = await(await(vub.logIn(e.getKey())).timeline(10_000));
            assertNewestFirstOnce(timeline, e.getKey() + "'s timeline");
            for (String user : e.getValue()) {
                assertTrue(timeline.contains(probes.get(user)), e.getKey() + " still follows " + user);
            }
        }
    }

    /**
     * Each user sends few messages and follows few users, so a follower's timeline window holds
     * all of its followed users' messages: every acknowledged one must be there once quiescent.
     */
    @Test
    @Order(6)
    void shouldHoldEveryAcknowledgedMessageInEveryAcknowledgedFollowersTimeline() {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : follows.entrySet()) {
            List<Message> timeline = await(await(vub.logIn(e.getKey())).timeline(10_000));
            assertNewestFirstOnce(timeline, e.getKey() + "'s timeline");
            for (String user : e.getValue()) {
                for (Message m : messages.getOrDefault(user, List.of())) {
                    if (!timeline.contains(m)) {
                        missing.add(e.getKey() + " lacks " + m);
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    /** Each message once (a torn update repaired), newest first: stamps fall, ties by falling id. */
    private static void assertNewestFirstOnce(List<Message> messages, String what) {
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            assertTrue(ids.add(messages.get(i).id()), what + " shows " + messages.get(i) + " twice");
            if (i > 0) {
                Message newer = messages.get(i - 1);
                Message older = messages.get(i);
                assertTrue(newer.timestampMicros() > older.timestampMicros()
                        || (newer.timestampMicros() == older.timestampMicros() && newer.id() > older.id()),
                        what + " is newest first at " + i + ": " + newer + " then " + older);
            }
        }
    }

    @Test
    @Order(7)
    void shouldServeNewWorkAfterRecovery() {
        Session newcomer = await(vub.registerUser("after_crash"));
        String someone = users.iterator().next();
        await(newcomer.follow(someone));
        Message m = await(await(vub.logIn(someone)).sendMessage("after recovery"));
        assertTrue(deployment.awaitQuiescent(QUIET));
        assertEquals(m, await(newcomer.timeline(1)).get(0));
        List<Message> profile = await(newcomer.profile(someone, 10_000));
        assertEquals(m, profile.get(0));
        assertTrue(messages.getOrDefault(someone, List.of()).stream().noneMatch(old -> old.id() == m.id()),
                "a new message gets a fresh id after recovery");
    }
}
