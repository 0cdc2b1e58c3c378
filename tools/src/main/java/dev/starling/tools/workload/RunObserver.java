package dev.starling.tools.workload;

import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * Watches a {@link WorkloadRunner} run while it measures; called on the runner's monitoring
 * thread, never on a client's.
 */
public interface RunObserver {

    RunObserver NONE = new RunObserver() {
    };

    /** About every 250 ms while measuring (not during warm-up): a moment to sample the engine. */
    default void sample() {
    }

    /**
     * One interval of measurement (about a second; the last one ends with the run): per operation,
     * the latencies of the requests that completed in it.
     *
     * @param startEpochMillis interval start, wall clock
     * @param endEpochMillis   interval end, wall clock
     * @param latencies        per operation, in nanoseconds; the runner keeps no reference to them
     */
    default void interval(long startEpochMillis, long endEpochMillis, Map<Operation, Histogram> latencies) {
    }

    /** Both observers, this one first. */
    default RunObserver and(RunObserver other) {
        RunObserver first = this;
        return new RunObserver() {
            @Override
            public void sample() {
                first.sample();
                other.sample();
            }

            @Override
            public void interval(long startEpochMillis, long endEpochMillis, Map<Operation, Histogram> latencies) {
                first.interval(startEpochMillis, endEpochMillis, latencies);
                other.interval(startEpochMillis, endEpochMillis, latencies);
            }
        };
    }
}
