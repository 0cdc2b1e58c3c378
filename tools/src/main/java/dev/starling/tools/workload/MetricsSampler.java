package dev.starling.tools.workload;

import dev.starling.engine.InstanceStats;
import dev.starling.federation.Deployment;
import dev.starling.federation.DeploymentMetrics;

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
        return this;
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

    /** Mean over the samples of {@link #ringBacklog(DeploymentMetrics)}. */
    public double ringBacklogMean() {
        return samples.stream().mapToLong(MetricsSampler::ringBacklog).average().orElse(0);
    }

    /** Largest sampled {@link #ringBacklog(DeploymentMetrics)}. */
    public long ringBacklogMax() {
        return samples.stream().mapToLong(MetricsSampler::ringBacklog).max().orElse(0);
    }
}
