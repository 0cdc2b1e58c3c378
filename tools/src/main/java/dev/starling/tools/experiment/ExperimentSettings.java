package dev.starling.tools.experiment;

import dev.starling.runtime.IdleMode;
import dev.starling.federation.EngineKind;
import dev.starling.tools.workload.DeploymentSpec;
import dev.starling.tools.workload.GraphSpec;
import dev.starling.tools.workload.Mix;
import dev.starling.tools.workload.Placement;

import java.util.List;
import java.util.TreeSet;

/**
 * Every setting of an experiment run, resolved (defaults and {@code --quick} applied).
 *
 * @param reps             repetitions of every point, each on a fresh deployment
 * @param quick            the short CI settings were asked for
 * @param users            users of the power-law graph
 * @param followsMean      mean follows per user
 * @param remoteFraction   share of follows across instances; negative: as placement falls
 * @param messagesPerUser  seed messages per user
 * @param seed             graph seed (clients use seed + rep)
 * @param clients          concurrent closed-loop clients
 * @param speedupClients   speedup: concurrent closed-loop clients (enough to keep the most threads busy)
 * @param warmupSeconds    warm-up per measurement
 * @param durationSeconds  measured seconds per measurement
 * @param limit            messages per read
 * @param mix              the mix to use, or null for each experiment's own
 * @param threads          engine threads (instances, engines)
 * @param bestcaseThreads  engine threads of the best case
 * @param threadsList      speedup: the thread counts, starting with 1
 * @param speedupWorkloads speedup: the mixes measured at each thread count
 * @param instancesList    instances: the instance counts
 * @param instancesEngine  instances: the engine
 * @param instances        instances of the other experiments
 * @param followsList      bestcase: the mean follows per user
 * @param shards           shards per instance, or null for each experiment's own
 * @param idle             engine idle strategy
 * @param affinity         where RING engine threads are pinned ({@code none}, {@code auto} or a CPU list)
 * @param cores            available processors
 * @param redisUri         the Redis server of the REDIS engine; null for a private one per deployment
 * @param processes        instances: also measure each count with every instance a serve process of its own
 */
public record ExperimentSettings(int reps, boolean quick, int users, int followsMean, double remoteFraction,
                                 int messagesPerUser, long seed, int clients, int speedupClients,
                                 double warmupSeconds,
                                 double durationSeconds, int limit, Mix mix, int threads, int bestcaseThreads,
                                 List<Integer> threadsList, List<Workload> speedupWorkloads,
                                 List<Integer> instancesList, EngineKind instancesEngine, int instances,
                                 List<Integer> followsList, Integer shards, IdleMode idle, String affinity,
                                 int cores, String redisUri, boolean processes) {

    public GraphSpec graph() {
        return GraphSpec.powerLaw(users, followsMean, remoteFraction, seed);
    }

    public Mix mixOr(Mix experimentDefault) {
        return mix != null ? mix : experimentDefault;
    }

    public int shardsOr(int experimentDefault) {
        return shards != null ? shards : experimentDefault;
    }

    /** A deployment of {@code instances} generated instances; the experiment's data lives in a temporary directory. */
    public DeploymentSpec deployment(EngineKind engine, int instanceCount, int engineThreads, int shardsPerInstance) {
        return new DeploymentSpec(engine, Placement.generated(instanceCount), engineThreads, shardsPerInstance, idle, null,
                affinity, redisUri);
    }

    /**
     * The default thread counts of the speed-up experiment: every count up to {@code max} when it is
     * at most 8, else the powers of two up to the core count, the core count, and 1.5 and 2 times it
     * (oversubscribed), up to {@code max}.
     */
    public static List<Integer> defaultThreadCounts(int cores, int max) {
        TreeSet<Integer> counts = new TreeSet<>();
        if (max <= 8) {
            for (int t = 1; t <= max; t++) {
                counts.add(t);
            }
            return List.copyOf(counts);
        }
        for (int t = 1; t <= Math.min(cores, max); t *= 2) {
            counts.add(t);
        }
        for (int t : new int[] {cores, cores * 3 / 2, cores * 2, max}) {
            if (t >= 1 && t <= max) {
                counts.add(t);
            }
        }
        return List.copyOf(counts);
    }
}
