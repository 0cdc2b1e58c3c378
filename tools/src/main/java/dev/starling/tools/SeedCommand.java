package dev.starling.tools;

import dev.starling.engine.store.Ids;
import dev.starling.federation.EngineKind;
import dev.starling.tools.experiment.Stats;
import dev.starling.tools.workload.SeedBenchmark;
import dev.starling.tools.workload.SeedBenchmark.Target;
import dev.starling.tools.workload.SeedBenchmark.Figures;
import dev.starling.tools.cli.Checks;
import dev.starling.tools.cli.ConnectOption;
import dev.starling.tools.cli.EngineChoice;
import dev.starling.tools.cli.DurationConverter;
import dev.starling.tools.cli.EngineOptions;
import dev.starling.tools.cli.Outputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

/**
 * {@code starling seed}: the assignment's own benchmark shape ({@code benchmark.erl}) on RING and
 * on the CENTRALIZED baseline, repeated on fresh deployments. The measuring is in
 * {@link SeedBenchmark}; this class parses the options and prints.
 */
@Command(name = "seed", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Runs the assignment's own benchmark shape (benchmark.erl) on both engines, repeated.",
        description = {
                "Users \"1\" to \"N\", each following --follows users picked at random (with replacement, oneself"
                        + " skipped) and having sent --messages messages \"Message I from NAME\"; then three measured"
                        + " phases:",
                "  (1) --calls sequential reads of a random user's whole home timeline;",
                "  (2) --calls sequential sendMessage(\"Test\") by random users;",
                "  (3) --mix-clients closed-loop client threads: 60%% timeline(10), 30%%",
                "      profile(random user, 10), 10%% send, for --mix-seconds after 0.5 s.",
                "Each repetition runs each engine on a fresh deployment (temporary data directory) with the same graph"
                        + " and the same calls; the engines take turns, the first alternating. One unmeasured warm-up"
                        + " repetition per engine comes first (JIT). Prints a line per repetition, then per engine the"
                        + " median and range of each phase (ms per --calls calls for 1 and 2, ops/s for 3), and the"
                        + " ratios of the medians.",
                "",
                "--connect DOMAIN=HOST:PORT runs the same repetitions on an instance of a serve process ('starling serve')"
                        + " as well (SERVED, beside RING unless --engine is given): each repetition registers fresh"
                        + " users there, named with a prefix of their own, since the served instance keeps the earlier"
                        + " ones; the ratios then say what crossing the network costs.",
                ""})
