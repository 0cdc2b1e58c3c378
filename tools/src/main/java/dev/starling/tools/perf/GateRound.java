package dev.starling.tools.perf;

/**
 * What one round of the gate measured: every deployment's throughput in its slice, the two
 * sequential whole-timeline runs, and how much of the machine other processes took meanwhile.
 * The gate prints each round as one line ({@code round N: mix req/s RING-2 ...}), so a run's
 * rounds can be read back from its output.
 *
 * @param ringMix             RING (2 threads) requests per second on the demo's mix
 * @param centralizedMix      CENTRALIZED requests per second on the same mix
 * @param ringTwoThreadSends  RING (2 threads, callers running no shards) sends per second, top senders only
 * @param ringOneThreadSends  RING (1 thread, callers running no shards) sends per second, same senders
 * @param ringTimelineMillis  RING milliseconds for {@link GateBench#SEQUENTIAL_CALLS} whole-timeline reads by one client
 * @param centralizedTimelineMillis CENTRALIZED milliseconds for the same reads
 * @param othersShare         share (0 to 1) of all cores other processes used in the round's worst slice
 */
record GateRound(double ringMix, double centralizedMix, double ringTwoThreadSends, double ringOneThreadSends,
                 double ringTimelineMillis, double centralizedTimelineMillis, double othersShare) {

    /** RING (2 threads) over CENTRALIZED throughput on the mix. */
    double ringVsCentralized() {
        return ringMix / centralizedMix;
    }

    /** RING 2 threads over 1 thread on sends. */
    double threads2Vs1() {
        return ringTwoThreadSends / ringOneThreadSends;
    }

    /** How many times faster RING read the whole timelines than CENTRALIZED (their time ratio). */
    double sequentialTimeline() {
        return centralizedTimelineMillis / ringTimelineMillis;
    }

    /** True when other processes used at most {@code maxOthers} of the cores in each slice of this round. */
    boolean quiet(double maxOthers) {
        return othersShare <= maxOthers;
    }
}
