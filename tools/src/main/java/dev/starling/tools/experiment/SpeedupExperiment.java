package dev.starling.tools.experiment;

import dev.starling.engine.store.Ids;
import dev.starling.federation.EngineKind;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Speed-up of the RING engine with its number of engine threads (the {@code erl +S} of this
 * engine), from 1 to beyond the core count. The shards per instance are fixed for the whole
 * experiment and at least the largest thread count (the engine starts at most one thread per
 * shard), so only the threads vary. Each workload is a series; its speed-up at {@code t} threads
 * is each repetition's throughput divided by the median throughput at 1 thread.
 */
public final class SpeedupExperiment implements Experiment {

    @Override
    public String name() {
        return "speedup";
    }

    @Override
    public String parameter() {
        return "threads";
    }

    @Override
    public String explanation(ExperimentSettings s) {
        return String.format("RING engine threads %s on %d cores (counts above %d oversubscribe the cores), %d instance(s)"
                        + " of %d shards each, %d clients;%n  workloads %s, each measured in turn on the same fresh deployment;"
                        + " speed-up = throughput / median throughput at 1 thread.",
                s.threadsList(), s.cores(), s.cores(), s.instances(), shards(s), s.speedupClients(),
                s.speedupWorkloads().stream().map(w -> w.series() + "=" + w.mix()).toList());
    }

    static int shards(ExperimentSettings s) {
        int maxThreads = s.threadsList().stream().mapToInt(Integer::intValue).max().orElse(1);
        return s.shardsOr(Math.max(4, (maxThreads + s.instances() - 1) / s.instances()));
    }

    @Override
    public List<Point> points(ExperimentSettings s) {
        if (s.threadsList().isEmpty() || s.threadsList().get(0) != 1) {
            throw new IllegalArgumentException("the speed-up experiment's thread counts must start with 1, got " + s.threadsList());
        }
        int shards = shards(s);
        int maxThreads = s.threadsList().stream().mapToInt(Integer::intValue).max().orElse(1);
        if (shards > Ids.MAX_SHARDS || (long) shards * s.instances() < maxThreads) {
            throw new IllegalArgumentException(maxThreads + " threads need " + maxThreads + " shards in all, and an instance has"
                    + " at most " + Ids.MAX_SHARDS + " (here " + s.instances() + " instance(s) of " + shards
                    + "); lower --threads-max or raise --instances");
        }
        List<Point> points = new ArrayList<>();
        for (int threads : s.threadsList()) {
            points.add(new Point("", Integer.toString(threads), s.deployment(EngineKind.RING, s.instances(), threads, shards),
                    s.graph(), s.messagesPerUser(), s.speedupClients(), s.speedupWorkloads()));
        }
        return points;
    }

    @Override
    public List<Path> plot(Path dir, Results results, ExperimentSettings s) throws IOException {
        List<ExperimentPlots.Line> speedups = new ArrayList<>();
        List<ExperimentPlots.Line> p50 = new ArrayList<>();
        List<ExperimentPlots.Line> p99 = new ArrayList<>();
        Map<String, Map<String, double[]>> boxes = new LinkedHashMap<>();
        double maxThreads = 1;
        for (String series : results.series()) {
            String op = results.mainOperation(series);
            String name = op.equals(series) ? series : series + " (" + op + ")";
            double base = results.medianThroughput(series, "1", op);
            if (!Double.isNaN(base)) {
                ExperimentPlots.Line line = results.line(name, series, op, Results.Row::throughput, base);
                speedups.add(line);
                for (double x : line.x()) {
                    maxThreads = Math.max(maxThreads, x);
                }
            }
            p50.add(results.line(name, series, op, Results.Row::p50, 1));
            p99.add(results.line(name, series, op, Results.Row::p99, 1));
            Map<String, double[]> perThreads = new LinkedHashMap<>();
            for (String value : results.values(series)) {
                perThreads.put(value, results.samples(series, value, op, Results.Row::throughput));
            }
            boxes.put(name + " workload", perThreads);
        }
        List<Path> files = new ArrayList<>();
        String setting = String.format("RING, %d cores, %d repetitions", s.cores(), results.reps());
        if (!speedups.isEmpty()) {
            speedups.add(new ExperimentPlots.Line("ideal", new double[] {1, maxThreads},
                    new double[] {1, maxThreads}, null, true));
            files.add(dir.resolve("speedup.png"));
            ExperimentPlots.lines(files.get(files.size() - 1), "Speed-up with engine threads, per workload",
                    ExperimentPlots.subtitle(setting, true, s), new ExperimentPlots.Panel("throughput / median at 1 thread",
                            "engine threads", "speed-up (x)", speedups, ExperimentPlots.Scale.FROM_ZERO));
        }
        files.add(dir.resolve("speedup-throughput.png"));
        ExperimentPlots.boxPanels(files.get(files.size() - 1), "Throughput by engine threads, per workload",
                ExperimentPlots.subtitle(setting, false, s), "engine threads", "requests/s", boxes, 2);
        files.add(dir.resolve("speedup-latency.png"));
        ExperimentPlots.linePanels(files.get(files.size() - 1), "Latency by engine threads, per workload",
                ExperimentPlots.subtitle(setting, true, s), List.of(
                        new ExperimentPlots.Panel("p50 (median) latency", "engine threads", "latency (µs, log scale)", p50,
                                ExperimentPlots.Scale.LOG),
                        new ExperimentPlots.Panel("p99 latency", "engine threads", "latency (µs, log scale)", p99,
                                ExperimentPlots.Scale.LOG)), 2);
        return files;
    }
}
