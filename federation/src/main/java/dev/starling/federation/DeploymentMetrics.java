package dev.starling.federation;

import dev.starling.engine.InstanceStats;
import dev.starling.engine.RequestType;

import java.util.Map;

/**
 * Counters of every instance of a deployment at one moment.
 *
 * @param engine    the engine kind that produced them
 * @param instances per domain, in deployment order
 */
public record DeploymentMetrics(EngineKind engine, Map<String, InstanceStats> instances) {

    /** The counters of one instance, or null when the domain is not deployed. */
    public InstanceStats instance(String domain) {
        return instances.get(domain);
    }

    /** Requests of one kind answered by all instances together. */
    public long done(RequestType type) {
        return instances.values().stream().mapToLong(s -> s.requestsDone().getOrDefault(type, 0L)).sum();
    }

    /** Requests answered by all instances together. */
    public long totalDone() {
        return instances.values().stream().mapToLong(InstanceStats::totalDone).sum();
    }
}
