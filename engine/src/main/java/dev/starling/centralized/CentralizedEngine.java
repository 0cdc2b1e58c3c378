package dev.starling.centralized;

import dev.starling.api.Instance;
import dev.starling.engine.EngineSettings;
import dev.starling.spi.BroadcastLatency;
import dev.starling.spi.Engine;
import dev.starling.spi.InstanceStats;
import dev.starling.spi.StoreUsage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CENTRALIZED baseline as an {@link Engine}: one {@link CentralizedServer} thread serves every
 * domain; each domain's {@link CentralizedInstance} queues work for it. It answers the same API as
 * the RING engine, so the two can be compared on the same workload.
 */
public final class CentralizedEngine implements Engine {

    private final CentralizedServer server;
    private final Map<String, CentralizedInstance> instances = new LinkedHashMap<>();

    /** @throws dev.starling.api.StarlingException {@code INVALID_ARGUMENT} for bad settings */
    public CentralizedEngine(List<String> domains, EngineSettings settings) {
        settings.conclude();
        this.server = new CentralizedServer(domains, settings);
        for (String domain : domains) {
            instances.put(domain, new CentralizedInstance(server, domain));
        }
    }

    @Override
    public Instance instance(String domain) {
        return instances.get(domain);
    }

    @Override
    public List<String> domains() {
        return List.copyOf(instances.keySet());
    }

    /** One: the server thread. */
    @Override
    public int threads() {
        return 1;
    }

    /** Null: everything is on the heap. */
    @Override
    public Path dataDirectory() {
        return null;
    }

    @Override
    public boolean awaitQuiescent(Duration timeout) {
        return server.awaitQuiescent(timeout);
    }

    @Override
    public InstanceStats stats(String domain) {
        return server.stats(domain);
    }

    /** Empty: everything is on the heap. */
    @Override
    public List<StoreUsage> storeUsage(String domain) {
        return List.of();
    }

    /** Empty: timelines are built at read time, so nothing is ever on its way to one. */
    @Override
    public BroadcastLatency broadcastLatency() {
        return BroadcastLatency.empty();
    }

    @Override
    public void clearBroadcastLatency() {
    }

    @Override
    public void close() {
        server.close();
    }
}
