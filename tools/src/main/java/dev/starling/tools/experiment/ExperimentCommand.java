package dev.starling.tools.experiment;

import dev.starling.runtime.IdleMode;
import dev.starling.federation.EngineKind;
import dev.starling.tools.workload.Mix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code starling experiment}: the assignment's experiments, repeated, as CSV, summary and PNG plots. */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Runs the assignment's experiments: CSV of every repetition, PNG plots.",
                "",
                "Every repetition of every point starts a fresh deployment (temporary",
                "directory) in this JVM, loads a power-law graph, measures closed-loop",
                "workloads (client-side wall clock, HdrHistogram) and closes it;",
                "repetitions visit all points in turn. Writes into --out: <name>.csv (a",
                "row per repetition and operation, 'all' included, failed points marked),",
                "<name>-summary.txt (medians, min - max, mean and 95%% CI), the PNG plots",
                "(medians, every repetition drawn as a dot; box plots), and",
                "environment.txt (machine, JDK, JVM flags, command).",
                "",
                "speedup    RING throughput vs engine threads 1 .. --threads-max (default",
                "           2 x cores: beyond the cores threads are oversubscribed); shards",
                "           fixed, at least the largest thread count; a series per workload",
                "           (timeline, profile, mixed, send); speed-up vs 1 thread.",
                "           speedup.png, speedup-throughput.png, speedup-latency.png",
                "instances  1, 2, 4, 8 instances, same users spread evenly, follows drawn",
                "           regardless of instance, engine threads shared by all instances",
                "           (RING; --engine centralized serves every domain on its thread).",
                "           instances-throughput.png, instances-latency.png",
                "bestcase   RING's best case vs CENTRALIZED: timeline reads only, mean",
                "           follows 5 to 80. A RING timeline is built on write: a read is a",
                "           window scan plus --limit look-ups in the reader's own shard",
                "           whatever the follows, and reads spread over all shards with no",
                "           fan-out to do. The baseline merges every followed user's",
                "           messages on each read, on one thread.",
                "           bestcase-throughput.png, bestcase-latency.png",
                "engines    RING vs CENTRALIZED, same graph, mix and clients (box plots).",
                "           engines-throughput.png, engines-latency.png",
                "all        the four, one after the other.",
                "",
                "--quick: 2 reps, 1,000 users, 0.5 s warm-up + 1 s measured, speedup on",
                "the mixed workload only: 'all' in about a minute, for CI. Options given",
                "explicitly win over --quick and the defaults.",
                ""})
