package dev.starling.federation.remote;

import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.StarlingException;
import dev.starling.federation.aeron.AeronMedia;
import dev.starling.runtime.Quiescence;
import dev.starling.spi.BroadcastLatency;
import dev.starling.spi.BroadcastSpread;
import dev.starling.spi.Engine;
import dev.starling.spi.InstanceStats;
import dev.starling.spi.StoreUsage;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Instances served by other processes ({@code ./starling serve}), as a deployment's engine: one
 * {@link ApiClient} per served endpoint, all run by one agent thread on this process's {@link
 * AeronMedia}. Quiescence asks every connected process; counters are the processes' own;
 * broadcast latency and store usage stay with the serving processes (empty here).
 */
public final class RemoteEngine implements Engine {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteEngine.class);

    private final AeronMedia media;
    private final Map<String, RemoteInstance> instances = new LinkedHashMap<>();
    private final Map<String, ApiClient> clientOf = new LinkedHashMap<>();
    private final List<ApiClient> clients = new ArrayList<>();
    private final AgentRunner runner;
    private final long timeoutMs;
    private boolean closed;

    private RemoteEngine(AeronMedia media, Map<String, String> connections, Duration timeout) {
        this.media = media;
        this.timeoutMs = timeout.toMillis();
        Map<String, ApiClient> byEndpoint = new LinkedHashMap<>();
        connections.forEach((domain, endpoint) -> {
            ApiClient client = byEndpoint.computeIfAbsent(endpoint,
                    e -> new ApiClient(media.aeron(), e, timeout.toNanos(), !media.embedded()));
            clientOf.put(domain, client);
            instances.put(domain, new RemoteInstance(domain, client));
        });
        clients.addAll(byEndpoint.values());
        Agent agent = clients.size() == 1 ? clients.get(0) : new CompositeAgent(new ArrayList<Agent>(clients));
        this.runner = new AgentRunner(AeronMedia.idleStrategy(), t -> LOG.warn("api client error", t), null, agent);
        AgentRunner.startOnThread(runner, r -> {
            Thread thread = new Thread(r, "starling-api-client");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects to the processes serving {@code connections} (domain to {@code host:port}), on the
     * media driver at {@code aeronDirectory} or an embedded one when it is null; waits up to
     * {@code timeout} for each to be reached (calls made before then wait, or end in {@code TIMEOUT}).
     */
    public static RemoteEngine connect(Map<String, String> connections, Duration timeout, Path aeronDirectory) {
        AeronMedia media = AeronMedia.launch(aeronDirectory);
        RemoteEngine engine;
        try {
            engine = new RemoteEngine(media, connections, timeout);
        } catch (RuntimeException e) {
            media.close();
            throw e;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ApiClient client : engine.clients) {
            while (!client.connected() && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }
        return engine;
    }

    @Override
    public Instance instance(String domain) {
        return instances.get(domain);
    }

    @Override
    public int threads() {
        return 0;
    }

    @Override
    public Path dataDirectory() {
        return null;
    }

    /** True once every connected process answered that it is drained, twice in a row. */
    @Override
    public boolean awaitQuiescent(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return Quiescence.await(() -> allQuiescent(deadline), timeout);
    }

    private boolean allQuiescent(long deadline) {
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (ApiClient client : clients) {
            answers.add(client.quiescent());
        }
        for (CompletableFuture<Boolean> answer : answers) {
            if (!Boolean.TRUE.equals(await(answer, deadline))) {
                return false;
            }
        }
        return true;
    }

    private static <T> T await(CompletableFuture<T> answer, long deadline) {
        try {
            return answer.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** The serving process's counters of {@code domain}; {@code TIMEOUT} when it does not answer. */
    @Override
    public InstanceStats stats(String domain) {
        InstanceStats stats = await(clientOf.get(domain).stats(domain),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
        if (stats == null) {
            throw new StarlingException(ErrorCode.TIMEOUT, "no counters from the process serving " + domain);
        }
        return stats;
    }

    @Override
    public List<StoreUsage> storeUsage(String domain) {
        return List.of();
    }

    /**
     * The broadcast latency over every connected process: each one's spreads of the sampled
     * messages, merged per message (the first follower anywhere, the last everywhere), so a
     * message whose followers live in several processes counts once. Arrival times are the
     * processes' wall clocks: across hosts, their offset adds to the figures.
     */
    @Override
    public BroadcastLatency broadcastLatency() {
        return BroadcastLatency.of(broadcastSpreads());
    }

    @Override
    public List<BroadcastSpread> broadcastSpreads() {
        Map<Long, BroadcastSpread> merged = new java.util.HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (ApiClient client : clients) {
            int from = 0;
            int total;
            do {
                ApiClient.SpreadPage page = await(client.broadcast(from, false), deadline);
                if (page == null) {
                    throw new StarlingException(ErrorCode.TIMEOUT, "no broadcast spreads from a connected process");
                }
                page.spreads().forEach(s -> merged.merge(s.messageId(), s, BroadcastSpread::merge));
                from += page.spreads().size();
                total = page.total();
                if (page.spreads().isEmpty()) {
                    break; // the process forgot some spreads between two pages
                }
            } while (from < total);
        }
        return List.copyOf(merged.values());
    }

    /** Asks every connected process to forget its samples, and waits for each to answer. */
    @Override
    public void clearBroadcastLatency() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        List<CompletableFuture<ApiClient.SpreadPage>> answers = new ArrayList<>();
        clients.forEach(client -> answers.add(client.broadcast(0, true)));
        for (CompletableFuture<ApiClient.SpreadPage> answer : answers) {
            if (await(answer, deadline) == null) {
                throw new StarlingException(ErrorCode.TIMEOUT, "a connected process did not forget its broadcast samples");
            }
        }
    }

    /** The domains whose served process this client reaches over IPC (it shares this client's media driver). */
    public List<String> domainsOverIpc() {
        List<String> overIpc = new ArrayList<>();
        clientOf.forEach((domain, client) -> {
            if (client.overIpc()) {
                overIpc.add(domain);
            }
        });
        return overIpc;
    }

    @Override
    public List<String> domains() {
        return List.copyOf(instances.keySet());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        runner.close();
        StarlingException closedError = new StarlingException(ErrorCode.CLOSED, "the deployment is closed");
        clients.forEach(c -> c.failAll(closedError));
        media.close();
    }
}
