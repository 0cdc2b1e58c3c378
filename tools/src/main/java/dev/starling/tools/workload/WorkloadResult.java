package dev.starling.tools.workload;

import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.Map;

/**
 * What one workload run measured: per operation, the latency histogram (nanoseconds, client-side
 * wall clock from call to completion) and the errors, over {@code seconds} of measurement.
 */
public record WorkloadResult(String label, double seconds, Map<Operation, Histogram> latencies,
                             Map<Operation, Long> errors) {

    public long count(Operation op) {
        Histogram h = latencies.get(op);
        return h == null ? 0 : h.getTotalCount();
    }

    public double throughput(Operation op) {
        return count(op) / seconds;
    }

    public long totalCount() {
        long n = 0;
        for (Operation op : Operation.values()) {
            n += count(op);
        }
        return n;
    }

    public double totalThroughput() {
        return totalCount() / seconds;
    }

    /** All operations' latencies in one histogram. */
    public Histogram combined() {
        Histogram all = WorkloadRunner.newHistogram();
        latencies.values().forEach(all::add);
        return all;
    }

    /** This result and another of the same label as one, as if measured back to back. */
    public WorkloadResult plus(WorkloadResult other) {
        Map<Operation, Histogram> merged = emptyHistograms();
        Map<Operation, Long> errorSum = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            merged.get(op).add(latencies.get(op));
            merged.get(op).add(other.latencies.get(op));
            errorSum.put(op, errors.getOrDefault(op, 0L) + other.errors.getOrDefault(op, 0L));
        }
        return new WorkloadResult(label, seconds + other.seconds, merged, errorSum);
    }

    static Map<Operation, Histogram> emptyHistograms() {
        Map<Operation, Histogram> map = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            map.put(op, WorkloadRunner.newHistogram());
        }
        return map;
    }
}