public final class ExperimentCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "speedup, instances, bestcase, engines or all.")
    String name;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the CSV, summary and plots.")
    Path out;

    @Option(names = "--reps", paramLabel = "N", description = "Repetitions of every point (default: 30; --quick: 2).")
    Integer reps;

    @Option(names = "--quick", description = "Short settings for CI (see above).")
    boolean quick;

    @Option(names = "--replot", description = "Only redraw the summary and plots from an existing <name>.csv in --out.")
    boolean replot;

    @Option(names = "--threads-max", paramLabel = "T", description = "speedup: largest engine thread count (default: 2 x cores).")
    Integer threadsMax;

    @Option(names = "--threads-list", split = ",", paramLabel = "T,...", description = "speedup: the thread counts, from 1 (default: 1..T when T <= 8, else powers of 2, cores, 1.5 and 2 x cores).")
    List<Integer> threadsList;

    @Option(names = "--mixes", split = ",", paramLabel = "NAME=T:P:S", description = "speedup: the workloads (default: timeline=100:0:0,profile=0:100:0,mixed=60:30:10,send=0:0:100; --quick: mixed=60:30:10).")
    List<String> mixes;

    @Option(names = "--threads", paramLabel = "T", description = "Engine threads of instances and engines (default: min(2, cores)); bestcase: default cores.")
    Integer threads;

    @Option(names = "--instances-list", split = ",", paramLabel = "N,...", description = "instances: the instance counts (default: 1,2,4,8).")
    List<Integer> instancesList;

    @Option(names = "--engine", defaultValue = "ring", paramLabel = "ring|centralized", description = "instances: the engine (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--instances", defaultValue = "1", paramLabel = "N", description = "Instances of speedup, bestcase and engines (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--follows-list", split = ",", paramLabel = "F,...", description = "bestcase: mean follows per user (default: 5,20,40,80; --quick: 5,40).")
    List<Integer> followsList;

    @Option(names = "--users", paramLabel = "U", description = "Users (default: 10000; --quick: 1000).")
    Integer users;

    @Option(names = "--follows-mean", paramLabel = "F", description = "Mean follows per user, power-law followers (default: 20; --quick: 10).")
    Integer followsMean;

    @Option(names = "--remote-fraction", paramLabel = "R", description = "Share of follows across instances (default: as round-robin placement falls).")
    Double remoteFraction;

    @Option(names = "--messages-per-user", paramLabel = "M", description = "Seed messages per user (default: 10; --quick: 5).")
    Integer messagesPerUser;

    @Option(names = "--clients", paramLabel = "C", description = "Closed-loop clients (default: 64, speedup: max(64, 8 x threads-max); --quick: 32).")
    Integer clients;

    @Option(names = "--warmup", paramLabel = "W", description = "Warm-up seconds per measurement (default: 2; --quick: 0.5).")
    Double warmup;

    @Option(names = "--duration", paramLabel = "D", description = "Measured seconds per measurement (default: 5; --quick: 1).")
    Double duration;

    @Option(names = "--mix", paramLabel = "T:P:S", description = "Mix of instances and engines (default 60:30:10) and bestcase (default 100:0:0).")
    String mix;

    @Option(names = "--shards", paramLabel = "S", description = "Shards per instance (default: 4; speedup: max(4, threads-max / instances); bestcase: max(4, threads)).")
    Integer shards;

    @Option(names = "--limit", defaultValue = "50", paramLabel = "L", description = "Messages per read (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Graph seed; clients use seed + 1000 x rep (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--idle", defaultValue = "PARK", description = "Engine idle strategy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    IdleMode idle;

    @Spec
    CommandSpec spec;

    static final Map<String, Experiment> EXPERIMENTS = new LinkedHashMap<>();

    static {
        for (Experiment e : List.of(new SpeedupExperiment(), new InstancesExperiment(), new BestCaseExperiment(),
                new EnginesExperiment())) {
            EXPERIMENTS.put(e.name(), e);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintStream console = System.out;
        List<Experiment> chosen;
        ExperimentSettings settings;
        try {
            chosen = name.equals("all") ? List.copyOf(EXPERIMENTS.values()) : List.of(experiment(name));
            settings = settings();
            for (Experiment e : chosen) {
                if (replot) {
                    continue;
                }
                e.points(settings); // every experiment's settings and output are checked before the first one runs
                if (Files.exists(ExperimentRunner.csvFile(e, out))) {
                    throw new IllegalArgumentException(ExperimentRunner.csvFile(e, out)
                            + " exists: give another --out, delete it, or redraw its plots with --replot");
                }
            }
            Files.createDirectories(out);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("experiment: " + e.getMessage());
            return 2;
        }
        ExperimentRunner runner = new ExperimentRunner(console);
        long started = System.nanoTime();
        try {
            if (!replot) {
                writeEnvironment(settings);
            }
            for (Experiment e : chosen) {
                if (replot) {
                    runner.report(e, settings, out);
                } else {
                    runner.run(e, settings, out);
                }
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("experiment: " + e.getMessage());
            return 1;
        }
        console.printf("%nexperiment %s: %s in all; results in %s%n", name,
                ExperimentRunner.minutes((System.nanoTime() - started) / 1e9), out);
        return 0;
    }

    private static Experiment experiment(String name) {
        Experiment e = EXPERIMENTS.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown experiment '" + name + "'; choose one of " + EXPERIMENTS.keySet() + " or all");
        }
        return e;
    }

    ExperimentSettings settings() {
        int cores = Runtime.getRuntime().availableProcessors();
        int repetitions = reps != null ? reps : quick ? 2 : 30;
        int userCount = users != null ? users : quick ? 1000 : 10_000;
        int follows = followsMean != null ? followsMean : quick ? 10 : 20;
        int messages = messagesPerUser != null ? messagesPerUser : quick ? 5 : 10;
        double warm = warmup != null ? warmup : quick ? 0.5 : 2;
        double measured = duration != null ? duration : quick ? 1 : 5;
        int maxThreads = threadsMax != null ? threadsMax : 2 * cores;
        List<Integer> counts = threadsList != null ? List.copyOf(threadsList)
                : ExperimentSettings.defaultThreadCounts(cores, maxThreads);
        int clientCount = clients != null ? clients : quick ? 32 : 64;
        int speedupClients = clients != null || quick ? clientCount
                : Math.max(64, 8 * counts.stream().mapToInt(Integer::intValue).max().orElse(1));
        int engineThreads = threads != null ? threads : Math.min(2, cores);
        int bestcaseThreads = threads != null ? threads : cores;
        List<Integer> instanceCounts = instancesList != null ? List.copyOf(instancesList) : List.of(1, 2, 4, 8);
        List<Integer> followCounts = followsList != null ? List.copyOf(followsList) : quick ? List.of(5, 40) : List.of(5, 20, 40, 80);
        if (repetitions < 1 || userCount < 2 || follows < 0 || follows >= userCount || messages < 0 || warm < 0
                || measured <= 0 || clientCount < 1 || engineThreads < 1 || instances < 1 || limit < 1 || limit > 10_000
                || counts.stream().anyMatch(t -> t < 1) || instanceCounts.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("need --reps >= 1, --users >= 2, 0 <= --follows-mean < users, --messages-per-user >= 0,"
                    + " --warmup >= 0, --duration > 0, --clients >= 1, thread and instance counts >= 1, 1 <= --limit <= 10000");
        }
        if (remoteFraction != null && (remoteFraction < 0 || remoteFraction > 1)) {
            throw new IllegalArgumentException("--remote-fraction must be 0 to 1, got " + remoteFraction);
        }
        EngineKind instancesEngine;
        try {
            instancesEngine = EngineKind.valueOf(engine.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--engine must be ring or centralized, got '" + engine + "'");
        }
        return new ExperimentSettings(repetitions, quick, userCount, follows, remoteFraction == null ? -1 : remoteFraction,
                messages, seed, clientCount, speedupClients, warm, measured, limit, mix == null ? null : Mix.parse(mix), engineThreads,
                bestcaseThreads, counts, workloads(), instanceCounts, instancesEngine, instances, followCounts, shards, idle, cores);
    }

    private List<Workload> workloads() {
        List<String> specs = mixes != null ? mixes : quick ? List.of("mixed=60:30:10")
                : List.of("timeline=100:0:0", "profile=0:100:0", "mixed=60:30:10", "send=0:0:100");
        List<Workload> workloads = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--mixes entries are NAME=T:P:S, e.g. timeline=100:0:0; got '" + spec + "'");
            }
            workloads.add(new Workload(spec.substring(0, eq).trim(), Mix.parse(spec.substring(eq + 1))));
        }
        return workloads;
    }

    /** Machine, JDK, JVM flags and command line, for the report's set-up section. */
    private void writeEnvironment(ExperimentSettings settings) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("date: ").append(ZonedDateTime.now()).append('\n');
        // the original arguments are the whole command line, sub-command names included
        text.append("command: ./starling ").append(String.join(" ", spec.commandLine().getParseResult().originalArgs()))
                .append('\n');
        text.append("cpu: ").append(firstValue(Path.of("/proc/cpuinfo"), "model name")).append('\n');
        text.append("cores (available processors): ").append(settings.cores()).append('\n');
        text.append("memory: ").append(firstValue(Path.of("/proc/meminfo"), "MemTotal")).append('\n');
        text.append("os: ").append(osName()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(' ').append(System.getProperty("os.arch")).append('\n');
        text.append("jdk: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
                .append(" (").append(System.getProperty("java.vendor")).append(")\n");
        text.append("jvm flags: ").append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())).append('\n');
        text.append("max heap: ").append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB\n");
        text.append("settings: ").append(settings).append('\n');
        Files.writeString(out.resolve("environment.txt"), text, StandardCharsets.UTF_8);
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    String value = line.substring(key.length()).trim(); // "key : value" or "KEY=value"
                    return value.substring(1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    private static String osName() {
        String pretty = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME");
        return pretty.replace("\"", "");
    }
}
