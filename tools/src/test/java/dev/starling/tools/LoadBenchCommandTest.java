package dev.starling.tools;

import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.federation.Deployment;
import dev.starling.tools.experiment.ExperimentCommand;
import dev.starling.tools.workload.LoadManifest;
import dev.starling.tools.workload.ResultCsv;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The workload commands end to end on tiny graphs: load a directory, benchmark it, run an experiment. */
@Tag("slow")
class LoadBenchCommandTest {

    @TempDir
    Path dir;

    private static int run(Object command, String... args) {
        return new CommandLine(command).execute(args);
    }

    /** Runs a command with its error stream captured; returns the exit code and the errors. */
    private static Map.Entry<Integer, String> runCapturingErrors(Object command, String... args) {
        PrintStream before = System.err;
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            int code = run(command, args);
            return Map.entry(code, errors.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(before);
        }
    }

    private static Map<String, Map<String, String>> rowsByOperation(Path csv, String engine) {
        Map<String, Map<String, String>> rows = new HashMap<>();
        for (Map<String, String> row : ResultCsv.read(csv)) {
            if (row.get("engine").equals(engine)) {
                rows.put(row.get("operation"), row);
            }
        }
        return rows;
    }

    private static void assertEveryOperationCompleted(Map<String, Map<String, String>> rows) {
        for (String op : List.of("timeline", "profile", "send", "all")) {
            assertTrue(rows.containsKey(op), "no row for " + op + ": " + rows.keySet());
            assertTrue(Long.parseLong(rows.get(op).get("count")) > 0, op + " completed nothing");
            assertTrue(Double.parseDouble(rows.get(op).get("throughput")) > 0, op + " has no throughput");
            assertEquals("ok", rows.get(op).get("status"));
        }
    }

    @Test
    void shouldLoadATinyGraphThenBenchmarkItOnBothEngines() throws FileNotFoundException {
        Path data = dir.resolve("data");
        assertEquals(0, run(new LoadCommand(), "--data", data.toString(), "--users", "300", "--follows-mean", "5",
                "--messages-per-user", "2", "--threads", "1"));
        LoadManifest manifest = LoadManifest.read(data);
        assertEquals(300, manifest.users());
        assertTrue(manifest.complete());

        Path csv = dir.resolve("bench.csv");
        Path hlog = dir.resolve("bench.hlog");
        assertEquals(0, run(new BenchCommand(), "--data", data.toString(), "--duration", "1", "--warmup", "0.2",
                "--clients", "8", "--threads", "1", "--senders", "3", "--affinity", "auto", "--csv", csv.toString(),
                "--hlog", hlog.toString()));
        Map<String, Map<String, String>> ring = rowsByOperation(csv, "RING");
        assertEveryOperationCompleted(ring);
        Map<String, String> all = ring.get("all");
        assertEquals("300", all.get("users"));
        assertEquals(manifest.follows(), Long.parseLong(all.get("follows")));
        double share = Double.parseDouble(all.get("out_of_order_share"));
        assertTrue(share >= 0 && share <= 1, "out-of-order share " + share);
        double first = Double.parseDouble(all.get("bcast_first_same_p50_ms"));
        double last = Double.parseDouble(all.get("bcast_last_same_p50_ms"));
        assertTrue(first > 0 && last >= first, "broadcast latency of u3's messages: first " + first + ", last " + last);
        assertEquals("", all.get("bcast_first_other_p50_ms"), "one instance: no follower elsewhere");
        assertEquals("", ring.get("send").get("bcast_first_same_p50_ms"), "run-level figures on the 'all' row only");

        Map<String, Long> tagged = new HashMap<>();
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            tagged.merge(h.getTag(), ((org.HdrHistogram.Histogram) h).getTotalCount(), Long::sum);
        }
        for (String op : List.of("timeline", "profile", "send")) {
            assertEquals(Long.parseLong(ring.get(op).get("count")), tagged.getOrDefault(op, 0L), op + " in the .hlog");
        }

        assertOnlySenderPosted(data, manifest, 3, 4);

