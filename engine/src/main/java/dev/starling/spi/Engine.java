package dev.starling.spi;

import dev.starling.api.Instance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a deployment runs: a set of instances on one engine (the RING engine, the CENTRALIZED
 * baseline, ...), their lifecycle and their metrics. Each engine implements it once, so that a
 * deployment holds one engine instead of switching over them.
 */
public interface Engine extends AutoCloseable {

    /** The instance serving {@code domain} (in normal form), or null when it is not deployed. */
    Instance instance(String domain);

    /** Threads the engine runs its instances on. */
    int threads();

    /** Where the stores live; null for an engine that keeps everything on the heap. */
    Path dataDirectory();

    /** True once every request and every message between instances is handled; false when {@code timeout} passes first. */
    boolean awaitQuiescent(Duration timeout);

    /** A snapshot of one instance's counters; {@code domain} must be deployed. */
    InstanceStats stats(String domain);

    /** How full each store of one instance is, by shard and store (empty for an engine without stores). */
    List<StoreUsage> storeUsage(String domain);

    /** Broadcast latency of the messages sampled so far (empty for an engine that builds timelines at read time). */
    BroadcastLatency broadcastLatency();

    /**
     * The spread of each message sampled so far (empty for an engine that does not record them
     * per message): what another process needs to merge this one's part of a broadcast with its own.
     */
    default List<BroadcastSpread> broadcastSpreads() {
        return List.of();
    }

    /** Forgets the broadcast latency samples taken so far. */
    void clearBroadcastLatency();

    /** The domains of the engine's instances, in the order they were given. */
    List<String> domains();

    /** Stops the threads, fails what is still waiting with {@code CLOSED}, closes the stores. */
    @Override
    void close();
}
