package dev.starling.tools;

import dev.starling.federation.EngineKind;
import dev.starling.tools.cli.Checks;
import dev.starling.tools.cli.ConnectOption;
import dev.starling.tools.cli.DurationConverter;
import dev.starling.tools.cli.EngineChoice;
import dev.starling.tools.cli.EngineOptions;
import dev.starling.tools.cli.QuietOption;
import dev.starling.tools.cli.RunTimeOptions;
import dev.starling.tools.workload.DeploymentSpec;
import dev.starling.tools.workload.LoadedDeployment;
import dev.starling.tools.workload.Mix;
import dev.starling.tools.workload.Placement;
import dev.starling.tools.workload.ResultTable;
import dev.starling.tools.workload.SocialGraph;
import dev.starling.tools.workload.WorkloadResult;
import dev.starling.tools.workload.WorkloadRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The main job: the same social graph and the same request mix on the RING engine and on the
 * centralized baseline (or REDIS), one after the other in one process, and a table comparing them.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Runs the same workload on the RING engine and on the CENTRALIZED baseline (or REDIS) and compares them.",
        description = {
                "Loads a power-law social graph into an in-process deployment (temporary data directory), runs a"
                        + " closed-loop mixed workload on each engine of --engine (default: RING and the CENTRALIZED"
                        + " baseline; REDIS is Mastodon's home-feed design on a private redis-server), and prints"
                        + " throughput and latency percentiles (HdrHistogram) per operation with the ratios of RING to"
                        + " each other engine. The engines stay loaded and take turns in 3 rounds, so a drift in the"
                        + " machine's speed weighs on all alike. Defaults finish in under a minute on 2 cores.",
                ""})
public final class DemoCommand implements Callable<Integer> {

    private static final int ROUNDS = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--engine", defaultValue = "both", paramLabel = EngineChoice.LABEL,
            description = "Engines to compare: ring, centralized, redis, both (ring and centralized), all, or a list such"
                    + " as ring,redis (default: ${DEFAULT-VALUE}).")
    String engines;

    @Option(names = "--users", defaultValue = "5000", paramLabel = "U", description = "Users to register (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--follows-mean", defaultValue = "20", paramLabel = "F",
            description = "Mean follows per user, below --users; followers are power-law (default: ${DEFAULT-VALUE}).")
    int followsMean;

    @Option(names = "--messages-per-user", defaultValue = "10", paramLabel = "M",
            description = "Messages each user sends before the workload (default: ${DEFAULT-VALUE}).")
    int messagesPerUser;

    @Option(names = "--clients", defaultValue = "64", paramLabel = "C",
            description = "Concurrent closed-loop clients, each with one request outstanding (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--mix", defaultValue = "60:30:10", paramLabel = "T:P:S", description = "timeline:profile:send weights (default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--limit", defaultValue = "50", paramLabel = "L", description = "Messages per timeline or profile read, 1 to 10,000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    RunTimeOptions times;

    @Mixin
    EngineOptions engine;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed of the graph and the clients (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    QuietOption quiet;

    @Mixin
    ConnectOption connect;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Mix requestMix = check();
        List<EngineKind> kinds = EngineChoice.parse(spec, engines);
        SocialGraph graph = SocialGraph.powerLaw(users, followsMean, 1.0, seed);
        int[] followers = graph.followerCounts();
        int maxFollowers = java.util.Arrays.stream(followers).max().orElse(0);
        out.printf("Starling demo: %,d users, %,d follows (max %,d followers of one user), %d messages each;%n"
                        + "mix timeline:profile:send = %s, %d closed-loop clients, reads of %d, %s warm-up + %s measured;%n"
                        + "RING: %d engine threads, %d shards, idle %s, affinity %s; %d cores available.%n%n",
                users, graph.edges(), maxFollowers, messagesPerUser, requestMix, clients, limit,
                DurationConverter.format(times.warmup()), DurationConverter.format(times.duration()), engine.threads(), engine.shards(),
                engine.idle(), engine.affinity(), Runtime.getRuntime().availableProcessors());
        // With --connect the in-process RING engine runs beside the served one instead of --engine's.
        List<String> labels = new ArrayList<>();
        List<DeploymentSpec> specs = new ArrayList<>();
        if (connect.given()) {
            labels.addAll(List.of("RING", "SERVED"));
            specs.addAll(List.of(deployment(EngineKind.RING), DeploymentSpec.connected(connect.check(spec), connect.aeronDirectory())));
        } else {
            for (EngineKind kind : kinds) {
                labels.add(kind.name());
                specs.add(deployment(kind));
            }
        }
        List<LoadedDeployment> deployments = new ArrayList<>();
        try {
            List<WorkloadRunner> runners = new ArrayList<>();
            for (int k = 0; k < specs.size(); k++) {
                out.println("loading " + labels.get(k) + ":");
                LoadedDeployment loaded = LoadedDeployment.load(specs.get(k), graph, messagesPerUser, out);
                deployments.add(loaded);
                runners.add(loaded.runner(requestMix, clients, limit, seed));
            }
            // Both engines stay loaded and take turns in short rounds, so that a drift in the
            // machine's speed (shared, noisy) weighs on both alike rather than on whichever ran last.
            out.printf("%nmeasuring in %d alternating rounds:%n", ROUNDS);
            WorkloadResult[] results = new WorkloadResult[specs.size()];
            long sliceMillis = times.duration().toMillis() / ROUNDS;
            for (int round = 0; round < ROUNDS; round++) {
                for (int k = 0; k < specs.size(); k++) {
                    Duration warm = round == 0 ? times.warmup() : Duration.ofMillis(300);
                    WorkloadResult slice = runners.get(k).run(labels.get(k), warm, Duration.ofMillis(sliceMillis), out);
                    results[k] = results[k] == null ? slice : results[k].plus(slice);
                }
            }
            out.println();
            ResultTable.print(out, List.of(results));
            int ring = labels.indexOf(EngineKind.RING.name());
            for (int k = 0; k < labels.size(); k++) {
                if (ring >= 0 && k != ring) {
                    ResultTable.printRatios(out, results[ring], results[k]);
                }
            }
        } finally {
            deployments.forEach(LoadedDeployment::close);
        }
        return 0;
    }

    /** Every option, before any work; returns the parsed mix. */
    private Mix check() {
        engine.check(spec);
        EngineChoice.parse(spec, engines);
        connect.check(spec);
        Checks.range(spec, "--users", users, 2, Integer.MAX_VALUE);
        Checks.range(spec, "--follows-mean", followsMean, 0, users - 1);
        Checks.range(spec, "--messages-per-user", messagesPerUser, 0, 100_000);
        Checks.range(spec, "--clients", clients, 1, 100_000);
        Checks.range(spec, "--limit", limit, 1, 10_000);
        Checks.range(spec, "--warmup", times.warmup(), Duration.ZERO, Duration.ofHours(1));
        Checks.range(spec, "--duration", times.duration(), Duration.ofSeconds(ROUNDS), Duration.ofHours(24));
        Mix requestMix;
        try {
            requestMix = Mix.parse(mix);
        } catch (IllegalArgumentException e) {
            throw Checks.fail(spec, "--mix: " + e.getMessage());
        }
        Cli.checkSize(spec, "--users", users, (long) users * followsMean, messagesPerUser, deployment(EngineKind.RING));
        return requestMix;
    }

    private DeploymentSpec deployment(EngineKind kind) {
        return new DeploymentSpec(kind, Placement.generated(1), engine.threads(), engine.shards(), engine.idle(), null,
                engine.affinity(), engine.redisUri());
    }
}
