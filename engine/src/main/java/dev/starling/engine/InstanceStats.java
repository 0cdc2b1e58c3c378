package dev.starling.engine;

import java.util.Map;

/**
 * Counters of one instance at one moment.
 *
 * @param domain        the instance
 * @param requestsDone  requests answered, per kind (successes and typed errors alike)
 * @param ringBacklog   requests published but not yet handled by the slowest shard
 * @param shardBacklog  work handed between shards and not yet applied (fan-outs, backfills)
 * @param handOvers     work items handed between shards since start
 * @param faults        requests or hand-overs that failed inside the engine
 */
public record InstanceStats(String domain, Map<RequestType, Long> requestsDone, long ringBacklog,
                            long shardBacklog, long handOvers, long faults) {

    public long totalDone() {
        return requestsDone.values().stream().mapToLong(Long::longValue).sum();
    }
}
