package dev.starling.tools.workload;

import dev.starling.runtime.IdleMode;
import dev.starling.federation.Deployment;
import dev.starling.federation.EngineKind;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The settings of a deployment a workload runs on, in one value: which engine, which instances,
 * how many engine threads and shards, and where the RING stores live.
 *
 * @param engine        RING, CENTRALIZED or REDIS
 * @param placement     the instances and where users live
 * @param threads       engine threads (RING; the baseline always has one)
 * @param shards        shards per RING instance
 * @param idle          how engine threads wait
 * @param dataDirectory RING stores; null for a temporary directory removed on close
 * @param affinity      how RING engine threads are pinned
 * @param redisUri      the Redis server of the REDIS engine; null for a private one
 * @param connect       domain to {@code host:port} of the processes serving them; empty for instances in this process
 * @param processes     RING instances each in a {@code serve} child process of its own, started for the
 *                      deployment ({@link ServedProcesses}; {@code threads} engine threads each)
 * @param aeronDirectory with {@code connect}: the external media driver the clients use (null: an embedded one)
 */
public record DeploymentSpec(EngineKind engine, Placement placement, int threads, int shards, IdleMode idle,
                             Path dataDirectory, String affinity, String redisUri, Map<String, String> connect,
                             boolean processes, Path aeronDirectory) {

    /** A deployment in this process, or of the served instances {@code connect} names. */
    public DeploymentSpec(EngineKind engine, Placement placement, int threads, int shards, IdleMode idle,
                          Path dataDirectory, String affinity, String redisUri, Map<String, String> connect) {
        this(engine, placement, threads, shards, idle, dataDirectory, affinity, redisUri, connect, false, null);
    }

    /**
     * RING instances of {@code placement} as serve processes on this host, one per instance, each
     * with {@code threadsEach} engine threads and {@code shards} shards, on fresh data directories.
     */
    public static DeploymentSpec asProcesses(Placement placement, int threadsEach, int shards) {
        return new DeploymentSpec(EngineKind.RING, placement, threadsEach, shards, IdleMode.PARK, null, "none", null,
                Map.of(), true, null);
    }

    /** A deployment of instances in this process, on a private Redis server if it is REDIS. */
    public DeploymentSpec(EngineKind engine, Placement placement, int threads, int shards, IdleMode idle,
                          Path dataDirectory, String affinity) {
        this(engine, placement, threads, shards, idle, dataDirectory, affinity, null, Map.of());
    }

    /** A deployment of instances in this process; REDIS on the server {@code redisUri} names (null: a private one). */
    public DeploymentSpec(EngineKind engine, Placement placement, int threads, int shards, IdleMode idle,
                          Path dataDirectory, String affinity, String redisUri) {
        this(engine, placement, threads, shards, idle, dataDirectory, affinity, redisUri, Map.of());
    }

    /**
     * Clients of instances served by other processes ({@code ./starling serve}): {@code connect}
     * maps each domain to its process's {@code host:port}; the placement is those domains; the
     * clients use the media driver at {@code aeronDirectory} (null: one embedded in this process).
     */
    public static DeploymentSpec connected(Map<String, String> connect, Path aeronDirectory) {
        return new DeploymentSpec(EngineKind.RING, new Placement(List.copyOf(connect.keySet())), 0, 0, IdleMode.PARK,
                null, "none", null, Map.copyOf(connect), false, aeronDirectory);
    }

    /** How long a client of a served instance waits for an answer before {@code TIMEOUT}. */
    private static final java.time.Duration REMOTE_TIMEOUT = java.time.Duration.ofSeconds(30);

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
        if (!connect.isEmpty()) {
            Deployment.Builder builder = Deployment.builder().remoteTimeout(REMOTE_TIMEOUT);
            placement.domains().forEach(domain -> builder.connect(domain, connect.get(domain)));
            if (aeronDirectory != null) {
                builder.aeronDirectory(aeronDirectory);
            }
            return builder.start();
        }
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
        if (engine == EngineKind.REDIS) {
            builder.redisUri(redisUri);
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

    /** The deployment's name in tables: the engine, or SERVED for instances of other processes. */
    public String label() {
        return processes ? "RING processes" : connect.isEmpty() ? engine.name() : "SERVED";
    }

    /** One line for humans. */
    public String describe() {
        if (processes) {
            return "RING " + placement.instances() + " instance(s) " + placement.domains() + " as serve processes on this"
                    + " host, " + threads + " engine thread(s) and " + shards + " shards each";
        }
        if (!connect.isEmpty()) {
            return "served " + placement.domains().stream().map(d -> d + " at " + connect.get(d)).toList()
                    + " (connect, over Aeron)";
        }
        return engine + " " + placement.instances() + " instance(s) " + placement.domains()
                + (engine == EngineKind.RING ? ", " + threads + " engine thread(s), " + shards + " shards each"
                + ("none".equals(affinity) ? "" : ", affinity " + affinity) : "");
    }
}
