package dev.starling.federation;

import dev.starling.spi.StoreUsage;
import dev.starling.spi.BroadcastLatency;
import dev.starling.spi.InstanceStats;
import dev.starling.spi.RequestType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counters of every instance of a deployment at one moment.
 *
 * @param engine    the engine kind that produced them
 * @param instances per domain, in deployment order
 * @param broadcast stamp-to-timeline latency of sampled messages, to the first and last follower,
 *                  on the sender's instance and on others (empty for CENTRALIZED)
 * @param stores    per domain, how much each store of each shard holds ({@code shard-N/NAME}:
 *                  entries, generations it grew to, off-heap bytes; empty for CENTRALIZED, which
 *                  keeps everything on the heap)
 * @param dataDirectoryBytes bytes of every file under the data directory (the stores' files are
 *                  allocated whole: this is what they take on disk); 0 for an engine without one
 */
public record DeploymentMetrics(EngineKind engine, Map<String, InstanceStats> instances, BroadcastLatency broadcast,
                                Map<String, List<StoreUsage>> stores, long dataDirectoryBytes) {

    public DeploymentMetrics(EngineKind engine, Map<String, InstanceStats> instances, BroadcastLatency broadcast) {
        this(engine, instances, broadcast, Map.of(), 0);
    }

    public DeploymentMetrics(EngineKind engine, Map<String, InstanceStats> instances, BroadcastLatency broadcast,
                             Map<String, List<StoreUsage>> stores) {
        this(engine, instances, broadcast, stores, 0);
    }

    /**
     * Each store summed over the shards of every instance, by name, in the order first seen:
     * entries, the most generations any shard's copy grew to, and off-heap bytes.
     */
    public List<StoreUsage> storeTotals() {
        Map<String, StoreUsage> totals = new LinkedHashMap<>();
        for (List<StoreUsage> usages : stores.values()) {
            for (StoreUsage u : usages) {
                String name = u.store().substring(u.store().lastIndexOf('/') + 1);
                totals.merge(name, new StoreUsage(name, u.entries(), u.generations(), u.bytes()),
                        (a, b) -> new StoreUsage(name, a.entries() + b.entries(),
                                Math.max(a.generations(), b.generations()), a.bytes() + b.bytes()));
            }
        }
        return List.copyOf(totals.values());
    }

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

    /** Federation events waiting, over all instances (inbound not yet handled, outbound waiting for room). */
    public long federationBacklog() {
        return instances.values().stream().mapToLong(InstanceStats::federationBacklog).sum();
    }

    /** Messages sent to other instances, over all instances. */
    public long deliveriesSent() {
        return instances.values().stream().mapToLong(InstanceStats::deliveriesSent).sum();
    }

    /** Messages received from other instances, over all instances. */
    public long deliveriesReceived() {
        return instances.values().stream().mapToLong(InstanceStats::deliveriesReceived).sum();
    }

    /** Share of all timeline reads that were out of order (see {@link InstanceStats#outOfOrderReads()}). */
    public double outOfOrderShare() {
        long reads = instances.values().stream().mapToLong(InstanceStats::timelineReads).sum();
        long late = instances.values().stream().mapToLong(InstanceStats::outOfOrderReads).sum();
        return reads == 0 ? 0 : (double) late / reads;
    }
}
