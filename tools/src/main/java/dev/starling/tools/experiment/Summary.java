package dev.starling.tools.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The summary table of an experiment: per series, parameter value and operation, the throughput
 * (median, range, and mean with its 95% confidence interval from {@value #MIN_REPS_FOR_CI} repetitions up: with
 * fewer, an interval from Student's t is too wide to say anything, and the range says more), the ratio of its median to the median at
 * the series' first value (for {@code speedup}: the speed-up against 1 thread), and the median
 * p50 and p99 latencies over the repetitions.
 */
final class Summary {

    /** Fewest repetitions for which a 95% confidence interval is printed. */
    static final int MIN_REPS_FOR_CI = 3;

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
                    String ci = t.n() >= MIN_REPS_FOR_CI ? String.format(Locale.ROOT, "± %,8.0f", t.ci95())
                            : String.format(Locale.ROOT, "%10s", "(n < 3)");
                    text.append(String.format(Locale.ROOT, "%-24s %-12s %-9s %4d %,12.0f %,9.0f - %,9.0f %,11.0f %s %9.2f %,11.1f %,11.1f%n",
                            series.isEmpty() ? "-" : series, value, op, t.n(), t.median(), t.min(), t.max(), t.mean(), ci,
                            t.median() / base, p50.median(), p99.median()));
                }
            }
        }
        if (results.reps() < MIN_REPS_FOR_CI) {
            text.append(String.format(Locale.ROOT, "(fewer than %d repetitions: no confidence interval; min - max is the"
                    + " spread measured)%n", MIN_REPS_FOR_CI));
        }
        return text.toString();
    }
}
