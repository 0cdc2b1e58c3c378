package dev.starling.tools.experiment;

import dev.starling.federation.EngineKind;
import dev.starling.tools.workload.Mix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RING against the CENTRALIZED baseline and the REDIS peer under the same load: same graph, mix and
 * clients; every repetition loads each afresh, one after the other, so a drift of the machine weighs on all.
 */
public final class EnginesExperiment implements Experiment {

    @Override
    public String name() {
        return "engines";
    }

    @Override
    public String parameter() {
        return "engine";
    }

    @Override
    public String explanation(ExperimentSettings s) {
        return String.format("RING (%d engine thread(s), %d shards per instance) vs CENTRALIZED (one thread) vs REDIS"
                        + " (%d fan-out worker(s), redis-server), %d instance(s), %,d users, mix %s, %d closed-loop clients.",
                s.threads(), s.shardsOr(4), s.threads(), s.instances(), s.users(), s.mixOr(Mix.DEFAULT), s.clients());
    }

    @Override
    public List<Point> points(ExperimentSettings s) {
        List<Point> points = new ArrayList<>();
        for (EngineKind engine : EngineKind.values()) {
            points.add(new Point(engine.name(), engine.name(), s.deployment(engine, s.instances(), s.threads(), s.shardsOr(4)),
                    s.graph(), s.messagesPerUser(), s.clients(), List.of(new Workload("", s.mixOr(Mix.DEFAULT)))));
        }
        return points;
    }

    @Override
    public List<Path> plot(Path dir, Results results, ExperimentSettings s) throws IOException {
        List<String> ops = new ArrayList<>();
        for (String series : results.series()) {
            for (String op : results.operations(series)) {
                if (!ops.contains(op)) {
                    ops.add(op);
                }
            }
        }
        if (ops.size() > 1) {
            ops.add("all");
        }
        Map<String, Map<String, double[]>> throughput = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> latency = new LinkedHashMap<>();
        for (String op : ops) {
            Map<String, double[]> t = new LinkedHashMap<>();
            Map<String, double[]> p50 = new LinkedHashMap<>();
            Map<String, double[]> p99 = new LinkedHashMap<>();
            for (String series : results.series()) {
                t.put(series, results.samples(series, series, op, Results.Row::throughput));
                p50.put(series, results.samples(series, series, op, Results.Row::p50));
                p99.put(series, results.samples(series, series, op, Results.Row::p99));
            }
            String label = op.equals("all") ? "all operations" : op;
            throughput.put(label + ": requests/s", t);
            latency.put(label + ": p50 (median) latency", p50);
            latency.put(label + ": p99 latency", p99);
        }
        String setting = String.format("same graph, mix and clients, %,d users, %d repetitions", results.users(), results.reps());
        Path t = dir.resolve("engines-throughput.png");
        ExperimentPlots.boxPanels(t, "Throughput of RING, CENTRALIZED and REDIS, per operation",
                ExperimentPlots.subtitle(setting, false, s), "engine", "requests/s", throughput, 2);
        Path l = dir.resolve("engines-latency.png");
        ExperimentPlots.boxPanels(l, "Latency of RING, CENTRALIZED and REDIS, per operation",
                ExperimentPlots.subtitle(setting, false, s), "engine", "latency (µs, log scale)", latency, 2,
                ExperimentPlots.Scale.LOG);
        return List.of(t, l);
    }
}
