package dev.starling.tools.cli;

import dev.starling.api.StarlingException;
import dev.starling.engine.store.Ids;
import dev.starling.redis.RedisEngine;
import dev.starling.runtime.IdleMode;
import dev.starling.runtime.ThreadAffinity;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The engine options every command that starts a deployment shares, each with one default:
 * {@code --threads}, {@code --shards}, {@code --idle}, {@code --affinity} and {@code --redis-uri}. A command where a
 * setting comes from elsewhere (a data directory's shards, an experiment's own thread counts)
 * asks whether the option was given with {@link #threadsGiven()} and {@link #shardsGiven()}.
 */
public final class EngineOptions {

    /** The most engine threads a deployment takes (the engine's own bound). */
    public static final int MAX_THREADS = 1024;
    /** Shards per instance when none are given. */
    public static final int DEFAULT_SHARDS = 4;

    @Option(names = "--threads", paramLabel = "T",
            description = "RING engine threads, 1 to " + MAX_THREADS + " (default: min(2, cores)); the CENTRALIZED"
                    + " baseline always has one.")
    Integer threads;

    @Option(names = "--shards", paramLabel = "S",
            description = "Shards per RING instance, 1 to " + Ids.MAX_SHARDS + " (default: " + DEFAULT_SHARDS + ").")
    Integer shards;

    @Option(names = "--idle", defaultValue = "PARK", paramLabel = "MODE",
            description = "How idle engine threads wait: ${COMPLETION-CANDIDATES} (any case; default: ${DEFAULT-VALUE}).")
    IdleMode idle;

    @Option(names = "--affinity", defaultValue = "none", paramLabel = "none|auto|LIST",
            description = "Pins the RING engine threads: none, auto (free CPUs from OpenHFT affinity) or a CPU list"
                    + " such as 0,1 or 2-5; threads without a CPU run unpinned and say so (default: ${DEFAULT-VALUE}).")
    String affinity;

    @Option(names = "--redis-uri", paramLabel = "redis://HOST:PORT",
            description = "REDIS engine: the running Redis server to use (default: a private redis-server child on a"
                    + " free loopback port, stopped at the end). Its keys go under a prefix of their own and are removed"
                    + " at the end.")
    String redisUri;

    /** Engine threads when none are given: min(2, cores), so the command line stays responsive on 2 cores. */
    public static int defaultThreads() {
        return Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    /** Checks every engine option; the first bad one is a one-line usage error. */
    public EngineOptions check(CommandSpec spec) {
        if (threads != null) {
            Checks.range(spec, "--threads", threads, 1, MAX_THREADS);
        }
        if (shards != null) {
            Checks.range(spec, "--shards", shards, 1, Ids.MAX_SHARDS);
        }
        try {
            ThreadAffinity.parse(affinity);
        } catch (IllegalArgumentException e) {
            throw Checks.fail(spec, "--affinity: " + e.getMessage());
        }
        if (redisUri != null) {
            try {
                RedisEngine.parseUri(redisUri);
            } catch (StarlingException e) {
                throw Checks.fail(spec, "--redis-uri must be redis://HOST:PORT, got '" + redisUri + "'");
            }
        }
        return this;
    }

    public int threads() {
        return threads != null ? threads : defaultThreads();
    }

    public boolean threadsGiven() {
        return threads != null;
    }

    public int shards() {
        return shards != null ? shards : DEFAULT_SHARDS;
    }

    public boolean shardsGiven() {
        return shards != null;
    }

    public IdleMode idle() {
        return idle;
    }

    public String affinity() {
        return affinity;
    }

    /** The Redis server the REDIS engine uses; null for a private one. */
    public String redisUri() {
        return redisUri;
    }
}