        assertEquals(0, run(new BenchCommand(), "--data", data.toString(), "--engine", "centralized", "--duration", "1",
                "--warmup", "0.2", "--clients", "8", "--csv", csv.toString()));
        Map<String, Map<String, String>> centralized = rowsByOperation(csv, "CENTRALIZED");
        assertEveryOperationCompleted(centralized);
        assertEquals("", centralized.get("all").get("bcast_first_same_p50_ms"), "timelines built at read time");
    }

    /** The RING bench's sends stayed in the data directory: all of them by {@code sender}, none by {@code other}. */
    private static void assertOnlySenderPosted(Path data, LoadManifest manifest, int sender, int other) {
        try (Deployment d = Deployment.builder().instances(manifest.domains().toArray(new String[0]))
                .shardsPerInstance(manifest.shards()).dataDirectory(data).threads(1).start()) {
            Session reader = d.instance(manifest.domains().get(0)).logIn("u" + other).join();
            List<Message> senderPosts = reader.profile("u" + sender, 10_000).join();
            List<Message> otherPosts = reader.profile("u" + other, 10_000).join();
            assertTrue(senderPosts.stream().anyMatch(m -> m.text().contains("benchmark")), "u" + sender + " sent nothing");
            assertEquals(manifest.messagesPerUser(), otherPosts.size(), "u" + other + " sent during the bench");
        }
    }

    @Test
    void shouldRefuseToLoadIntoADirectoryThatHoldsALoad() {
        Path data = dir.resolve("data");
        assertEquals(0, run(new LoadCommand(), "--data", data.toString(), "--users", "50", "--follows-mean", "2",
                "--messages-per-user", "1", "--threads", "1"));
        Map.Entry<Integer, String> again = runCapturingErrors(new LoadCommand(), "--data", data.toString(), "--users", "50");
        assertEquals(2, again.getKey());
        assertTrue(again.getValue().contains("already holds a load"), again.getValue());
    }

    @Test
    void shouldRemoveALoadTheEngineRefused() {
        Path data = dir.resolve("refused");
        // an engine setting that cannot start: shards beyond the engine's limit
        Map.Entry<Integer, String> refused = runCapturingErrors(new LoadCommand(), "--data", data.toString(), "--users", "50",
                "--shards", "1000");
        assertEquals(1, refused.getKey());
        assertTrue(refused.getValue().contains("shardsPerInstance"), refused.getValue());
        assertFalse(Files.exists(data), "the partial load was left behind");
    }

    @Test
    void shouldRunOpenLoopAtTheAskedRate() {
        Path csv = dir.resolve("open.csv");
        assertEquals(0, run(new BenchCommand(), "--users", "100", "--follows-mean", "3", "--messages-per-user", "1",
                "--engine", "centralized", "--rate", "200", "--clients", "8", "--duration", "1", "--warmup", "0.3",
                "--csv", csv.toString()));
        Map<String, String> all = rowsByOperation(csv, "CENTRALIZED").get("all");
        long count = Long.parseLong(all.get("count"));
        // 200 requests are due in the measured second; a late one still counts, from its intended start
        assertTrue(count >= 100 && count <= 210, "completed " + count);
        assertEquals("200", all.get("rate"));
    }

    @Test
    void shouldRunAQuickExperimentIntoCsvSummaryAndPlots() {
        Path out = dir.resolve("experiment");
        assertEquals(0, run(new ExperimentCommand(), "engines", "--out", out.toString(), "--quick", "--reps", "1",
                "--users", "200", "--duration", "0.5", "--warmup", "0.2", "--threads", "1"));
        List<Map<String, String>> rows = ResultCsv.read(out.resolve("engines.csv"));
        assertEquals(List.of("RING", "CENTRALIZED"), rows.stream().map(r -> r.get("engine")).distinct().toList());
        assertTrue(rows.stream().allMatch(r -> r.get("status").equals("ok")));
        for (String file : List.of("engines-summary.txt", "engines-throughput.png", "engines-latency.png", "environment.txt")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
    }
}
