package dev.starling.tools.workload;

import dev.starling.runtime.IdleMode;
import dev.starling.federation.Deployment;
import dev.starling.federation.EngineKind;

import java.nio.file.Path;

/**
 * The settings of a deployment a workload runs on, in one value: which engine, which instances,
 * how many engine threads and shards, and where the RING stores live.
 *
 * @param engine        RING or CENTRALIZED
 * @param placement     the instances and where users live
 * @param threads       engine threads (RING; the baseline always has one)
 * @param shards        shards per RING instance
 * @param idle          how engine threads wait
 * @param dataDirectory RING stores; null for a temporary directory removed on close
 */
public record DeploymentSpec(EngineKind engine, Placement placement, int threads, int shards, IdleMode idle,
                             Path dataDirectory, String affinity) {

    /** A deployment whose engine threads are not pinned. */
    public DeploymentSpec(EngineKind engine, Placement placement, int threads, int shards, IdleMode idle,
                          Path dataDirectory) {
        this(engine, placement, threads, shards, idle, dataDirectory, "none");
    }

    /** Starts the deployment, its stores sized for the graph and the messages to come. */
    public Deployment start(SocialGraph graph, int messagesPerUser) {
        int instances = placement.instances();
        long usersPerInstance = (graph.users() + instances - 1) / instances;
        long followsPerUser = Math.max(1, graph.edges() / Math.max(1, graph.users()));
        Deployment.Builder builder = Deployment.builder()
                .instances(placement.domains().toArray(new String[0]))
                .engine(engine).threads(threads).shardsPerInstance(shards).idleMode(idle)
                .affinity(engine == EngineKind.RING ? affinity : "none")
                .expectedLoad(usersPerInstance, messagesPerUser + 100L, followsPerUser);
        if (dataDirectory != null) {
            builder.dataDirectory(dataDirectory);
        }
        return builder.start();
    }

    /** One line for humans. */
    public String describe() {
        return engine + " " + placement.instances() + " instance(s) " + placement.domains()
                + (engine == EngineKind.RING ? ", " + threads + " engine thread(s), " + shards + " shards each"
                + ("none".equals(affinity) ? "" : ", affinity " + affinity) : "");
    }
}
