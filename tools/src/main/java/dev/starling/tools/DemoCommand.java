package dev.starling.tools;

import dev.starling.runtime.IdleMode;
import dev.starling.federation.EngineKind;
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
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The main job: the same social graph and the same request mix on the RING engine and on the
 * centralized baseline, one after the other in one process, and a table comparing them.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
                "Loads a power-law social graph into an in-process deployment (temporary data directory),",
                "runs a closed-loop mixed workload on the RING engine and on the CENTRALIZED baseline,",
                "and prints throughput and latency percentiles (HdrHistogram) per operation with the",
                "RING/CENTRALIZED ratios. Both engines stay loaded and take turns in 3 rounds, so a",
                "drift in the machine's speed weighs on both alike. Defaults finish in under a minute on 2 cores."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--users", defaultValue = "5000", description = "Users to register (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--follows-mean", defaultValue = "20", description = "Mean follows per user; followers are power-law (default: ${DEFAULT-VALUE}).")
    int followsMean;

    @Option(names = "--messages-per-user", defaultValue = "10", description = "Messages each user sends before the workload (default: ${DEFAULT-VALUE}).")
    int messagesPerUser;

    @Option(names = "--threads", defaultValue = "2", description = "RING engine threads (default: ${DEFAULT-VALUE}); the baseline always has one.")
    int threads;

    @Option(names = "--shards", defaultValue = "4", description = "Shards per RING instance (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--clients", defaultValue = "64", description = "Concurrent closed-loop clients, each with one request outstanding (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--mix", defaultValue = "60:30:10", description = "timeline:profile:send weights (default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--limit", defaultValue = "50", description = "Messages per timeline or profile read (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up seconds per engine before the first round, not measured (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--duration", defaultValue = "10", description = "Measured seconds per engine, split over 3 rounds (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--idle", defaultValue = "PARK", description = "Engine idle strategy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    IdleMode idle;

    @Mixin
    AffinityOption affinityOption;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the graph and the clients (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (users < 2 || followsMean < 0 || followsMean >= users || messagesPerUser < 0 || clients < 1
                || warmupSeconds < 0 || durationSeconds < 3 || limit < 1 || limit > 10_000) {
            System.err.println("demo: need users >= 2, 0 <= follows-mean < users, messages-per-user >= 0, clients >= 1,"
                    + " duration >= 3 s, 1 <= limit <= 10000");
            return 2;
        }
        Mix requestMix;
        String affinity;
        try {
            requestMix = Mix.parse(mix);
            affinity = affinityOption.checked();
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            return 2;
        }
        SocialGraph graph = SocialGraph.powerLaw(users, followsMean, 1.0, seed);
        int[] followers = graph.followerCounts();
        int maxFollowers = java.util.Arrays.stream(followers).max().orElse(0);
        out.printf("Starling demo: %,d users, %,d follows (max %,d followers of one user), %d messages each;%n"
                        + "mix timeline:profile:send = %s, %d closed-loop clients, reads of %d, %d s warm-up + %d s measured;%n"
                        + "RING: %d engine threads, %d shards, idle %s, affinity %s; %d cores available.%n%n",
                users, graph.edges(), maxFollowers, messagesPerUser, requestMix, clients, limit,
                warmupSeconds, durationSeconds, threads, shards, idle, affinity, Runtime.getRuntime().availableProcessors());
        List<EngineKind> kinds = List.of(EngineKind.RING, EngineKind.CENTRALIZED);
        List<LoadedDeployment> deployments = new ArrayList<>();
        try {
            List<WorkloadRunner> runners = new ArrayList<>();
            for (EngineKind kind : kinds) {
                out.println("loading " + kind + ":");
                DeploymentSpec spec = new DeploymentSpec(kind, new Placement(List.of("vub.be")), threads, shards, idle, null, affinity);
                LoadedDeployment loaded = LoadedDeployment.load(spec, graph, messagesPerUser, out);
                deployments.add(loaded);
                runners.add(loaded.runner(requestMix, clients, limit, seed));
            }
            // Both engines stay loaded and take turns in short rounds, so that a drift in the
            // machine's speed (shared, noisy) weighs on both alike rather than on whichever ran last.
            out.printf("%nmeasuring in %d alternating rounds:%n", ROUNDS);
            WorkloadResult[] results = new WorkloadResult[kinds.size()];
            long sliceMillis = durationSeconds * 1000L / ROUNDS;
            for (int round = 0; round < ROUNDS; round++) {
                for (int k = 0; k < kinds.size(); k++) {
                    Duration warmup = round == 0 ? Duration.ofSeconds(warmupSeconds) : Duration.ofMillis(300);
                    WorkloadResult slice = runners.get(k).run(kinds.get(k).name(), warmup,
                            Duration.ofMillis(sliceMillis), out);
                    results[k] = results[k] == null ? slice : results[k].plus(slice);
                }
            }
            out.println();
            ResultTable.print(out, List.of(results));
            ResultTable.printRatios(out, results[0], results[1]);
        } catch (IllegalStateException e) {
            System.err.println("demo: " + e.getMessage());
            return 1;
        } finally {
            deployments.forEach(LoadedDeployment::close);
        }
        return 0;
    }

    private static final int ROUNDS = 3;
}
