package dev.starling.spi;

import java.util.Map;

/**
 * Counters of one instance at one moment.
 *
 * @param domain             the instance
 * @param requestsDone       requests answered, per kind (successes and typed errors alike)
 * @param ringBacklog        requests published but not yet handled by the slowest shard
 * @param shardBacklog       work handed between shards and not yet applied (fan-outs, backfills)
 * @param handOvers          work items handed between shards since start
 * @param faults             requests or hand-overs that failed inside the engine
 * @param federationBacklog  inbound federation events not yet handled by the slowest shard, plus
 *                           events this instance's shards wait to put on full rings of other instances
 * @param deliveriesSent     messages sent to other instances (one per message and instance with followers)
 * @param deliveriesReceived messages received from other instances and fanned out here
 * @param remoteTimeouts     remote follows and profile reads that ended in {@code TIMEOUT}
 * @param timelineReads      reads of the newest entries of a home timeline
 * @param outOfOrderReads    of those, reads that found an entry older than one an earlier read had
 *                           already shown (it arrived late: stale, then filled in below the top)
 */
public record InstanceStats(String domain, Map<RequestType, Long> requestsDone, long ringBacklog,
                            long shardBacklog, long handOvers, long faults, long federationBacklog,
                            long deliveriesSent, long deliveriesReceived, long remoteTimeouts,
                            long timelineReads, long outOfOrderReads) {

    public long totalDone() {
        return requestsDone.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Share of timeline reads that were out of order (0 when there were none). */
    public double outOfOrderShare() {
        return timelineReads == 0 ? 0 : (double) outOfOrderReads / timelineReads;
    }
}
