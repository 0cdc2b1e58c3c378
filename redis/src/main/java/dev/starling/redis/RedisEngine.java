package dev.starling.redis;

import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.StarlingException;
import dev.starling.engine.EngineSettings;
import dev.starling.runtime.Quiescence;
import dev.starling.spi.BroadcastLatency;
import dev.starling.spi.Engine;
import dev.starling.spi.InstanceStats;
import dev.starling.spi.StoreUsage;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The REDIS engine: the API on a real Redis server, with Mastodon's home-feed design (see
 * {@link RedisInstance}). It starts a private {@link RedisServer} unless it is given the address
 * of a running one, and talks to it with Lettuce: one multiplexed connection for requests, one
 * pipelined connection per fan-out worker.
 *
 * <p>Threads: {@code settings.threads()} fan-out workers (default min(2, cores)), and as many
 * Lettuce I/O and computation threads. Every key of a deployment lies under a prefix of its own
 * ({@code starling:<random tag>:}), so deployments can share a server; on a server it did not
 * start, the engine removes its keys on close. Nothing persists: the server runs without
 * snapshots or an append-only file.
 */
public final class RedisEngine implements Engine {

    private static final Logger LOG = LoggerFactory.getLogger(RedisEngine.class);

    /** How long one Redis command may take before it fails with {@code TIMEOUT}. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    /** What the instances share from the engine's settings. */
    record Options(EngineSettings settings) {
    }

    private final RedisServer server;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final FanOutWorkers workers;
    private final BroadcastRecorder broadcast;
    private final Map<String, RedisInstance> instances = new LinkedHashMap<>();
    private final String tag = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    private final String uri;
    private volatile boolean closed;

    /**
     * Starts the engine: a private {@code redis-server} when {@code redisUri} is null, else a
     * connection to the server it names.
     *
     * @param redisUri {@code redis://host:port}, or null for a private server
     * @throws StarlingException {@code INVALID_ARGUMENT} for bad settings or a malformed URI;
     *                           {@code INTERNAL} when no server can be started or reached (the message says why)
     */
    public RedisEngine(List<String> domains, EngineSettings settings, String redisUri) {
        settings.conclude();
        if (domains.size() > 64) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "the REDIS engine serves at most 64 instances");
        }
        RedisURI parsed = redisUri == null ? null : parseUri(redisUri);
        this.server = parsed == null ? RedisServer.start() : null;
        this.uri = server != null ? server.uri() : redisUri;
        RedisURI target = server != null ? RedisURI.create(server.uri()) : parsed;
        target.setTimeout(COMMAND_TIMEOUT);
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(settings.threads()).computationThreadPoolSize(settings.threads()).build();
        this.client = RedisClient.create(resources, target);
        client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT)).build());
        try {
            this.connection = client.connect();
        } catch (RuntimeException e) {
            shutdownClient();
            if (server != null) {
                server.close();
            }
            throw new StarlingException(ErrorCode.INTERNAL, "cannot connect to Redis at " + uri + ": " + e.getMessage(), e);
        }
        this.workers = new FanOutWorkers(client, settings.threads(), COMMAND_TIMEOUT);
        this.broadcast = new BroadcastRecorder(settings.broadcastSampling());
        Options options = new Options(settings);
        int index = 0;
        for (String domain : domains) {
            instances.put(domain, new RedisInstance(domain, index++, new FeedKeys(tag, domain), connection.async(),
                    workers, instances::get, broadcast, () -> closed, options));
        }
    }

    /**
     * Checks a server address: {@code redis://host:port} (Lettuce's URI syntax).
     *
     * @throws StarlingException {@code INVALID_ARGUMENT} when it is not one
     */
    public static RedisURI parseUri(String redisUri) {
        try {
            if (redisUri == null || !(redisUri.startsWith("redis://") || redisUri.startsWith("rediss://"))) {
                throw new IllegalArgumentException("expected redis://host:port");
            }
            return RedisURI.create(redisUri);
        } catch (RuntimeException e) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT,
                    "not a Redis address: '" + redisUri + "' (" + e.getMessage() + ")");
        }
    }

    /** The address of the server in use (the private one's loopback port, or the one given). */
    public String uri() {
        return uri;
    }

    /** The private server, or null when the engine uses a running one. */
    public RedisServer server() {
        return server;
    }

    @Override
    public Instance instance(String domain) {
        return instances.get(domain);
    }

    @Override
    public List<String> domains() {
        return List.copyOf(instances.keySet());
    }

    /** The fan-out workers (Lettuce's own I/O threads come on top, as many). */
    @Override
    public int threads() {
        return workers.threads();
    }

    /** Null: the data is in Redis, which keeps none on disk. */
    @Override
    public Path dataDirectory() {
        return null;
    }

    @Override
    public boolean awaitQuiescent(Duration timeout) {
        return Quiescence.await(() -> instances.values().stream().allMatch(RedisInstance::idle), timeout);
    }

    @Override
    public InstanceStats stats(String domain) {
        return instances.get(domain).counters().snapshot();
    }

    /** Empty: Redis holds the data, in structures that grow with it. */
    @Override
    public List<StoreUsage> storeUsage(String domain) {
        return List.of();
    }

    @Override
    public BroadcastLatency broadcastLatency() {
        return broadcast.snapshot();
    }

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
        workers.close();
        if (server == null) {
            removeKeys();
        }
        connection.close();
        shutdownClient();
        if (server != null) {
            server.close();
        }
    }

    /** On a server the engine did not start, removes this deployment's keys (best effort). */
    private void removeKeys() {
        try {
            RedisCommands<String, String> sync = connection.sync();
            ScanArgs match = ScanArgs.Builder.matches("starling:" + tag + ":*").limit(1000);
            KeyScanCursor<String> cursor = sync.scan(match);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    sync.unlink(cursor.getKeys().toArray(new String[0]));
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = sync.scan(ScanCursor.of(cursor.getCursor()), match);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not remove the keys under starling:{}: on {}", tag, uri, e);
        }
    }

    private void shutdownClient() {
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "RedisEngine[" + uri + ", " + instances.keySet() + "]";
    }
}
