package dev.starling.engine;

import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.Ids;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The RING engine: one {@link RingInstance} per domain, and a fixed number of engine threads
 * (Agrona {@link AgentRunner}s) shared by all of them, as {@code erl +S} is shared by all Erlang
 * processes. Shards are dealt round-robin over the threads; each thread runs its shards as one
 * {@link CompositeAgent}, so the number of threads is independent of instances and shards.
 */
public final class RingEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RingEngine.class);

    private final Map<String, RingInstance> instances = new LinkedHashMap<>();
    private final List<AgentRunner> runners = new ArrayList<>();
    private final Path directory;
    private final boolean temporary;
    private final AtomicLong agentErrors = new AtomicLong();
    private boolean closed;

    public RingEngine(List<String> domains, EngineSettings settings) {
        settings.conclude();
        if (domains.isEmpty() || domains.size() > Ids.MAX_INSTANCES) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "1 to " + Ids.MAX_INSTANCES + " instances, got " + domains.size());
        }
        this.temporary = settings.dataDirectory() == null;
        try {
            this.directory = temporary ? Files.createTempDirectory("starling-") : settings.dataDirectory();
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory: " + e.getMessage(), e);
        }
        try {
            for (String domain : domains) {
                instances.put(domain, new RingInstance(domain, instances.size(), settings, directory.resolve(domain)));
            }
            startThreads(settings);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
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
            agentErrors.incrementAndGet();
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
            AgentRunner runner = new AgentRunner(idle, errors, (AtomicCounter) null, agent);
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

    /** The instance serving {@code domain}, or null. */
    public RingInstance instance(String domain) {
        return instances.get(domain);
    }

    public List<RingInstance> instances() {
        return List.copyOf(instances.values());
    }

    /** Engine threads actually running (at most one per shard). */
    public int threads() {
        return runners.size();
    }

    public Path directory() {
        return directory;
    }

    /** Errors that escaped a duty cycle (none are expected; each is logged and the thread goes on). */
    public long agentErrors() {
        return agentErrors.get();
    }

    /** Waits until every ring and every hand-over between shards is drained; false on timeout. */
    public boolean awaitQuiescent(Duration timeout) {
        return Quiescence.await(() -> instances.values().stream().allMatch(RingInstance::quiescent), timeout);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        instances.values().forEach(RingInstance::markClosed);
        for (AgentRunner runner : runners) {
            runner.close();
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
