package dev.starling.tools.experiment;

import dev.starling.tools.workload.LoadedDeployment;
import dev.starling.tools.workload.MetricsSampler;
import dev.starling.tools.workload.ResultCsv;
import dev.starling.tools.workload.RunInfo;
import dev.starling.tools.workload.SocialGraph;
import dev.starling.tools.workload.WorkloadResult;
import dev.starling.tools.workload.WorkloadRunner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs an experiment: every repetition visits every point in turn (so a drift of the machine's
 * speed spreads over all points), each on a freshly started and loaded deployment that is closed
 * afterwards. Every measurement becomes CSV rows at once; a point whose deployment cannot be made
 * (e.g. an engine that refuses the setting) is recorded as failed, said so, and not retried.
 * Then the summary table and the plots.
 */
public final class ExperimentRunner {

    private final PrintStream out;
    private final Map<String, SocialGraph> graphs = new HashMap<>();

    /**
     * What a run of one experiment measured.
     *
     * @param points the experiment's points
     * @param failed points that failed (recorded as failed in the CSV, not retried)
     */
    public record Outcome(int points, int failed) {
    }

    public ExperimentRunner(PrintStream out) {
        this.out = out;
    }

    /** Runs the experiment into {@code dir}: {@code <name>.csv}, {@code <name>-summary.txt} and the PNGs. */
    public Outcome run(Experiment experiment, ExperimentSettings s, Path dir) throws IOException, InterruptedException {
        List<Point> points = experiment.points(s);
        Path csvFile = csvFile(experiment, dir);
        if (Files.exists(csvFile)) {
            throw new IllegalArgumentException(csvFile + " exists: give another --out, delete it, or redraw it with --replot");
        }
        int workloads = points.stream().mapToInt(p -> p.workloads().size()).sum();
        double measuredSeconds = s.reps() * workloads * (s.warmupSeconds() + s.durationSeconds());
        out.printf("%n== experiment %s: %s%n  %d point(s) x %d rep(s), each on a fresh deployment; %.0f s of warm-up and"
                        + " measurement plus loading (%,d users, %d follows each on average, %d messages each).%n",
                experiment.name(), experiment.explanation(s), points.size(), s.reps(), measuredSeconds, s.users(),
                s.followsMean(), s.messagesPerUser());
        if (s.quick()) {
            out.println("  --quick: a smoke test of the machinery; its figures are too short to mean anything.");
        }
        Set<Point> failed = new HashSet<>();
        long started = System.nanoTime();
        int total = points.size() * s.reps();
        int done = 0;
        int measured = 0;
        try (ResultCsv csv = ResultCsv.open(csvFile)) {
            warmUp(experiment, points, s);
            for (int rep = 1; rep <= s.reps(); rep++) {
                for (Point point : points) {
                    done++;
                    if (failed.contains(point)) {
                        continue;
                    }
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    String eta = measured == 0 ? "" : String.format(", about %s left", minutes(elapsed / measured * (total - done + 1)));
                    out.printf("%n[%d/%d] %s rep %d/%d, %s%s%n", done, total, experiment.name(), rep, s.reps(),
                            point.describe(experiment.parameter()), eta);
                    try {
                        trial(experiment, point, rep, s, csv);
                        measured++;
                    } catch (RuntimeException e) {
                        failed.add(point);
                        String reason = describe(e);
                        out.printf("  FAILED %s: %s (not retried in later reps)%n", point.describe(experiment.parameter()), reason);
                        for (Workload w : point.workloads()) {
                            csv.writeFailure(info(experiment, point, w, rep, s, point.deployment().threads(), 0, 0), reason);
                        }
                    }
                }
            }
        }
        out.printf("%n== %s done in %s; rows in %s%n", experiment.name(), minutes((System.nanoTime() - started) / 1e9), csvFile);
        report(experiment, s, dir);
        return new Outcome(points.size(), failed.size());
    }

