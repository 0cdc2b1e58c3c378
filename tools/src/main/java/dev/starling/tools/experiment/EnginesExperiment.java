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
 * RING against the CENTRALIZED baseline under the same load: same graph, mix and clients; every
 * repetition loads both afresh, one after the other, so a drift of the machine weighs on both.
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
        return String.format("RING (%d engine thread(s), %d shards per instance) vs CENTRALIZED (one thread), %d instance(s),"
                        + " %,d users, mix %s, %d closed-loop clients.",
                s.threads(), s.shardsOr(4), s.instances(), s.users(), s.mixOr(Mix.DEFAULT), s.clients());
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
            throughput.put(op + ": requests/s (" + results.reps() + " reps)", t);
            latency.put(op + ": p50 latency (" + results.reps() + " reps)", p50);
            latency.put(op + ": p99 latency (" + results.reps() + " reps)", p99);
        }
        Path t = dir.resolve("engines-throughput.png");
        ExperimentPlots.boxPanels(t, "requests/s", throughput);
        Path l = dir.resolve("engines-latency.png");
        ExperimentPlots.boxPanels(l, "latency (µs)", latency, 2);
        return List.of(t, l);
    }
}
