package dev.starling.tools;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code starling seed} end to end with tiny parameters, and its refusal of bad numbers. */
@Tag("slow")
class SeedCommandTest {

    @TempDir
    Path dir;

    /** Exit code, standard output and standard error of one run of the command. */
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            int code = StarlingCli.commandLine(new SeedCommand()).execute(args);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static List<Map<String, String>> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(String.join(",", SeedCommand.CSV_COLUMNS), lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertEquals(SeedCommand.CSV_COLUMNS.size(), cells.length, line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < cells.length; i++) {
                row.put(SeedCommand.CSV_COLUMNS.get(i), cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static double number(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    @Test
    void shouldMeasureBothEnginesOnTheSameGraphAndWriteARowPerRepetitionAndEngine() throws IOException {
        Path csv = dir.resolve("seed.csv");
        Run run = run("--users", "200", "--calls", "100", "--reps", "2", "--mix-seconds", "1", "--mix-clients", "2",
                "--csv", csv.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains(Runtime.getRuntime().availableProcessors() + " cores, ")
                && run.out().contains(System.getProperty("java.runtime.version")), "machine at the top: " + run.out());
        assertTrue(run.out().contains("warm-up repetition per engine (not measured"), run.out());
        assertTrue(run.out().contains("RING (2 engine threads, 4 shards), 2 repetitions:"), run.out());
        assertTrue(run.out().contains("CENTRALIZED (1 thread), 2 repetitions:"), run.out());
        assertTrue(run.out().contains("(1) timeline  CENTRALIZED/RING time"), run.out());
        assertTrue(run.out().contains("(3) mix       RING/CENTRALIZED ops/s"), run.out());

        List<Map<String, String>> rows = rows(csv);
        assertEquals(4, rows.size(), "2 repetitions x 2 engines");
        // the engines take turns, the first alternating
        assertEquals(List.of("1:RING", "1:CENTRALIZED", "2:CENTRALIZED", "2:RING"),
                rows.stream().map(r -> r.get("rep") + ":" + r.get("engine")).toList());
        for (Map<String, String> row : rows) {
            assertTrue(number(row, "timeline_ms") > 0, row.toString());
            assertTrue(number(row, "send_ms") > 0, row.toString());
            assertTrue(number(row, "mix_ops_per_s") > 0, row.toString());
            double length = number(row, "timeline_messages_mean");
            assertTrue(length > 0 && length <= 25 * 10, "a whole timeline holds at most follows x messages: " + row);
            long follows = Long.parseLong(row.get("follows"));
            assertTrue(follows > 0 && follows <= 200 * 25, row.toString());
        }
        for (String rep : List.of("1", "2")) {
            List<Map<String, String>> both = rows.stream().filter(r -> r.get("rep").equals(rep)).toList();
            assertEquals(both.get(0).get("follows"), both.get(1).get("follows"), "same graph for both engines in rep " + rep);
            assertEquals(both.get(0).get("timeline_messages_mean"), both.get(1).get("timeline_messages_mean"),
                    "same users read, same whole timelines, in rep " + rep);
        }
    }

    @Test
    void shouldMeasureOneEngineAloneWithoutRatios() throws IOException {
        Path csv = dir.resolve("centralized.csv");
        Run run = run("--engine", "centralized", "--users", "200", "--calls", "100", "--reps", "1",
                "--mix-seconds", "1", "--mix-clients", "2", "--csv", csv.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("CENTRALIZED (1 thread), 1 repetition:"), run.out());
        assertFalse(run.out().contains("RING ("), run.out());
        assertFalse(run.out().contains("Ratios"), run.out());
        List<Map<String, String>> rows = rows(csv);
        assertEquals(1, rows.size());
        assertEquals("CENTRALIZED", rows.get(0).get("engine"));
    }

    @Test
    void shouldRefuseABadNumberInOneLineBeforeAnyWork() {
        Path csv = dir.resolve("never.csv");
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("--calls", "0"), "--calls must be 1 to 10,000,000, got 0");
        cases.put(List.of("--users", "-5"), "--users must be 2 to 1,000,000, got -5");
        cases.put(List.of("--reps", "1000000"), "--reps must be 1 to 10,000, got 1,000,000");
        cases.put(List.of("--mix-seconds", "0"), "--mix-seconds must be above 0");
        cases.put(List.of("--follows", "0"), "--follows must be 1 to 1,000, got 0");
        cases.put(List.of("--engine", "mysql"), "--engine must be ring, centralized, redis, both, all or a comma-separated"
                + " list of engines, got 'mysql'");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(c.getKey());
            args.addAll(List.of("--csv", csv.toString()));
            Run run = run(args.toArray(new String[0]));
            assertEquals(2, run.code(), c.getKey() + ": " + run.err());
            assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
            assertTrue(run.err().startsWith("seed: ") && run.err().contains(c.getValue()), run.err());
            assertEquals("", run.out(), "nothing measured or printed for " + c.getKey());
            assertFalse(Files.exists(csv), "no CSV written for " + c.getKey());
        }
    }

    @Test
    void shouldMeasureAServedInstanceBesideRingWithFreshUsersEachRepetition() throws IOException {
        String endpoint = "127.0.0.1:" + dev.starling.tools.workload.ServedProcesses.freeUdpPort();
        try (dev.starling.federation.Deployment served = dev.starling.federation.Deployment.builder()
                .instances("vub.be").threads(1).shardsPerInstance(2).listen(endpoint).start()) {
            Path csv = dir.resolve("served.csv");
            Run run = run("--connect", "vub.be=" + endpoint, "--users", "100", "--calls", "50", "--reps", "2",
                    "--mix-seconds", "1", "--mix-clients", "2", "--csv", csv.toString());
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().contains("SERVED (vub.be at " + endpoint + ", through connect"), run.out());
            assertTrue(run.out().contains("Ratios of the medians, RING against SERVED"), run.out());
            List<Map<String, String>> rows = rows(csv);
            assertEquals(List.of("RING", "SERVED", "SERVED", "RING"), rows.stream().map(r -> r.get("engine")).toList(),
                    "RING alone beside the served instance, taking turns");
            for (Map<String, String> row : rows) {
                assertTrue(number(row, "timeline_messages_mean") > 0, "whole timelines read: " + row);
            }
            // three loads (warm-up and two repetitions) of 100 users each, kept by the served instance
            assertTrue(served.metrics().instance("vub.be").requestsDone().get(dev.starling.spi.RequestType.REGISTER) >= 300);
        }
    }
}
