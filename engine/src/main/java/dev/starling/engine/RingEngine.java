package dev.starling.engine;

import dev.starling.spi.BroadcastLatency;
import dev.starling.spi.BroadcastSpread;
import dev.starling.spi.Engine;
import dev.starling.spi.InstanceStats;
import dev.starling.spi.StoreUsage;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.ConcurrentCountersManager;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import dev.starling.runtime.WakeableIdleStrategy;
import dev.starling.runtime.ThreadAffinity;
import dev.starling.runtime.Quiescence;
import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.Ids;
import dev.starling.engine.store.TimelineWindow;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The RING engine: one {@link RingInstance} per domain, federated through a {@link
 * FederationTransport} (the {@code federation} module's), and a fixed number of engine threads (Agrona {@link AgentRunner}s) shared by
 * all of them, as {@code erl +S} is shared by all Erlang processes. Shards are dealt round-robin
 * over the threads; each thread runs its shards as one {@link CompositeAgent}, so the number of
 * threads is independent of instances and shards.
 *
 * <p>Each instance keeps its index (the one carried in its users' ids and in other instances'
 * follower masks) in {@code instance.properties} under its directory, so that reopening a data
 * directory with the domains in another order, or with more of them, keeps every id meaning the
 * same instance.
 *
 * <p>An engine still open when the JVM is asked to stop (SIGTERM, Ctrl-C) is closed by a shutdown
 * hook: its stores close cleanly (no recovery at the next start) and a temporary data directory
 * is removed.
 */
public final class RingEngine implements Engine {

    private static final Logger LOG = LoggerFactory.getLogger(RingEngine.class);

    private static final String INSTANCE_FILE = "instance.properties";
    /**
     * The stores' layout, kept in each instance's {@code instance.properties}: 2 since timeline
     * windows grow with what they hold (1, or none written: fixed windows, a smaller user record).
     */
    static final int STORE_LAYOUT = 2;
    /** System property: the directory that temporary data directories are made in. */
    public static final String TEMPORARY_ROOT_PROPERTY = "starling.temporaryRoot";

    private final Map<String, RingInstance> instances = new LinkedHashMap<>();
    private final FederationTransport federation;
    private final ShardRegistry registry = new ShardRegistry();
    private final BroadcastTracker broadcast;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final Path directory;
    private final boolean temporary;
    private final CountersManager counters;
    private final AtomicCounter agentErrors;
    /** Closes the engine when the JVM is asked to stop (SIGTERM, Ctrl-C) with the engine still open. */
    private final Thread closeOnExit = new Thread(this::close, "starling-close-on-exit");
    private boolean closed;

    /**
     * Starts one instance per domain, reaching each other through {@code federation}.
     *
     * @throws StarlingException {@code INVALID_ARGUMENT} for bad settings or a data directory made
     *                           with another shard count
     */
    public RingEngine(List<String> domains, EngineSettings settings, FederationTransport federation) {
        settings.conclude();
        this.federation = federation;
        if (domains.isEmpty() || domains.size() > FederationTransport.MAX_INSTANCES) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT,
                    "1 to " + FederationTransport.MAX_INSTANCES + " instances, got " + domains.size());
        }
        this.broadcast = new BroadcastTracker(settings.broadcastSampling());
        int counterCount = 1 + domains.size() * settings.shardsPerInstance() * ShardCounters.perShard();
        this.counters = new ConcurrentCountersManager(
                new UnsafeBuffer(ByteBuffer.allocateDirect(counterCount * CountersReader.METADATA_LENGTH)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(counterCount * CountersReader.COUNTER_LENGTH)));
        this.agentErrors = counters.newCounter("engine thread errors");
        this.temporary = settings.dataDirectory() == null;
        try {
            this.directory = temporary ? Files.createTempDirectory(temporaryRoot(), "starling-") : settings.dataDirectory();
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory: " + e.getMessage(), e);
        }
        try {
            Map<String, Integer> indices = assignIndices(domains, settings.shardsPerInstance());
            for (String domain : domains) {
                RingInstance instance = new RingInstance(domain, indices.get(domain), settings,
                        directory.resolve(domain), federation, registry, broadcast, counters);
                instances.put(domain, instance);
            }
            startThreads(settings);
            Runtime.getRuntime().addShutdownHook(closeOnExit);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot read the instances under " + directory + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Where a temporary data directory goes: the directory named by the system property
     * {@value #TEMPORARY_ROOT_PROPERTY} if set, else {@code /dev/shm} where it is a writable
     * directory (memory, as Aeron's default directory), else {@code java.io.tmpdir}. Stores are
     * memory-mapped files: on a disk file system the kernel's write-back of dirty pages stalls
     * the writes that touch them, which a temporary deployment has no reason to pay.
     */
    public static Path temporaryRoot() {
        String configured = System.getProperty(TEMPORARY_ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Reads the index of every instance that ever lived in this directory and gives each new
     * domain the lowest unused one; refuses a directory made with another shard count (user
     * placement depends on it).
     */
    private Map<String, Integer> assignIndices(List<String> domains, int shards) throws IOException {
        Map<String, Integer> known = new HashMap<>();
        try (var children = Files.list(directory)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                Path file = child.resolve(INSTANCE_FILE);
                if (Files.isRegularFile(file)) {
                    Properties properties = new Properties();
                    try (var in = Files.newBufferedReader(file)) {
                        properties.load(in);
                    }
                    String domain = child.getFileName().toString();
                    int stored = Integer.parseInt(properties.getProperty("shards", "-1"));
                    int layout = Integer.parseInt(properties.getProperty("layout", "1"));
                    if (domains.contains(domain) && layout != STORE_LAYOUT) {
                        throw new StarlingException(ErrorCode.INVALID_ARGUMENT, domain + " in " + directory
                                + " holds stores of layout " + layout + " (timelines of a fixed " + TimelineWindow.CAPACITY
                                + " entries), this engine reads layout " + STORE_LAYOUT + ": load the data again");
                    }
                    if (domains.contains(domain) && stored != shards) {
                        throw new StarlingException(ErrorCode.INVALID_ARGUMENT, domain + " in " + directory
                                + " was created with " + stored + " shards; open it with shardsPerInstance(" + stored + ")");
                    }
                    known.put(domain, Integer.parseInt(properties.getProperty("index")));
                }
            }
        }
        Map<String, Integer> result = new HashMap<>();
        Set<Integer> used = new HashSet<>(known.values());
        int next = 0;
        for (String domain : domains) {
            Integer index = known.get(domain);
            int required = federation.requiredIndex(domain);
            if (index != null && required >= 0 && index != required) {
                throw new StarlingException(ErrorCode.INVALID_ARGUMENT, domain + " in " + directory
                        + " has index " + index + ", but its federation gives it " + required);
            }
            if (index == null && required >= 0) {
                if (used.contains(required)) {
                    throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "index " + required + " of " + domain
                            + " is taken by another instance in " + directory);
                }
                index = required;
                used.add(index);
                Path home = directory.resolve(domain);
                Files.createDirectories(home);
                Files.writeString(home.resolve(INSTANCE_FILE), "index=" + index + "\nshards=" + shards
                        + "\nlayout=" + STORE_LAYOUT + "\n");
            }
            if (index == null) {
                while (used.contains(next)) {
                    next++;
                }
                if (next >= FederationTransport.MAX_INSTANCES) {
                    throw new StarlingException(ErrorCode.INVALID_ARGUMENT, directory + " already held "
                            + known.size() + " instances; at most " + FederationTransport.MAX_INSTANCES + " fit");
                }
                index = next;
                used.add(index);
                Path home = directory.resolve(domain);
                Files.createDirectories(home);
                Files.writeString(home.resolve(INSTANCE_FILE), "index=" + index + "\nshards=" + shards
                        + "\nlayout=" + STORE_LAYOUT + "\n");
            }
            result.put(domain, index);
        }
        return result;
    }

    private void startThreads(EngineSettings settings) {
        List<Shard> all = new ArrayList<>();
        for (RingInstance instance : instances.values()) {
            all.addAll(List.of(instance.shards()));
        }
        int threads = Math.min(settings.threads(), all.size());
        if (threads < settings.threads()) {
            LOG.info("{} engine threads asked for, {} shards to run: starting {}", settings.threads(), all.size(), threads);
        }
        List<List<Agent>> groups = new ArrayList<>(); // shards as agents, so one group is one CompositeAgent
        for (int t = 0; t < threads; t++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            groups.get(i % threads).add(all.get(i));
        }
        ErrorHandler errors = t -> {
            LOG.warn("engine thread error (the thread carries on)", t);
        };
        ThreadAffinity.Pinning pinning = settings.affinity().newPinning("engine");
        for (int t = 0; t < threads; t++) {
            List<Agent> group = groups.get(t);
            Agent agent = group.size() == 1 ? group.get(0) : new CompositeAgent(group);
            Shard[] shards = group.toArray(new Shard[0]);
            IdleStrategy idle = settings.idleMode().newStrategy(() -> anyHasWork(shards));
            if (idle instanceof WakeableIdleStrategy wakeable) {
                group.forEach(shard -> ((Shard) shard).wakeWith(wakeable));
            }
            AgentRunner runner = new AgentRunner(idle, errors, agentErrors, agent); // counts, then calls errors
            runners.add(runner);
            AgentRunner.startOnThread(runner, r -> {
                Thread thread = new Thread(pinning.wrap(r), "starling-engine-" + runners.size());
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    private static boolean anyHasWork(Shard[] shards) {
        for (Shard shard : shards) {
            if (shard.hasWork()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public RingInstance instance(String domain) {
        return instances.get(domain);
    }

    @Override
    public List<String> domains() {
        return List.copyOf(instances.keySet());
    }

    @Override
    public InstanceStats stats(String domain) {
        return instances.get(domain).stats();
    }

    @Override
    public List<StoreUsage> storeUsage(String domain) {
        return instances.get(domain).storeUsage();
    }

    public List<RingInstance> instances() {
        return List.copyOf(instances.values());
    }

    /** Engine threads actually running (at most one per shard). */
    @Override
    public int threads() {
        return runners.size();
    }

    @Override
    public Path dataDirectory() {
        return directory;
    }

    /** Errors that escaped a duty cycle (none are expected; each is logged and the thread goes on). */
    public long agentErrors() {
        return agentErrors.get();
    }

    /**
     * Waits until every request ring, federation ring and hand-over between shards is drained and
     * every federation event sent has been handled; false on timeout.
     */
    @Override
    public boolean awaitQuiescent(Duration timeout) {
        return Quiescence.await(this::quiescent, timeout);
    }

    private boolean quiescent() {
        long handled = 0; // read before what was sent: an event in flight then shows as sent > handled
        for (RingInstance instance : instances.values()) {
            handled += instance.federationHandled();
        }
        for (RingInstance instance : instances.values()) {
            if (!instance.quiescent()) {
                return false;
            }
        }
        long sent = 0;
        for (RingInstance instance : instances.values()) {
            sent += instance.federationSent();
        }
        return federation.balanced(sent, handled);
    }

    /**
     * The engine's counters (per shard: requests done by type, hand-overs, federation events,
     * deliveries, remote calls, faults), readable while it runs, as Aeron's {@code AeronStat} reads
     * a driver's.
     */
    public CountersReader counters() {
        return counters;
    }

    /** Broadcast latency of the messages sampled so far, over all instances. */
    @Override
    public BroadcastLatency broadcastLatency() {
        return broadcast.snapshot();
    }

    @Override
    public List<BroadcastSpread> broadcastSpreads() {
        return broadcast.spreads();
    }

    /** Forgets the broadcast samples recorded so far (for instance after a warm-up). */
    @Override
    public void clearBroadcastLatency() {
        broadcast.clear();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != closeOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(closeOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running or about to: it finds the engine closed
            }
        }
        instances.values().forEach(RingInstance::closeToCallers);
        for (AgentRunner runner : runners) {
            runner.close(); // each shard closes its stores as its agent closes
        }
        for (RingInstance instance : instances.values()) {
            instance.failOutstanding();
            instance.closeStores();
        }
        if (temporary && directory != null) {
            IoUtil.delete(directory.toFile(), true);
        }
    }
}
