package dev.starling.tools.experiment;

import dev.starling.engine.store.Ids;
import dev.starling.federation.EngineKind;
import dev.starling.tools.cli.Checks;
import dev.starling.tools.cli.DurationConverter;
import dev.starling.tools.cli.EngineOptions;
import dev.starling.tools.cli.Outputs;
import dev.starling.tools.cli.QuietOption;
import dev.starling.tools.workload.Mix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code starling experiment}: the assignment's experiments, repeated, as CSV, summary and PNG plots. */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Runs the report's experiments, repeated, into a CSV, a summary and PNG plots.",
        description = {
                "Every repetition of every point starts a fresh deployment (temporary directory) in this JVM, loads"
                        + " a power-law graph, measures closed-loop workloads (client-side wall clock, HdrHistogram) and"
                        + " closes it; repetitions visit all points in turn, after one unmeasured run of each engine's"
                        + " first point that warms the JVM up (JIT). Writes into --out: <name>.csv (a row per repetition"
                        + " and operation, 'all' included, failed points marked), <name>-summary.txt (medians, min -"
                        + " max, and mean with its 95%% confidence interval from 3 repetitions up), the PNG plots"
                        + " (medians, every repetition drawn as a dot; box plots), and environment.txt (machine, JDK,"
                        + " JVM flags, command).",
                "",
                "speedup: RING throughput vs engine threads 1 .. --threads-max (default 2 x cores: beyond the"
                        + " cores threads are oversubscribed); shards fixed, at least the largest thread count; a"
                        + " series per workload (timeline, profile, mixed, send); speed-up vs 1 thread.",
                "  speedup.png, speedup-throughput.png, speedup-latency.png",
                "instances: 1, 2, 4, 8 instances, same users spread evenly, follows drawn regardless of instance,"
                        + " engine threads shared by all instances (RING; --engine centralized serves every domain on"
                        + " its thread).",
                "  instances-throughput.png, instances-latency.png",
                "bestcase: RING's best case vs CENTRALIZED: timeline reads only, mean follows 5 to 80. A RING"
                        + " timeline is built on write: a read is a window scan plus --limit look-ups in the reader's"
                        + " own shard whatever the follows, and reads spread over all shards with no fan-out to do."
                        + " The baseline merges every followed user's messages on each read, on one thread.",
                "  bestcase-throughput.png, bestcase-latency.png",
                "engines: RING vs CENTRALIZED vs REDIS (Mastodon's design on a private redis-server), same graph, mix and clients (box plots).",
                "  engines-throughput.png, engines-latency.png",
                "all: the four, one after the other.",
                "",
                "--quick: a smoke test of the machinery, for CI, whose figures are too short to mean anything: 2"
                        + " reps, 1,000 users, 0.5 s warm-up + 1 s measured, speedup on the mixed workload only; 'all'"
                        + " takes about a minute. Options given explicitly win over --quick and the defaults.",
                "",
                "Engine options: --threads is the engine threads of instances and engines (bestcase: default the"
                        + " cores); --shards defaults to 4, in speedup to max(4, threads-max / instances) and in"
                        + " bestcase to max(4, threads).",
                "",
                "Exit codes: 0 every point measured, 3 some points failed (the others are in the CSV and plots),"
                        + " 1 every point failed or the run failed, 2 a bad command line.",
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


    @Option(names = "--instances-list", split = ",", paramLabel = "N,...", description = "instances: the instance counts (default: 1,2,4,8).")
    List<Integer> instancesList;

    @Option(names = "--engine", defaultValue = "RING", paramLabel = "ring|centralized|redis", description = "instances: the engine (default: ring).")
    EngineKind engine;

    @Option(names = "--processes", description = "instances: also run each count with every instance a './starling serve'"
            + " process of its own on this host (federated over Aeron UDP on loopback, clients through connect), a second"
            + " series beside the in-process one; each process gets max(1, threads / instances) engine threads.")
    boolean processes;

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

    @Option(names = "--warmup", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Warm-up per measurement: 2s, 500ms (default: 2s; --quick: 0.5s).")
    Duration warmup;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Measured time per measurement: 5s, 1m (default: 5s; --quick: 1s).")
    Duration duration;

    @Option(names = "--mix", paramLabel = "T:P:S", description = "Mix of instances and engines (default 60:30:10) and bestcase (default 100:0:0).")
    String mix;


    @Option(names = "--limit", defaultValue = "50", paramLabel = "L", description = "Messages per read (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Graph seed; clients use seed + 1000 x rep (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    EngineOptions engineOptions;

    @Mixin
    QuietOption quiet;

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
        List<Experiment> chosen = name.equals("all") ? List.copyOf(EXPERIMENTS.values()) : List.of(experiment(name));
        ExperimentSettings settings;
        try {
            settings = settings();
            for (Experiment e : chosen) {
                if (replot) {
                    Checks.require(spec, Files.isRegularFile(ExperimentRunner.csvFile(e, out)), "--replot: no "
                            + ExperimentRunner.csvFile(e, out) + " to redraw");
                    continue;
                }
                e.points(settings); // every experiment's settings and output are checked before the first one runs
                Checks.require(spec, !Files.exists(ExperimentRunner.csvFile(e, out)), "--out: "
                        + ExperimentRunner.csvFile(e, out) + " exists: give another --out, delete it, or redraw its plots"
                        + " with --replot");
            }
        } catch (IllegalArgumentException e) {
            throw Checks.fail(spec, e.getMessage());
        }
        Outputs.directory(spec, "--out", out);
        ExperimentRunner runner = new ExperimentRunner(console);
        long started = System.nanoTime();
        int points = 0;
        int failed = 0;
        if (!replot) {
            writeEnvironment(settings);
        }
        for (Experiment e : chosen) {
            if (replot) {
                runner.report(e, settings, out);
            } else {
                ExperimentRunner.Outcome outcome = runner.run(e, settings, out);
                points += outcome.points();
                failed += outcome.failed();
            }
        }
        console.printf("%nexperiment %s: %s in all; results in %s%n", name,
                ExperimentRunner.minutes((System.nanoTime() - started) / 1e9), out);
        if (failed > 0) {
            System.err.printf("experiment %s: %d of %d points failed%s (see FAILED above and the CSV's status column)%n",
                    name, failed, points, failed == points ? ": nothing was measured" : "");
            return failed == points ? 1 : SOME_FAILED;
        }
        return 0;
    }

    /** Exit code of a run in which some points failed and others were measured. */
    static final int SOME_FAILED = 3;

    private Experiment experiment(String name) {
        Experiment e = EXPERIMENTS.get(name);
        if (e == null) {
            throw Checks.fail(spec, "EXPERIMENT must be " + String.join(", ", EXPERIMENTS.keySet()) + " or all, got '"
                    + name + "'");
        }
        return e;
    }

    ExperimentSettings settings() {
        int cores = Runtime.getRuntime().availableProcessors();
        int repetitions = reps != null ? reps : quick ? 2 : 30;
        int userCount = users != null ? users : quick ? 1000 : 10_000;
        int follows = followsMean != null ? followsMean : quick ? 10 : 20;
        int messages = messagesPerUser != null ? messagesPerUser : quick ? 5 : 10;
        Duration warm = warmup != null ? warmup : quick ? Duration.ofMillis(500) : Duration.ofSeconds(2);
        Duration measured = duration != null ? duration : quick ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        int maxThreads = threadsMax != null ? threadsMax : 2 * cores;
        List<Integer> counts = threadsList != null ? List.copyOf(threadsList)
                : ExperimentSettings.defaultThreadCounts(cores, maxThreads);
        int clientCount = clients != null ? clients : quick ? 32 : 64;
        int speedupClients = clients != null || quick ? clientCount
                : Math.max(64, 8 * counts.stream().mapToInt(Integer::intValue).max().orElse(1));
        engineOptions.check(spec);
        int engineThreads = engineOptions.threads();
        int bestcaseThreads = engineOptions.threadsGiven() ? engineOptions.threads() : cores;
        List<Integer> instanceCounts = instancesList != null ? List.copyOf(instancesList) : List.of(1, 2, 4, 8);
        List<Integer> followCounts = followsList != null ? List.copyOf(followsList) : quick ? List.of(5, 40) : List.of(5, 20, 40, 80);
        Checks.range(spec, "--reps", repetitions, 1, 10_000);
        Checks.range(spec, "--users", userCount, 2, 10_000_000);
        Checks.range(spec, "--follows-mean", follows, 0, userCount - 1);
        Checks.range(spec, "--messages-per-user", messages, 0, 100_000);
        Checks.range(spec, "--warmup", warm, Duration.ZERO, Duration.ofHours(1));
        Checks.positive(spec, "--duration", measured, Duration.ofHours(1));
        Checks.range(spec, "--clients", clientCount, 1, 100_000);
        Checks.range(spec, "--instances", instances, 1, Ids.MAX_INSTANCES);
        Checks.range(spec, "--limit", limit, 1, 10_000);
        if (threadsMax != null) {
            Checks.range(spec, "--threads-max", threadsMax, 1, EngineOptions.MAX_THREADS);
        }
        for (int t : counts) {
            Checks.range(spec, "--threads-list", t, 1, EngineOptions.MAX_THREADS);
        }
        for (int n : instanceCounts) {
            Checks.range(spec, "--instances-list", n, 1, Ids.MAX_INSTANCES);
        }
        for (int f : followCounts) {
            Checks.range(spec, "--follows-list", f, 0, userCount - 1);
        }
        if (remoteFraction != null) {
            Checks.range(spec, "--remote-fraction", remoteFraction, 0.0, 1.0);
        }
        Mix chosenMix;
        try {
            chosenMix = mix == null ? null : Mix.parse(mix);
        } catch (IllegalArgumentException e) {
            throw Checks.fail(spec, "--mix: " + e.getMessage());
        }
        return new ExperimentSettings(repetitions, quick, userCount, follows, remoteFraction == null ? -1 : remoteFraction,
                messages, seed, clientCount, speedupClients, warm.toNanos() / 1e9, measured.toNanos() / 1e9, limit,
                chosenMix, engineThreads, bestcaseThreads, counts, workloads(), instanceCounts, engine, instances,
                followCounts, engineOptions.shardsGiven() ? engineOptions.shards() : null, engineOptions.idle(),
                engineOptions.affinity(), cores, engineOptions.redisUri(), processes);
    }

    private List<Workload> workloads() {
        List<String> specs = mixes != null ? mixes : quick ? List.of("mixed=60:30:10")
                : List.of("timeline=100:0:0", "profile=0:100:0", "mixed=60:30:10", "send=0:0:100");
        List<Workload> workloads = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw Checks.fail(this.spec, "--mixes entries are NAME=T:P:S, e.g. timeline=100:0:0; got '" + spec + "'");
            }
            try {
                workloads.add(new Workload(spec.substring(0, eq).trim(), Mix.parse(spec.substring(eq + 1))));
            } catch (IllegalArgumentException e) {
                throw Checks.fail(this.spec, "--mixes: " + e.getMessage());
            }
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