    /**
     * One unmeasured run of the first point of each engine (and of instances as processes) before the first repetition, so that
     * the first measured point does not pay for the JIT's compiling (without it, 1 thread measured
     * 49,631 and then 146,830 req/s in one quick run: the speed-up was the warm-up). A point that
     * fails here fails again when measured, and is reported there.
     */
    private void warmUp(Experiment experiment, List<Point> points, ExperimentSettings s) {
        Set<String> warmed = new HashSet<>();
        for (Point point : points) {
            if (!warmed.add(point.deployment().label())) {
                continue;
            }
            out.printf("%n[warm-up] %s %s, not measured (JIT)%n", experiment.name(), point.describe(experiment.parameter()));
            try {
                trial(experiment, point, 0, s, null);
            } catch (RuntimeException e) {
                out.printf("  warm-up failed: %s%n", describe(e));
            }
        }
    }

    /** Prints and writes the summary, then draws the plots, from the experiment's CSV in {@code dir}. */
    public void report(Experiment experiment, ExperimentSettings s, Path dir) throws IOException {
        Path csvFile = csvFile(experiment, dir);
        if (!Files.isRegularFile(csvFile)) {
            throw new IllegalArgumentException("no " + csvFile + " to plot");
        }
        Results results = Results.of(ResultCsv.read(csvFile));
        String summary = Summary.table(experiment, results);
        out.print(summary);
        Files.writeString(dir.resolve(experiment.name() + "-summary.txt"), summary, StandardCharsets.UTF_8);
        if (results.isEmpty()) {
            out.println("no successful measurement: no plots");
            return;
        }
        if (s.quick()) {
            out.println("(--quick: a smoke test; these figures are too short to mean anything)");
        }
        for (Path png : experiment.plot(dir, results, s)) {
            out.println("plot: " + png);
        }
    }

    /** Where an experiment's rows go: {@code <dir>/<name>.csv}. */
    public static Path csvFile(Experiment experiment, Path dir) {
        return dir.resolve(experiment.name() + ".csv");
    }

    private void trial(Experiment experiment, Point point, int rep, ExperimentSettings s, ResultCsv csv) {
        SocialGraph graph = graphs.computeIfAbsent(point.graph() + "@" + point.deployment().placement().instances(),
                key -> point.graph().build(point.deployment().placement().instances()));
        try (LoadedDeployment loaded = LoadedDeployment.load(point.deployment(), graph, point.messagesPerUser(), out)) {
            for (int w = 0; w < point.workloads().size(); w++) {
                Workload workload = point.workloads().get(w);
                WorkloadRunner runner = loaded.runner(workload.mix(), point.clients(), s.limit(), s.seed() + 1000L * rep + w);
                MetricsSampler metrics = new MetricsSampler(loaded.deployment());
                String label = workload.series().isEmpty() ? point.deployment().label() : workload.series();
                WorkloadResult result = runner.run(label, seconds(s.warmupSeconds()), seconds(s.durationSeconds()), out, metrics);
                metrics.finish();
                if (csv != null) {
                    csv.write(info(experiment, point, workload, rep, s, loaded.deployment().threads(), graph.users(),
                            graph.edges()), result, metrics);
                }
                out.printf("  %-12s %,10.0f req/s  p50 %,9.1f µs  p99 %,9.1f µs  errors %d%n", label, result.totalThroughput(),
                        result.combined().getValueAtPercentile(50) / 1000.0,
                        result.combined().getValueAtPercentile(99) / 1000.0,
                        result.errors().values().stream().mapToLong(Long::longValue).sum());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            System.gc(); // the next point starts without this one's garbage
        }
    }

    private static RunInfo info(Experiment experiment, Point point, Workload workload, int rep, ExperimentSettings s,
                                int threads, int users, long follows) {
        return new RunInfo(experiment.name(), point.seriesOf(workload), experiment.parameter(), point.value(), rep,
                point.deployment().engine().name(), point.deployment().placement().instances(), threads,
                point.deployment().shards(), users, follows, workload.mix().toString(), point.clients(), 0,
                s.warmupSeconds(), s.durationSeconds());
    }

    private static String describe(Throwable t) {
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }

    static String minutes(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d min", s / 60, s % 60);
    }
}
