package dev.starling.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Misuse of every command, as a new user meets it: one line on stderr, prefixed by the command and
 * naming the bad option, exit code 2, no stack trace, nothing on stdout, and done in under 5 s,
 * before any heavy work (no graph built, no stores created, no cycle run).
 */
class MisuseTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err, long millis) {
    }

    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        long start = System.nanoTime();
        try {
            int code = StarlingCli.commandLine(new StarlingCli()).execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8),
                    (System.nanoTime() - start) / 1_000_000);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Each case: the arguments and what its one line must contain (the option named). */
    private List<String[]> cases() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        String f = file.toString();
        String d = dir.resolve("new-dir").toString();
        List<String[]> c = new ArrayList<>();
        c.add(new String[] {"--threads must be 1 to 1,024, got -2", "demo", "--threads", "-2"});
        c.add(new String[] {"--threads must be 1 to 1,024, got 0", "demo", "--threads", "0"});
        c.add(new String[] {"--threads must be 1 to 1,024, got 5,000", "demo", "--threads", "5000"});
        c.add(new String[] {"--shards must be 1 to 64, got 0", "demo", "--shards", "0"});
        c.add(new String[] {"--duration must be 3 s to", "demo", "--duration", "-3"});
        c.add(new String[] {"--idle", "demo", "--idle", "nap"});
        c.add(new String[] {"--users", "demo", "--users", "2000000000"});
        c.add(new String[] {"did you mean --threads?", "demo", "--thread", "2"});
        c.add(new String[] {"--mix", "demo", "--mix", "1:2"});
        c.add(new String[] {"--data", "load", "--users", "10"});
        c.add(new String[] {"--follows-mean must be 0 to 9", "load", "--data", d, "--users", "10"});
        c.add(new String[] {"--instances must be 1 to", "load", "--data", d, "--users", "100", "--instances", "0"});
        c.add(new String[] {"--data /proc/nope/x", "load", "--data", "/proc/nope/x", "--users", "100"});
        c.add(new String[] {"--duration must be above 0 s", "bench", "--users", "100", "--duration", "-3"});
        c.add(new String[] {"--duration", "bench", "--users", "100", "--duration", "10 parsecs"});
        c.add(new String[] {"--users must be at most", "bench", "--users", "2000000000"});
        c.add(new String[] {"of heap", "bench", "--users", "60000000"});
        c.add(new String[] {"does not exist", "bench", "--data", dir.resolve("missing").toString()});
        c.add(new String[] {"is a file", "bench", "--data", f});
        c.add(new String[] {"--csv " + dir + " is a directory", "bench", "--users", "100", "--csv", dir.toString()});
        c.add(new String[] {"--rate", "bench", "--users", "100", "--rate", "-1"});
        c.add(new String[] {"--engine", "bench", "--users", "100", "--engine", "mysql"});
        c.add(new String[] {"--engine must be ring, centralized, redis, both, all", "demo", "--engine", "mongo"});
        c.add(new String[] {"got 'mongo'", "seed", "--engine", "ring,mongo"});
        c.add(new String[] {"--redis-uri must be redis://HOST:PORT, got 'localhost:6379'", "demo", "--engine", "redis",
                "--redis-uri", "localhost:6379"});
        c.add(new String[] {"--threads must be 1 to 1,024, got 0", "seed", "--threads", "0"});
        c.add(new String[] {"--mix-seconds must be above 0", "seed", "--mix-seconds", "0"});
        c.add(new String[] {"--out", "experiment", "speedup"});
        c.add(new String[] {"EXPERIMENT must be", "experiment", "fast", "--out", d});
        c.add(new String[] {"--out " + f + " is a file", "experiment", "speedup", "--quick", "--out", f});
        c.add(new String[] {"--out /proc/nope", "experiment", "speedup", "--quick", "--out", "/proc/nope"});
        c.add(new String[] {"--reps must be 1 to", "experiment", "engines", "--out", d, "--reps", "0"});
        c.add(new String[] {"--followers must be 1 to", "broadcast", "--followers", "-5"});
        c.add(new String[] {"free", "broadcast", "--followers", "2000000000"});
        c.add(new String[] {"--instances must be 1 to 64, got 0", "broadcast", "--instances", "0"});
        c.add(new String[] {"--thresholds MISSING does not exist", "gate", "--thresholds", "MISSING"});
        c.add(new String[] {"--users must be 100 to", "gate", "--users", "5"});
        c.add(new String[] {"--out " + f + " is a file", "gossip", "elastic", "--out", f});
        c.add(new String[] {"--peers must be 5 to", "gossip", "elastic", "--out", d, "--peers", "2"});
        c.add(new String[] {"--out " + f + " is a file", "gossip", "simulate", "--out", f, "--nodes", "10", "--view", "3",
                "--healing", "1", "--swap", "1"});
        c.add(new String[] {"--out /proc/nope", "gossip", "simulate", "--out", "/proc/nope", "--nodes", "10", "--view", "3",
                "--healing", "1", "--swap", "1"});
        c.add(new String[] {"--view must be 2 to 99, got 200", "gossip", "simulate", "--out", d, "--nodes", "100",
                "--view", "200", "--healing", "1", "--swap", "1"});
        c.add(new String[] {"--healing must be 0 to 20, got 30", "gossip", "simulate", "--out", d, "--nodes", "100",
                "--view", "20", "--healing", "30", "--swap", "1"});
        c.add(new String[] {"--swap-counts: swapcount must be one of view, buffer, not 'bogus'", "gossip", "simulate",
                "--out", d, "--nodes", "100", "--view", "20", "--healing", "1", "--swap", "1", "--swap-counts", "bogus"});
        c.add(new String[] {"--cycles must be above --crash-at (300, its default), got 40", "gossip", "paper", "--out", d,
                "--cycles", "40"});
        c.add(new String[] {"--out " + f + " is a file", "gossip", "paper", "--out", f});
        c.add(new String[] {"Missing required option: '--domain=DOMAIN'", "serve", "--data", d});
        c.add(new String[] {"--listen: not HOST:PORT", "serve", "--domain", "vub.be", "--data", d, "--listen", "nowhere"});
        c.add(new String[] {"--peer ulb.be: port out of range", "serve", "--domain", "vub.be", "--data", d,
                "--peer", "ulb.be=localhost:99999"});
        c.add(new String[] {"--peer vub.be is also a --domain", "serve", "--domain", "vub.be", "--data", d,
                "--peer", "vub.be=localhost:2000"});
        c.add(new String[] {"--domain: not a domain", "serve", "--domain", "v@b", "--data", d});
        c.add(new String[] {"--data " + f + " is a file", "serve", "--domain", "vub.be", "--data", f});
        c.add(new String[] {"--aeron-dir " + d + "/none is not a directory (start the media driver first: starling driver",
                "serve", "--domain", "vub.be", "--data", d, "--aeron-dir", d + "/none"});
        c.add(new String[] {"--aeron-dir " + f + " is a file", "driver", "--aeron-dir", f});
        c.add(new String[] {"--aeron-dir goes with --connect", "demo", "--aeron-dir", d});
        c.add(new String[] {"holds other files; the driver deletes its directory on exit", "driver", "--aeron-dir",
                Path.of(f).getParent().toString()});
        c.add(new String[] {"--aeron-dir " + d + "/none is not a directory", "broadcast", "--connect",
                "vub.be=127.0.0.1:20121", "--aeron-dir", d + "/none"});
        c.add(new String[] {"--connect vub.be: not HOST:PORT", "demo", "--connect", "vub.be=nohost"});
        c.add(new String[] {"--engine and --connect: served instances run the RING engine", "bench", "--connect",
                "vub.be=localhost:2000", "--engine", "centralized"});
        c.add(new String[] {"--instances and --connect: the instances are the --connect domains", "bench", "--connect",
                "vub.be=localhost:2000", "--instances", "2"});
        c.add(new String[] {"--instances and --connect: the instances are the --connect domains", "load", "--data", d,
                "--connect", "vub.be=localhost:2000", "--instances", "2"});
        c.add(new String[] {"--connect vub.be: not HOST:PORT", "load", "--data", d, "--connect", "vub.be=nohost"});
        c.add(new String[] {"--instances and --connect: the instances are the --connect domains", "broadcast",
                "--connect", "vub.be=localhost:2000", "--instances", "2"});
        c.add(new String[] {"--connect: the seed shape runs on one instance; name one served domain, got 2", "seed",
                "--connect", "vub.be=localhost:2000,ulb.be=localhost:2001"});
        c.add(new String[] {"--broadcast-sampling must be a power of two (1, 2, 4, ...), got 3", "serve", "--domain",
                "vub.be", "--data", d, "--broadcast-sampling", "3"});
        return c;
    }

    @Test
    void shouldRefuseEveryMisuseInOneLineWithExitCode2BeforeAnyWork() throws IOException {
        for (String[] c : cases()) {
            String expected = c[0];
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            String command = args[0].equals("gossip") ? "gossip " + args[1] : args[0];
            Run run = run(args);
            String what = String.join(" ", args) + " -> " + run.err();
            assertEquals(2, run.code(), what);
            assertEquals(1, run.err().strip().lines().count(), "one line: " + what);
            assertTrue(run.err().startsWith(command + ": "), "prefixed by the command: " + what);
            assertTrue(run.err().contains(expected), "says '" + expected + "': " + what);
            assertTrue(run.err().lines().noneMatch(l -> l.strip().startsWith("at ")), "no stack trace: " + what);
            assertEquals("", run.out(), "nothing on stdout: " + what);
            // the runs these would start take minutes to days; a refusal (the JVM's class loading
            // included, on a busy 2-core machine) takes seconds
            assertTrue(run.millis() < 30_000, "refused in " + run.millis() + " ms: " + what);
        }
        assertTrue(Files.notExists(dir.resolve("new-dir").resolve("stats.csv")), "no simulation ran");
    }

    @Test
    void shouldAcceptEnumsInAnyCaseAndDurationsWithUnits() {
        // valid --idle and --duration values: the one error is about the option after them
        Run run = run("demo", "--idle", "park", "--duration", "10s", "--warmup", "500ms", "--threads", "0");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("--threads must be"), run.err());
        run = run("bench", "--engine", "Centralized", "--idle", "YIELD", "--duration", "2m", "--users", "100", "--limit", "0");
        assertTrue(run.err().contains("--limit must be 1 to 10,000, got 0"), run.err());
    }

    @Test
    void shouldNotPrintUsageForAMissingOptionButSayWhereHelpIs() {
        Run run = run("experiment", "speedup");
        assertEquals("experiment: Missing required option: '--out=DIR' (see 'starling experiment --help')", run.err().strip());
    }
}
