package dev.starling.tools;

import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.federation.Deployment;
import dev.starling.tools.experiment.ExperimentCommand;
import dev.starling.tools.workload.LoadManifest;
import dev.starling.tools.workload.ResultCsv;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogProcessor;
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
        return StarlingCli.commandLine(command).execute(args);
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
    void shouldLoadATinyGraphThenBenchmarkItOnBothEngines() throws java.io.IOException {
        Path data = dir.resolve("data");
        assertEquals(0, run(new LoadCommand(), "--data", data.toString(), "--users", "300", "--follows-mean", "5",
                "--messages-per-user", "2", "--threads", "1"));
        LoadManifest manifest = LoadManifest.read(data);
        assertEquals(300, manifest.users());
        assertEquals(List.of("*"), Files.readAllLines(data.resolve(".gitignore")).stream()
                .filter(l -> !l.startsWith("#")).toList(), "a data directory made in a work tree stays out of git status");
        assertTrue(manifest.complete());

        Path csv = dir.resolve("bench.csv");
        Path hlog = dir.resolve("bench.hlog");
        // 2 s: the engine-side window starts with the runner's first sample, late on a starved machine
        assertEquals(0, run(new BenchCommand(), "--data", data.toString(), "--duration", "2", "--warmup", "0.2",
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
            tagged.merge(h.getTag() == null ? "untagged" : h.getTag(), ((org.HdrHistogram.Histogram) h).getTotalCount(), Long::sum);
        }
        for (String op : List.of("timeline", "profile", "send")) {
            assertEquals(Long.parseLong(ring.get(op).get("count")), tagged.getOrDefault(op, 0L), op + " in the .hlog");
        }
        assertEquals(Long.parseLong(all.get("count")), tagged.getOrDefault("untagged", 0L), "all operations, untagged");
        assertHistogramLogProcessorReads(hlog, Long.parseLong(all.get("count")));

        assertOnlySenderPosted(data, manifest, 3, 4);

        assertEquals(0, run(new BenchCommand(), "--data", data.toString(), "--engine", "centralized", "--duration", "1",
                "--warmup", "0.2", "--clients", "8", "--csv", csv.toString()));
        Map<String, Map<String, String>> centralized = rowsByOperation(csv, "CENTRALIZED");
        assertEveryOperationCompleted(centralized);
        assertEquals("", centralized.get("all").get("bcast_first_same_p50_ms"), "timelines built at read time");
    }

    /** HdrHistogram's own log processor, without -tag, reads the untagged histograms: all operations. */
    private void assertHistogramLogProcessorReads(Path hlog, long count) {
        Path out = dir.resolve("processed");
        try {
            new HistogramLogProcessor(new String[] {"-i", hlog.toString(), "-o", out.toString()}).run();
        } catch (FileNotFoundException e) {
            throw new AssertionError(e);
        }
        Path percentiles = dir.resolve("processed.hgrm");
        assertTrue(Files.isRegularFile(percentiles), "no " + percentiles);
        String text = readString(percentiles);
        assertTrue(text.contains("Total count"), text);
        assertTrue(text.matches("(?s).*Total count\\s*=\\s*" + count + "\\b.*"), "expected " + count + " in\n" + text);
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs a command with its output captured; returns the exit code and what it printed (out, then err). */
    private static Map.Entry<Integer, String> runCapturing(Object command, String... args) {
        PrintStream before = System.out;
        PrintStream beforeErr = System.err;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(output, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int code = run(command, args);
            return Map.entry(code, output.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(before);
            System.setErr(beforeErr);
        }
    }

    private static byte[] gzip(String text) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Test
    void shouldLoadAGzipFileSayWhatItDroppedAndBenchFromTheManifestOnceTheFileMoved() throws Exception {
        // a 1-based ring of 30 nodes, with a header, a self-loop and a repeated edge
        StringBuilder text = new StringBuilder("# a ring\nsource,target\n");
        for (int k = 1; k <= 30; k++) {
            text.append(k).append(',').append(k % 30 + 1).append('\n');
        }
        text.append("7,7\n2,1\n");
        Path graph = dir.resolve("ring.csv.gz");
        Files.write(graph, gzip(text.toString()));
        Path data = dir.resolve("data");
        Map.Entry<Integer, String> load = runCapturing(new LoadCommand(), "--data", data.toString(), "--graph", graph.toString(),
                "--messages-per-user", "1", "--threads", "1");
        assertEquals(0, load.getKey(), load.getValue());
        String summary = load.getValue();
        assertTrue(summary.contains("file: gzip, UTF-8, comma-separated; 34 lines: 32 edges, 1 comment, 0 blank"), summary);
        assertTrue(summary.contains("read as undirected (the default)"), summary);
        assertTrue(summary.contains("skipped: line 2, header 'source,target'"), summary);
        assertTrue(summary.contains("dropped: 1 self-loop (line 33), 1 repeated edge (in either direction) (line 34)"), summary);
        assertTrue(summary.contains("ids: 1 to 30, contiguous, renumbered: node k is u<k-1> (every user's id in "
                + data.resolve(LoadManifest.IDS_FILE_NAME) + ")"), summary);
        assertTrue(summary.contains("30 users, 60 follows (max 2 followers of one user"), summary);

        LoadManifest manifest = LoadManifest.read(data);
        assertEquals(60, manifest.follows());
        assertEquals(2, manifest.maxFollowers());
        assertEquals("1", manifest.graphRead().get("self-loops"));
        assertEquals("33", manifest.graphRead().get("self-loops.first-line"));
        assertEquals("34", manifest.graphRead().get("duplicates.first-line"));
        assertEquals("2", manifest.graphRead().get("skipped-lines.first-line"));
        assertEquals("offset", manifest.graphRead().get("ids"));
        List<String> ids = Files.readAllLines(data.resolve(LoadManifest.IDS_FILE_NAME));
        assertEquals(List.of("user,node", "u0,1", "u1,2"), ids.subList(0, 3));
        assertEquals(31, ids.size());

        Files.move(graph, dir.resolve("moved.csv.gz"));
        Path csv = dir.resolve("moved.csv");
        Map.Entry<Integer, String> bench = runCapturing(new BenchCommand(), "--data", data.toString(), "--duration", "0.5",
                "--warmup", "0.1", "--clients", "4", "--threads", "1", "--senders", "6", "--csv", csv.toString());
        assertEquals(0, bench.getKey(), bench.getValue());
        assertTrue(bench.getValue().contains("30 users, 60 follows (max 2 followers of one user)"), bench.getValue());
        assertTrue(bench.getValue().contains("u6 (followers unknown: the graph file is gone)"), bench.getValue());
        assertEquals("60", rowsByOperation(csv, "RING").get("all").get("follows"));
    }

    @Test
    void shouldLoadAKonectFileDirectedAndSaySo() throws Exception {
        Path graph = dir.resolve("out.follows");
        Files.writeString(graph, "% asym unweighted\n% 4 3 3\n1 2\n2 1\n2 3\n3 1\n");
        Path data = dir.resolve("directed");
        Map.Entry<Integer, String> load = runCapturing(new LoadCommand(), "--data", data.toString(), "--graph", graph.toString(),
                "--directed", "--messages-per-user", "1", "--threads", "1");
        assertEquals(0, load.getKey(), load.getValue());
        assertTrue(load.getValue().contains("read as directed (--directed): each line 'a b' is one follow, a follows b"), load.getValue());
        assertTrue(load.getValue().contains("note: line 1 '% asym unweighted': KONECT marks this graph directed (asym); read as directed"),
                load.getValue());
        LoadManifest manifest = LoadManifest.read(data);
        assertEquals(4, manifest.follows());
        assertTrue(manifest.graph().directed());

        Map.Entry<Integer, String> undirected = runCapturing(new LoadCommand(), "--data", dir.resolve("undirected").toString(),
                "--graph", graph.toString(), "--messages-per-user", "1", "--threads", "1");
        assertEquals(0, undirected.getKey(), undirected.getValue());
        assertTrue(undirected.getValue().contains("give --directed"), undirected.getValue());
        assertEquals(6, LoadManifest.read(dir.resolve("undirected")).follows());
    }

    @Test
    void shouldRefuseDirectedWithoutAFileAndAGraphFileThatIsNotOne() throws Exception {
        Map.Entry<Integer, String> powerlaw = runCapturingErrors(new LoadCommand(), "--data", dir.resolve("a").toString(),
                "--users", "10", "--directed");
        assertEquals(2, powerlaw.getKey());
        assertTrue(powerlaw.getValue().contains("--directed reads an edge-list FILE"), powerlaw.getValue());
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[] {'0', ' ', '1', '\n', 'J', 'o', (byte) 0xe9, ' ', '1', '\n'});
        Map.Entry<Integer, String> refused = runCapturingErrors(new LoadCommand(), "--data", dir.resolve("b").toString(),
                "--graph", latin1.toString());
        assertEquals(2, refused.getKey());
        assertTrue(refused.getValue().contains(latin1 + " line 2: byte 0xE9 at column 3 is not UTF-8"), refused.getValue());
        assertFalse(Files.exists(dir.resolve("b")), "nothing written for a refused file");
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
    void shouldRemoveALoadWhoseGraphFileIsRefused() {
        Path data = dir.resolve("refused");
        Path graph = dir.resolve("bad.edges");
        try {
            Files.writeString(graph, "0 1\n1 2\nnot an edge at all\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map.Entry<Integer, String> refused = runCapturingErrors(new LoadCommand(), "--data", data.toString(), "--graph",
                graph.toString());
        assertEquals(2, refused.getKey(), refused.getValue());
        assertTrue(refused.getValue().startsWith("load: "), refused.getValue());
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
        assertEquals(List.of("RING", "CENTRALIZED", "REDIS"), rows.stream().map(r -> r.get("engine")).distinct().toList());
        assertTrue(rows.stream().allMatch(r -> r.get("status").equals("ok")));
        for (String file : List.of("engines-summary.txt", "engines-throughput.png", "engines-latency.png", "environment.txt")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
    }
}
