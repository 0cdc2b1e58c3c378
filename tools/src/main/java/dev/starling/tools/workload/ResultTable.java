package dev.starling.tools.workload;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.List;

/** Prints workload results as a table per operation: throughput and latency percentiles. */
public final class ResultTable {

    private ResultTable() {
    }

    public static void print(PrintStream out, List<WorkloadResult> results) {
        out.printf("%-9s %-12s %12s %10s %10s %10s %10s %10s %8s%n",
                "operation", "engine", "req/s", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs", "max µs", "errors");
        for (Operation op : Operation.values()) {
            for (WorkloadResult r : results) {
                row(out, op.label(), r.label(), r.throughput(op), r.latencies().get(op), r.errors().get(op));
            }
        }
        for (WorkloadResult r : results) {
            long errors = r.errors().values().stream().mapToLong(Long::longValue).sum();
            row(out, "all", r.label(), r.totalThroughput(), r.combined(), errors);
        }
    }

    private static void row(PrintStream out, String op, String label, double throughput, Histogram h, long errors) {
        if (h.getTotalCount() == 0) {
            out.printf("%-9s %-12s %12s %10s %10s %10s %10s %10s %8d%n", op, label, "-", "-", "-", "-", "-", "-", errors);
            return;
        }
        out.printf("%-9s %-12s %,12.0f %10.1f %10.1f %10.1f %10.1f %10.1f %8d%n", op, label, throughput,
                micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(90)),
                micros(h.getValueAtPercentile(99)), micros(h.getValueAtPercentile(99.9)),
                micros(h.getMaxValue()), errors);
    }

    /** Throughput ratio a/b per operation and overall, and the p50 latency ratio b/a. */
    public static void printRatios(PrintStream out, WorkloadResult a, WorkloadResult b) {
        out.printf("%n%s / %s (same run, same load):%n", a.label(), b.label());
        out.printf("%-9s %14s %18s%n", "operation", "throughput x", "p50 latency ÷");
        for (Operation op : Operation.values()) {
            if (a.count(op) > 0 && b.count(op) > 0) {
                out.printf("%-9s %14.2f %18.2f%n", op.label(), a.throughput(op) / b.throughput(op),
                        (double) b.latencies().get(op).getValueAtPercentile(50) / a.latencies().get(op).getValueAtPercentile(50));
            }
        }
        out.printf("%-9s %14.2f %18.2f%n", "all", a.totalThroughput() / b.totalThroughput(),
                (double) b.combined().getValueAtPercentile(50) / a.combined().getValueAtPercentile(50));
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }
}
