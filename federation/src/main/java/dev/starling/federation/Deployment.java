package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.StarlingException;
import dev.starling.centralized.CentralizedEngine;
import dev.starling.engine.EngineSettings;
import dev.starling.engine.FaultInjector;
import dev.starling.federation.aeron.Endpoints;
import dev.starling.federation.inprocess.InProcessFederation;
import dev.starling.federation.remote.RemoteEngine;
import dev.starling.federation.remote.ServedEngine;
import dev.starling.runtime.IdleMode;
import dev.starling.engine.RingEngine;
import dev.starling.redis.RedisEngine;
import dev.starling.spi.Engine;
import dev.starling.spi.InstanceStats;
import dev.starling.spi.Validation;
import dev.starling.runtime.ThreadAffinity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import dev.starling.spi.StoreUsage;
import java.util.Map;
import java.util.Set;

/**
 * A running set of instances in this JVM, started by {@link #builder()}. It owns the engine's
 * threads and stores and releases them on {@link #close()}.
 *
 * <p>With the RING engine each domain is its own instance (its own request ring, shards and
 * stores), and instances reach each other only through their inbound federation rings; the
 * deployment is the directory that resolves {@code name@domain} to the owning instance. With the
 * CENTRALIZED baseline one thread serves every domain.
 */
public final class Deployment implements AutoCloseable {

    private final EngineKind kind;
    private final List<String> domains;
    private final Engine engine;

    private Deployment(Builder builder) {
        this.kind = builder.kind;
        this.domains = List.copyOf(builder.domains);
        this.engine = !builder.connections.isEmpty() ? connect(builder) : switch (kind) {
            case RING -> builder.listen == null ? new RingEngine(domains, builder.settings,
                    new InProcessFederation(builder.settings.federationRingSize())) : serve(builder);
            case CENTRALIZED -> new CentralizedEngine(domains, builder.settings);
            case REDIS -> new RedisEngine(domains, builder.settings, builder.redisUri);
        };
    }

    /** Serves the RING instances over Aeron: federation with the peers, and clients' requests. */
    private Engine serve(Builder builder) {
        return ServedEngine.start(domains, builder.settings, builder.listen, builder.peers, builder.aeronDirectory);
    }

