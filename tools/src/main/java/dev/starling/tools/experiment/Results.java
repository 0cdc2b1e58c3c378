package dev.starling.tools.experiment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The successful rows of an experiment's CSV, grouped the way plots and summaries need them:
 * by series (a line or box group), parameter value, and operation; one sample per repetition.
 */
public final class Results {

    /**
     * One CSV row of a successful run.
     *
     * @param series     the series
     * @param value      the parameter value, as written
     * @param rep        repetition
     * @param operation  timeline, profile, send or all
     * @param count      completed requests
     * @param throughput requests per second
     * @param p50        median latency, µs
     * @param p99        99th percentile latency, µs
     * @param users      users loaded
     * @param threads    engine threads running
     */
    public record Row(String series, String value, int rep, String operation, long count, double throughput,
                      double p50, double p99, int users, int threads) {
    }

    private final List<Row> rows;

    public Results(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /** The rows of a CSV read by {@code ResultCsv.read} whose status is ok and count above 0. */
    public static Results of(List<Map<String, String>> csvRows) {
        List<Row> rows = new ArrayList<>();
        for (Map<String, String> r : csvRows) {
            if (!"ok".equals(r.get("status")) || r.get("count").isEmpty() || Long.parseLong(r.get("count")) == 0) {
                continue;
            }
            rows.add(new Row(r.get("series"), r.get("value"), Integer.parseInt(r.get("rep")), r.get("operation"),
                    Long.parseLong(r.get("count")), Double.parseDouble(r.get("throughput")),
                    Double.parseDouble(r.get("p50_us")), Double.parseDouble(r.get("p99_us")),
                    Integer.parseInt(r.get("users")), Integer.parseInt(r.get("threads"))));
        }
        return new Results(rows);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Repetitions measured (the largest rep number). */
    public int reps() {
        return rows.stream().mapToInt(Row::rep).max().orElse(0);
    }

    /** Users loaded in the first row (the experiments load the same users at every point). */
    public int users() {
        return rows.isEmpty() ? 0 : rows.get(0).users();
    }

    /** Engine threads of the first row. */
    public int threads() {
        return rows.isEmpty() ? 0 : rows.get(0).threads();
    }

    /** Series in order of first appearance. */
    public List<String> series() {
        Set<String> s = new LinkedHashSet<>();
        rows.forEach(r -> s.add(r.series()));
        return List.copyOf(s);
    }

    /** Parameter values of a series, in order of first appearance. */
    public List<String> values(String series) {
        Set<String> s = new LinkedHashSet<>();
        rows.stream().filter(r -> r.series().equals(series)).forEach(r -> s.add(r.value()));
        return List.copyOf(s);
    }

    /** Parameter values over all series, in order of first appearance. */
    public List<String> values() {
        Set<String> s = new LinkedHashSet<>();
        rows.forEach(r -> s.add(r.value()));
        return List.copyOf(s);
    }

    /** Operations measured in a series (not {@code all}), in the CSV's order. */
    public List<String> operations(String series) {
        Set<String> s = new LinkedHashSet<>();
        rows.stream().filter(r -> r.series().equals(series) && !r.operation().equals("all")).forEach(r -> s.add(r.operation()));
        return List.copyOf(s);
    }

    /** The operation that stands for a series: its only one, or {@code all} when it mixes several. */
    public String mainOperation(String series) {
        List<String> ops = operations(series);
        return ops.size() == 1 ? ops.get(0) : "all";
    }

    /** One sample per repetition of a metric, for one series, value and operation. */
    public double[] samples(String series, String value, String operation, ToDoubleFunction<Row> metric) {
        return rows.stream().filter(r -> r.series().equals(series) && r.value().equals(value)
                && r.operation().equals(operation)).mapToDouble(metric).toArray();
    }

    /**
     * A line over a series' values: the median of a metric per value, with every repetition's
     * sample kept for the plot's dots; each sample is first divided by {@code divisor} (1 for the
     * metric itself). Values without samples are left out.
     */
    public ExperimentPlots.Line line(String name, String series, String operation, ToDoubleFunction<Row> metric,
                                     double divisor) {
        List<String> values = new ArrayList<>(values(series));
        values.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<double[]> repetitions = new ArrayList<>();
        for (String value : values) {
            double[] samples = samples(series, value, operation, metric);
            if (samples.length > 0) {
                for (int i = 0; i < samples.length; i++) {
                    samples[i] /= divisor;
                }
                x.add(Double.parseDouble(value));
                y.add(Stats.of(samples).median());
                repetitions.add(samples);
            }
        }
        return new ExperimentPlots.Line(name, x.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToDouble(Double::doubleValue).toArray(), repetitions.toArray(double[][]::new), false);
    }

    /** Median throughput of a series at one value for an operation (the base of speed-ups); NaN if none. */
    public double medianThroughput(String series, String value, String operation) {
        double[] samples = samples(series, value, operation, Row::throughput);
        return samples.length == 0 ? Double.NaN : Stats.of(samples).median();
    }
}
