package dev.starling.tools.workload;

import dev.starling.spi.BroadcastLatency;
import dev.starling.spi.InstanceStats;
import dev.starling.federation.Deployment;
import dev.starling.federation.DeploymentMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes the deployment's metrics about every 250 ms while a run measures, and once after it, so
 * that engine-side figures (requests answered, backlogs) can be set beside the clients'.
 */
public final class MetricsSampler implements RunObserver {

    private final Deployment deployment;
    private final List<DeploymentMetrics> samples = new ArrayList<>();
    private long firstNanos;
    private DeploymentMetrics after;
    private long afterNanos;
    private BroadcastLatency broadcast;
    private static final long SETTLE_SECONDS = 30;
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(SETTLE_SECONDS);

    public MetricsSampler(Deployment deployment) {
        this.deployment = deployment;
    }

    @Override
    public void sample() {
        if (samples.isEmpty()) {
            firstNanos = System.nanoTime();
            deployment.clearBroadcastLatency(); // broadcast latency of the measured interval only
        }
        samples.add(deployment.metrics());
    }

    /** Takes the snapshot after the run; call once the run has returned. */
    public MetricsSampler finish() {
        after = deployment.metrics();
        afterNanos = System.nanoTime();
        if (samples.isEmpty()) {
            firstNanos = afterNanos;
            samples.add(after);
        }
        // Messages sent near the end of the run may not have reached their last follower yet: let
        // them land before broadcast latency is read, or its tail would be cut short.
        deployment.awaitQuiescent(SETTLE_TIMEOUT);
        broadcast = deployment.metrics().broadcast();
        return this;
    }

    /**
     * Broadcast latency of the messages sampled while measuring, read after the deployment went
     * quiet (every one of them in every follower's timeline, unless {@value #SETTLE_SECONDS} s passed first).
     */
    public BroadcastLatency broadcast() {
        after();
        return broadcast;
    }

    /** The first snapshot taken while measuring (the run's start, within 250 ms). */
    public DeploymentMetrics first() {
        return samples.get(0);
    }

    /** The snapshot after the run (taken by {@link #finish()}). */
    public DeploymentMetrics after() {
        if (after == null) {
            throw new IllegalStateException("finish() was not called");
        }
        return after;
    }

    /** Seconds between {@link #first()} and {@link #after()}, for engine-side rates. */
    public double seconds() {
        return (afterNanos - firstNanos) / 1e9;
    }

    /** Snapshots taken while measuring, in order. */
    public List<DeploymentMetrics> samples() {
        return samples;
    }

    /** Requests waiting in all request rings together (RING: behind the slowest shard; baseline: its queue). */
    public static long ringBacklog(DeploymentMetrics m) {
        return m.instances().values().stream().mapToLong(InstanceStats::ringBacklog).sum();
    }

    /** Timeline reads answered while measuring, over all instances. */
    public long timelineReads() {
        return delta(InstanceStats::timelineReads);
    }

    /** Of those, reads that were out of order (see {@link InstanceStats#outOfOrderReads()}). */
    public long outOfOrderReads() {
        return delta(InstanceStats::outOfOrderReads);
    }

    /** Share of the timeline reads answered while measuring that were out of order (0 without reads). */
    public double outOfOrderShare() {
        long reads = timelineReads();
        return reads == 0 ? 0 : (double) outOfOrderReads() / reads;
    }

    private long delta(java.util.function.ToLongFunction<InstanceStats> counter) {
        long sum = 0;
        for (var e : after().instances().entrySet()) {
            InstanceStats start = first().instance(e.getKey());
            sum += counter.applyAsLong(e.getValue()) - (start == null ? 0 : counter.applyAsLong(start));
        }
        return sum;
    }

    /** Mean over the samples of {@link #ringBacklog(DeploymentMetrics)}. */
    public double ringBacklogMean() {
        return samples.stream().mapToLong(MetricsSampler::ringBacklog).average().orElse(0);
    }

    /** Largest sampled {@link #ringBacklog(DeploymentMetrics)}. */
    public long ringBacklogMax() {
        return samples.stream().mapToLong(MetricsSampler::ringBacklog).max().orElse(0);
    }
}
