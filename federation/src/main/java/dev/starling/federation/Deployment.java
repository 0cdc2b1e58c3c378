package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.StarlingException;
import dev.starling.centralized.CentralizedEngine;
import dev.starling.engine.EngineSettings;
import dev.starling.engine.FaultInjector;
import dev.starling.federation.inprocess.InProcessFederation;
import dev.starling.runtime.IdleMode;
import dev.starling.engine.RingEngine;
import dev.starling.spi.Engine;
import dev.starling.spi.InstanceStats;
import dev.starling.spi.Validation;
import dev.starling.runtime.ThreadAffinity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
        this.engine = switch (kind) {
            case RING -> new RingEngine(domains, builder.settings,
                    new InProcessFederation(builder.settings.federationRingSize()));
            case CENTRALIZED -> new CentralizedEngine(domains, builder.settings);
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The instance serving {@code domain}; {@code UNKNOWN_INSTANCE} when it is not deployed. */
    public Instance instance(String domain) {
        Instance instance = domain == null ? null : engine.instance(domain.toLowerCase(Locale.ROOT));
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
        for (String domain : domains) {
            stats.put(domain, engine.stats(domain));
        }
        return new DeploymentMetrics(kind, stats, engine.broadcastLatency());
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

        private Builder() {
        }

        /** One or more domains, each its own instance (default: {@code "local"}). */
        public Builder instances(String... domains) {
            if (domains == null) {
                throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "the list of domains is null");
            }
            for (String domain : domains) {
                if (!Validation.isValidDomain(domain)) {
                    throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "not a domain: '" + domain + "'");
                }
                this.domains.add(domain.toLowerCase(Locale.ROOT));
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

        /** What the stores are first sized for (they grow beyond it). */
        /**
         * Whether a caller runs the duty cycle of a RING shard whose engine thread is idle (on by
         * default). Off, only the {@link #threads} engine threads run shards: for measuring how
         * the engine scales with its own threads. Reads run on the caller's thread either way.
         */
        public Builder callerRuns(boolean enabled) {
            settings.callerRuns(enabled);
            return this;
        }

        public Builder expectedLoad(long usersPerInstance, long messagesPerUser, long followsPerUser) {
            settings.expectedLoad(usersPerInstance, messagesPerUser, followsPerUser);
            return this;
        }

        /** Slots of each instance's inbound federation ring (a power of two); default 1024. */
        public Builder federationRingSize(int slots) {
            settings.federationRingSize(slots);
            return this;
        }

        /** How long a remote follow or profile read waits before {@code TIMEOUT}; default 5 s. */
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

        public Deployment start() {
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
