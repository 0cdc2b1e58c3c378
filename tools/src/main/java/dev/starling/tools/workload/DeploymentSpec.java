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

    /**
     * Starts the deployment, its stores sized for the graph and the seed messages: no more, since
     * the stores grow with what they hold.
     */
    public Deployment start(SocialGraph graph, int messagesPerUser) {
        int instances = placement.instances();
        long usersPerInstance = usersPerInstance(graph.users());
        long followsPerUser = followsPerUser(graph.users(), graph.edges());
        if (engine == EngineKind.RING) {
            Capacity.checkStores(storeBytes(graph.users(), graph.edges(), messagesPerUser), dataDirectory);
        }
        Deployment.Builder builder = Deployment.builder()
                .instances(placement.domains().toArray(new String[0]))
                .engine(engine).threads(threads).shardsPerInstance(shards).idleMode(idle)
                .affinity(engine == EngineKind.RING ? affinity : "none")
                .expectedLoad(usersPerInstance, Math.max(1, messagesPerUser), followsPerUser);
        if (dataDirectory != null) {
            builder.dataDirectory(dataDirectory);
        }
        if (engine != EngineKind.RING) {
            return builder.start();
        }
        return StoreProgress.whileCreating(System.out, dataDirectory != null ? dataDirectory : Capacity.temporaryRoot(),
                storeBytes(graph.users(), graph.edges(), messagesPerUser), builder::start);
    }

    /**
     * Bytes the RING stores of this deployment take for a graph of {@code users} and
     * {@code follows}, each user with {@code messagesPerUser} messages (as {@link #start} sizes them).
     */
    public long storeBytes(long users, long follows, int messagesPerUser) {
        return Capacity.storeBytes(placement.instances(), shards, usersPerInstance(users), Math.max(1, messagesPerUser),
                followsPerUser(users, follows));
    }

    private long usersPerInstance(long users) {
        int instances = placement.instances();
        return (users + instances - 1) / instances;
    }

    private static long followsPerUser(long users, long follows) {
        return Math.max(1, follows / Math.max(1, users));
    }

    /** One line for humans. */
    public String describe() {
        return engine + " " + placement.instances() + " instance(s) " + placement.domains()
                + (engine == EngineKind.RING ? ", " + threads + " engine thread(s), " + shards + " shards each"
                + ("none".equals(affinity) ? "" : ", affinity " + affinity) : "");
    }
}