public final class SeedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--engine", defaultValue = "both", paramLabel = EngineChoice.LABEL,
            description = "Engines to measure: ring, centralized, redis, both (ring and centralized), all, or a list such"
                    + " as ring,redis (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--reps", defaultValue = "30", paramLabel = "N", description = "Measured repetitions (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--users", defaultValue = "5000", paramLabel = "U", description = "Users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--follows", defaultValue = "25", paramLabel = "F",
            description = "Follows picked per user, with replacement (default: ${DEFAULT-VALUE}).")
    int follows;

    @Option(names = "--messages", defaultValue = "10", paramLabel = "M", description = "Messages per user before measuring (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--calls", defaultValue = "10000", paramLabel = "C", description = "Sequential calls of phases 1 and 2 (default: ${DEFAULT-VALUE}).")
    int calls;

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--mix-clients", defaultValue = "8", paramLabel = "K", description = "Client threads of phase 3 (default: ${DEFAULT-VALUE}).")
    int mixClients;

    @Option(names = "--mix-seconds", defaultValue = "2s", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Measured time of phase 3: 2, 2s, 1500ms (default: ${DEFAULT-VALUE}).")
    Duration mix;

    private int threads;
    private int shards;
    private double mixSeconds;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one row per repetition and engine to this CSV (replaced if it exists).")
    Path csv;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the graphs and the random picks (default: ${DEFAULT-VALUE}).")
    long seed;

    static final List<String> CSV_COLUMNS = List.of("rep", "engine", "threads", "shards", "users", "follows",
            "messages", "calls", "timeline_ms", "send_ms", "mix_ops_per_s", "timeline_messages_mean",
            "timeline_p50_us", "timeline_p99_us", "send_p50_us", "send_p99_us", "send_drain_ms",
            "mix_clients", "mix_seconds", "load_s");

    @Mixin
    ConnectOption connect;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        List<Target> engines = check();
        SeedBenchmark bench = new SeedBenchmark(new SeedBenchmark.Settings(users, follows, messages, calls, threads,
                shards, mixClients, mixSeconds, engineOptions.idle(), engineOptions.affinity(), engineOptions.redisUri()), seed);
        long started = System.nanoTime();
        try (BufferedWriter table = csv == null ? null : openCsv(csv)) { // a wrong path fails before any work
            printHeader(out, engines);
            out.println("warm-up repetition per engine (not measured; lets the JIT compile both engines' paths):");
            for (Target kind : engines) {
                long t = System.nanoTime();
                System.gc();
                Figures f = bench.run(kind, 0, null);
                out.printf(Locale.ROOT, "  %s: timeline %,.0f ms, send %,.0f ms, mix %,.0f ops/s (load %.1f s, all %.1f s)%n",
                        kind.label(), f.timelineMillis(), f.sendMillis(), f.mixOpsPerSecond(), f.loadSeconds(),
                        (System.nanoTime() - t) / 1e9);
            }
            out.printf(Locale.ROOT, "%nmeasuring %s (a fresh deployment per engine each; engines take turns):%n", repetitions(reps));
            Map<Target, List<Figures>> results = new java.util.LinkedHashMap<>();
            engines.forEach(k -> results.put(k, new ArrayList<>()));
            for (int rep = 1; rep <= reps; rep++) {
                long repStart = System.nanoTime();
                out.printf(Locale.ROOT, "rep %" + digits(reps) + "d/%d", rep, reps);
                out.flush();
                List<Target> order = new ArrayList<>(engines);
                if (rep % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (Target kind : order) {
                    System.gc(); // the previous deployment's garbage is collected here, not inside the next one's phases
                    Figures f = bench.run(kind, rep, null);
                    results.get(kind).add(f);
                    out.printf(Locale.ROOT, "  %s: timeline %,.0f ms, send %,.0f ms, mix %,.0f ops/s", kind.label(),
                            f.timelineMillis(), f.sendMillis(), f.mixOpsPerSecond());
                    out.flush();
                    if (table != null) {
                        writeRow(table, rep, f);
                    }
                }
                out.printf(Locale.ROOT, "  (%.1f s)%n", (System.nanoTime() - repStart) / 1e9);
            }
            out.println();
            for (Target kind : engines) {
                printTable(out, kind, results.get(kind));
            }
            Target ring = Target.of(EngineKind.RING);
            for (Target other : engines) {
                if (!other.equals(ring) && engines.contains(ring)) {
                    printRatios(out, results.get(ring), other, results.get(other));
                }
            }
            if (csv != null) {
                out.println("CSV: " + reps * engines.size() + " rows written to " + csv);
            }
            out.printf(Locale.ROOT, "seed done in %.0f s%n", (System.nanoTime() - started) / 1e9);
        } catch (IOException | RuntimeException e) {
            System.err.println("seed: " + Cli.describe(e));
            return 1;
        }
        return 0;
    }

    /**
     * The targets: the engines chosen, each started in this process; with {@code --connect}, the
     * served instance after them (beside RING alone unless {@code --engine} was given).
     */
    private List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        boolean engineGiven = spec.commandLine().getParseResult().hasMatchedOption("--engine");
        List<EngineKind> kinds = connect.given() && !engineGiven ? List.of(EngineKind.RING) : EngineChoice.parse(spec, engine);
        kinds.forEach(kind -> targets.add(Target.of(kind)));
        connect.endpoints().forEach((domain, endpoint) -> targets.add(Target.served(domain, endpoint, connect.aeronDirectory())));
        return targets;
    }

    /** Every number within its range and the CSV writable, checked before any work; the first bad one is named. */
    private List<Target> check() {
        connect.check(spec);
        Checks.require(spec, connect.endpoints().size() <= 1, "--connect: the seed shape runs on one instance;"
                + " name one served domain, got " + connect.endpoints().size());
        List<Target> engines = targets();
        engineOptions.check(spec);
        threads = engineOptions.threads();
        shards = engineOptions.shards();
        Checks.range(spec, "--reps", reps, 1, 10_000);
        Checks.range(spec, "--users", users, 2, 1_000_000);
        Checks.range(spec, "--follows", follows, 1, 1_000);
        Checks.range(spec, "--messages", messages, 1, 1_000);
        Checks.range(spec, "--calls", calls, 1, 10_000_000);
        Checks.range(spec, "--mix-clients", mixClients, 1, 1_024);
        Checks.positive(spec, "--mix-seconds", mix, Duration.ofHours(1));
        mixSeconds = mix.toNanos() / 1e9;
        Checks.require(spec, (long) users * follows <= 50_000_000L, String.format(Locale.ROOT,
                "--users x --follows must be at most 50,000,000 follows, got %,d", (long) users * follows));
        Checks.require(spec, (long) users * messages <= 50_000_000L, String.format(Locale.ROOT,
                "--users x --messages must be at most 50,000,000 messages, got %,d", (long) users * messages));
        if (csv != null) {
            Outputs.file(spec, "--csv", csv);
        }
        return engines;
    }

    private void printHeader(PrintStream out, List<Target> engines) {
        out.printf(Locale.ROOT, "Starling seed: the assignment's benchmark.erl shape on one instance (%s).%n", SeedBenchmark.DOMAIN);
        out.printf(Locale.ROOT, "  machine: %d cores, %s; %s %s; max heap %,d MiB%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), Runtime.getRuntime().maxMemory() / (1024 * 1024));
        out.printf(Locale.ROOT, "  graph: %,d users, %d follows picked each at random (with replacement; oneself skipped),"
                + " %d messages each; a new graph per repetition (seed %d)%n", users, follows, messages, seed);
        out.printf(Locale.ROOT, "  phases: (1) %,d sequential whole-timeline reads, (2) %,d sequential sends,"
                        + " (3) %d client threads, timeline(10)/profile(10)/send 60/30/10, %.1f s warm-up + %.1f s%n",
                calls, calls, mixClients, SeedBenchmark.MIX_WARMUP.toMillis() / 1e3, mixSeconds);
        out.printf(Locale.ROOT, "  engines: %s; %d measured %s%n%n", String.join(", ",
                engines.stream().map(this::describe).toList()), reps, reps == 1 ? "repetition" : "repetitions");
    }

    private String describe(Target target) {
        if (target.isServed()) {
            return "SERVED (" + target.domain() + " at " + target.endpoint() + ", through connect; its own threads and shards)";
        }
        EngineKind kind = target.engine();
        return kind == EngineKind.RING ? "RING (" + threads + (threads == 1 ? " engine thread, " : " engine threads, ") + shards
                + (shards == 1 ? " shard)" : " shards)")
                : kind == EngineKind.REDIS ? "REDIS (" + threads + " fan-out workers, redis-server)" : kind + " (1 thread)";
    }

    private void printTable(PrintStream out, Target kind, List<Figures> figures) {
        out.printf(Locale.ROOT, "%s, %s:%n", describe(kind), repetitions(figures.size()));
        out.printf(Locale.ROOT, "  %-40s %12s   %-25s%n", "phase", "median", "range (min - max)");
        row(out, String.format(Locale.ROOT, "(1) timeline, ms per %,d reads", calls), figures, Figures::timelineMillis, "%,.1f");
        row(out, String.format(Locale.ROOT, "(2) send, ms per %,d sends", calls), figures, Figures::sendMillis, "%,.1f");
        row(out, String.format(Locale.ROOT, "(3) mix of %d clients, ops/s", mixClients), figures, Figures::mixOpsPerSecond, "%,.0f");
        Stats length = stats(figures, f -> f.meanTimelineLength(calls));
        Stats drain = stats(figures, Figures::sendDrainMillis);
        out.printf(Locale.ROOT, "  (1) returned %.1f messages per read on average; after (2) the deployment took %,.1f ms"
                + " (median) to drain its queued work, not counted in (2)%n%n", length.median(), drain.median());
    }

    private static void row(PrintStream out, String label, List<Figures> figures, ToDoubleFunction<Figures> figure, String format) {
        Stats s = stats(figures, figure);
        out.printf(Locale.ROOT, "  %-40s %12s   %s - %s%n", label, String.format(Locale.ROOT, format, s.median()),
                String.format(Locale.ROOT, format, s.min()), String.format(Locale.ROOT, format, s.max()));
    }

    private static Stats stats(List<Figures> figures, ToDoubleFunction<Figures> figure) {
        return Stats.of(figures.stream().mapToDouble(figure).toArray());
    }

    private void printRatios(PrintStream out, List<Figures> ring, Target kind, List<Figures> other) {
        double timeline = stats(other, Figures::timelineMillis).median() / stats(ring, Figures::timelineMillis).median();
        double send = stats(other, Figures::sendMillis).median() / stats(ring, Figures::sendMillis).median();
        double mix = stats(ring, Figures::mixOpsPerSecond).median() / stats(other, Figures::mixOpsPerSecond).median();
        String name = kind.label();
        out.println("Ratios of the medians, RING against " + name + " (above 1: RING is faster):");
        out.printf(Locale.ROOT, "  (1) timeline  %s/RING time   %6.2f%n", name, timeline);
        out.printf(Locale.ROOT, "  (2) send      %s/RING time   %6.2f%n", name, send);
        out.printf(Locale.ROOT, "  (3) mix       RING/%s ops/s  %6.2f%n%n", name, mix);
        double ringLength = stats(ring, f -> f.meanTimelineLength(calls)).median();
        double otherLength = stats(other, f -> f.meanTimelineLength(calls)).median();
        if (Math.abs(ringLength - otherLength) > 1e-9) {
            out.printf(Locale.ROOT, "Note: the engines returned timelines of different lengths (RING %.1f, %s %.1f"
                    + " messages per read): RING and REDIS keep the newest 800 entries of a timeline.%n%n",
                    ringLength, name, otherLength);
        }
    }

    private static String repetitions(int n) {
        return n == 1 ? "1 repetition" : n + " repetitions";
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }

    private static BufferedWriter openCsv(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            writer.write(String.join(",", CSV_COLUMNS));
            writer.newLine();
            writer.flush();
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** One row, flushed at once, so an interrupted run keeps what it measured. */
    private void writeRow(BufferedWriter writer, int rep, Figures f) throws IOException {
        boolean ring = f.engine() == EngineKind.RING && !f.label().equals("SERVED");
        writer.write(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%d,%d,%d,%.3f,%.3f,%.1f,%.2f,%.1f,%.1f,%.1f,%.1f,%.3f,%d,%s,%.2f",
                rep, f.label(), ring ? threads : f.label().equals("SERVED") ? 0 : 1, ring ? shards : 0, users, f.follows(), messages, calls,
                f.timelineMillis(), f.sendMillis(), f.mixOpsPerSecond(), f.meanTimelineLength(calls),
                f.timelineLatency().getValueAtPercentile(50) / 1e3, f.timelineLatency().getValueAtPercentile(99) / 1e3,
                f.sendLatency().getValueAtPercentile(50) / 1e3, f.sendLatency().getValueAtPercentile(99) / 1e3,
                f.sendDrainMillis(), mixClients, mixSeconds, f.loadSeconds()));
        writer.newLine();
        writer.flush();
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return "cpu unknown";
        }
        return "cpu unknown";
    }
}
