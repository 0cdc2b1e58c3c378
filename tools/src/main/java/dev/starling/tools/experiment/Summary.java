package dev.starling.tools.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The summary table of an experiment: per series, parameter value and operation, the throughput
 * (median, and mean with its 95% confidence interval), the ratio of its median to the median at
 * the series' first value (for {@code speedup}: the speed-up against 1 thread), and the median
 * p50 and p99 latencies over the repetitions.
 */
final class Summary {

    private Summary() {
    }

    static String table(Experiment experiment, Results results) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%n%s: medians over repetitions (vs first = median / median at the series' first %s)%n",
                experiment.name(), experiment.parameter()));
        text.append(String.format(Locale.ROOT, "%-24s %-12s %-9s %4s %12s %21s %22s %9s %11s %11s%n", "series", experiment.parameter(),
                "operation", "reps", "req/s", "min - max", "mean ± 95% CI", "vs first", "p50 µs", "p99 µs"));
        for (String series : results.series()) {
            List<String> ops = new ArrayList<>(results.operations(series));
            if (ops.size() != 1) {
                ops.add("all");
            }
            List<String> values = results.values(series);
            for (String op : ops) {
                double base = results.medianThroughput(series, values.get(0), op);
                for (String value : values) {
                    double[] throughput = results.samples(series, value, op, Results.Row::throughput);
                    if (throughput.length == 0) {
                        continue;
                    }
                    Stats t = Stats.of(throughput);
                    Stats p50 = Stats.of(results.samples(series, value, op, Results.Row::p50));
                    Stats p99 = Stats.of(results.samples(series, value, op, Results.Row::p99));
                    text.append(String.format(Locale.ROOT, "%-24s %-12s %-9s %4d %,12.0f %,9.0f - %,9.0f %,11.0f ± %,8.0f %9.2f %,11.1f %,11.1f%n",
                            series.isEmpty() ? "-" : series, value, op, t.n(), t.median(), t.min(), t.max(), t.mean(), t.ci95(),
                            t.median() / base, p50.median(), p99.median()));
                }
            }
        }
        return text.toString();
    }
}