    /** Instances served by other processes, reached over Aeron. */
    private Engine connect(Builder builder) {
        if (!builder.domainsGiven.isEmpty() || builder.listen != null || !builder.peers.isEmpty()) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT,
                    "connect(...) reaches instances served elsewhere; it takes no instances, listen or peer");
        }
        builder.settings.conclude();
        return RemoteEngine.connect(builder.connections, builder.settings.remoteTimeout(), builder.aeronDirectory);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The instance serving {@code domain} (ignoring ASCII case); {@code UNKNOWN_INSTANCE} when it
     * is not deployed, or is not a domain of ASCII letters, digits, hyphens and dots (a look-alike
     * with a Kelvin sign for {@code k} names no instance).
     */
    public Instance instance(String domain) {
        String key = Validation.normalizeDomain(domain);
        Instance instance = key == null ? null : engine.instance(key);
        if (instance == null) {
            throw new StarlingException(ErrorCode.UNKNOWN_INSTANCE, domain + " is not deployed");
        }
        return instance;
    }

    public List<String> domains() {
        return domains;
    }

    public EngineKind engine() {
        return kind;
    }

    /** Engine threads running (RING: at most one per shard; CENTRALIZED: one). */
    public int threads() {
        return engine.threads();
    }

    /** Where the RING stores live (null for CENTRALIZED, which keeps everything on the heap). */
    public Path dataDirectory() {
        return engine.dataDirectory();
    }

    /** True once every ring and every hand-over is drained; false when {@code timeout} passes first. */
    public boolean awaitQuiescent(Duration timeout) {
        return engine.awaitQuiescent(timeout);
    }

    /**
     * Counters of every instance, and the broadcast latency of the messages sampled so far
     * (RING only: CENTRALIZED builds timelines at read time, so nothing is ever stale).
     */
    public DeploymentMetrics metrics() {
        Map<String, InstanceStats> stats = new LinkedHashMap<>();
        Map<String, List<StoreUsage>> stores = new LinkedHashMap<>();
        for (String domain : domains) {
            stats.put(domain, engine.stats(domain));
            stores.put(domain, engine.storeUsage(domain));
        }
        return new DeploymentMetrics(kind, stats, engine.broadcastLatency(), stores, bytesUnder(engine.dataDirectory()));
    }

    /** Bytes of the files under {@code directory} (0 for none, or when it cannot be read). */
    private static long bytesUnder(Path directory) {
        if (directory == null) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException gone) {
                    return 0; // removed while walking (a retired generation's temporary file)
                }
            }).sum();
        } catch (IOException | UncheckedIOException unreadable) {
            return 0;
        }
    }

    /** Forgets the broadcast latency samples taken so far, for instance at the end of a warm-up. */
    public void clearBroadcastLatency() {
        engine.clearBroadcastLatency();
    }

    @Override
    public void close() {
        engine.close();
    }

    /** Builds a {@link Deployment}; every setting has a default that behaves on 2 cores. */
    public static final class Builder {
        private final Set<String> domains = new LinkedHashSet<>();
        private EngineKind kind = EngineKind.RING;
        private final EngineSettings settings = new EngineSettings();
        private String redisUri;
        private final Set<String> domainsGiven = new LinkedHashSet<>();
        private final Map<String, String> connections = new LinkedHashMap<>();
        private final Map<String, String> peers = new LinkedHashMap<>();
        private String listen;
        private Path aeronDirectory;

        private Builder() {
        }

        /**
         * The running Redis server the REDIS engine uses, as {@code redis://host:port}; default
         * (null): a private {@code redis-server} child on a free loopback port, stopped on close.
         *
         * @throws StarlingException {@code INVALID_ARGUMENT} when it is not such an address
         */
        public Builder redisUri(String uri) {
            if (uri != null) {
                RedisEngine.parseUri(uri);
            }
            this.redisUri = uri;
            return this;
        }

        /**
         * Serves this deployment's RING instances to other processes over Aeron: their federation
         * with the {@link #peer}s, and clients' requests ({@link #connect} in another process), on
         * {@code host:port} (UDP). Without it, instances reach only each other, in this process.
         */
        public Builder listen(String endpoint) {
            this.listen = Endpoints.check(endpoint, false);
            return this;
        }

        /**
         * A peer instance served by another process at {@code host:port} (its {@link #listen}
         * endpoint); with {@link #listen} only. Every process of a federation names the same set
         * of domains, its own and its peers'.
         */
        public Builder peer(String domain, String endpoint) {
            peers.put(domainOf(domain), Endpoints.check(endpoint, false));
            return this;
        }

        /**
         * The directory of an external Aeron media driver to use; default: one embedded in this
         * process, its directory under {@code /dev/shm} (or the temporary directory), removed on close.
         */
        public Builder aeronDirectory(Path directory) {
            if (directory == null) {
                throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "aeronDirectory is null");
            }
            this.aeronDirectory = directory;
            return this;
        }

        /**
         * An instance served by another process ({@code ./starling serve}) at {@code host:port}:
         * the deployment's {@link Deployment#instance} for {@code domain} is then a client of it,
         * with the whole API over Aeron and {@code TIMEOUT} after {@link #remoteTimeout}. A
         * deployment that connects runs no instances of its own.
         */
        public Builder connect(String domain, String endpoint) {
            connections.put(domainOf(domain), Endpoints.check(endpoint, false));
            domains.add(domainOf(domain));
            return this;
        }

        private static String domainOf(String domain) {
            String normal = Validation.normalizeDomain(domain);
            if (normal == null) {
                throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "not a domain: '" + domain + "'");
            }
            return normal;
        }

        /** One or more domains, each its own instance (default: {@code "local"}). */
        public Builder instances(String... domains) {
            if (domains == null) {
                throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "the list of domains is null");
            }
            for (String domain : domains) {
                String normal = Validation.normalizeDomain(domain);
                if (normal == null) {
                    throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "not a domain: '" + domain + "'");
                }
                this.domains.add(normal);
                this.domainsGiven.add(normal);
            }
            return this;
        }

        public Builder engine(EngineKind kind) {
            if (kind == null) {
                throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "engine kind is null");
            }
            this.kind = kind;
            return this;
        }

        /** Engine threads shared by all instances, as {@code erl +S}. */
        public Builder threads(int threads) {
            settings.threads(threads);
            return this;
        }

        public Builder shardsPerInstance(int shards) {
            settings.shardsPerInstance(shards);
            return this;
        }

        /** Where RING data persists; default a temporary directory deleted on close. */
        public Builder dataDirectory(Path directory) {
            settings.dataDirectory(directory);
            return this;
        }

        /** Slots of each request ring (a power of two); a full ring answers {@code OVERLOADED}. */
        public Builder ringSize(int slots) {
            settings.ringSize(slots);
            return this;
        }

        /** How engine threads wait for work. */
        public Builder idleMode(IdleMode mode) {
            settings.idleMode(mode);
            return this;
        }

        /**
         * Whether a caller runs the duty cycle of a RING shard whose engine thread is idle (on by
         * default). Off, only the {@link #threads} engine threads run shards: for measuring how
         * the engine scales with its own threads. Reads run on the caller's thread either way.
         */
        public Builder callerRuns(boolean enabled) {
            settings.callerRuns(enabled);
            return this;
        }

        /**
         * What the RING stores are first sized for. Not a limit: each store grows past it by
         * generations four times larger, to the limit of the disk; {@code metrics().stores()}
         * shows how far each grew.
         */
        public Builder expectedLoad(long usersPerInstance, long messagesPerUser, long followsPerUser) {
            settings.expectedLoad(usersPerInstance, messagesPerUser, followsPerUser);
            return this;
        }

        /** Slots of each instance's inbound federation ring (a power of two); default 1024. */
        public Builder federationRingSize(int slots) {
            settings.federationRingSize(slots);
            return this;
        }

        /**
         * How long a remote follow or profile read waits before {@code TIMEOUT}; default 5 s. A
         * {@code TIMEOUT} leaves the outcome unknown: a follow may still complete when the other
         * instance answers later; a late profile page is dropped.
         */
        public Builder remoteTimeout(Duration timeout) {
            settings.remoteTimeout(timeout);
            return this;
        }

        /** One message in this many (a power of two) has its broadcast latency measured; default 16. */
        public Builder broadcastSampling(int oneIn) {
            settings.broadcastSampling(oneIn);
            return this;
        }

        /** Messages copied into a new follower's timeline (100 to 800). */
        public Builder backfill(int messages) {
            settings.backfill(messages);
            return this;
        }

        /** Pins engine threads: {@code none} (default), {@code auto} or a CPU list such as {@code 0,1} or {@code 2-5}. */
        public Builder affinity(String spec) {
            try {
                settings.affinity(ThreadAffinity.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new StarlingException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
            }
            return this;
        }

        /**
         * Faults to inject on purpose (RING only): tests keep the injector and arm it while the
         * deployment runs. Default: none.
         */
        public Builder faultInjector(FaultInjector injector) {
            if (injector == null) {
                throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "faultInjector is null");
            }
            settings.faultInjector(injector);
            return this;
        }

        /**
         * The wall clock that stamps messages, in microseconds since the epoch (default: the
         * machine's); for tests that step it. Stamps follow it whenever it is ahead of an
         * instance's last stamp and never go back when it steps back.
         */
        public Builder clock(LongSupplier microsSinceEpoch) {
            if (microsSinceEpoch == null) {
                throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "clock is null");
            }
            settings.clock(microsSinceEpoch);
            return this;
        }

        public Deployment start() {
            if (!peers.isEmpty() && listen == null) {
                throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "peer(...) needs listen(...)");
            }
            if (domains.isEmpty()) {
                domains.add("local");
            }
            return new Deployment(this); // the engine concludes (checks) the settings before it starts anything
        }
    }

    @Override
    public String toString() {
        return "Deployment[" + kind + " " + new ArrayList<>(domains) + "]";
    }
}
