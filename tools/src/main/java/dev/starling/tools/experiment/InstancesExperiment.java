package dev.starling.tools.experiment;

import dev.starling.tools.workload.Mix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Throughput and latency as the same users are spread over more instances (round-robin, so about
 * {@code (N-1)/N} of follows cross instances unless a remote fraction is given), with the engine
 * threads shared by all instances fixed. The engine is a setting ({@code --engine}): until the
 * RING engine federates instances, its points above 1 instance fail and say so, and
 * {@code --engine centralized} runs them all.
 */
public final class InstancesExperiment implements Experiment {

    @Override
    public String name() {
        return "instances";
    }

    @Override
    public String parameter() {
        return "instances";
    }

    @Override
    public String explanation(ExperimentSettings s) {
        return String.format("%s with %s instance(s) of %d shards, %d engine thread(s) shared by all;"
                        + " %,d users spread round-robin%s; mix %s.",
                s.instancesEngine(), s.instancesList(), s.shardsOr(4), s.threads(), s.users(),
                s.remoteFraction() >= 0 ? String.format(", %.0f%% of follows across instances", 100 * s.remoteFraction())
                        : " (about (N-1)/N of follows across instances)", s.mixOr(Mix.DEFAULT));
    }

    @Override
    public List<Point> points(ExperimentSettings s) {
        List<Point> points = new ArrayList<>();
        for (int n : s.instancesList()) {
            points.add(new Point(s.instancesEngine().name(), Integer.toString(n),
                    s.deployment(s.instancesEngine(), n, s.threads(), s.shardsOr(4)), s.graph(), s.messagesPerUser(), s.clients(),
                    List.of(new Workload("", s.mixOr(Mix.DEFAULT)))));
        }
        return points;
    }

    @Override
    public List<Path> plot(Path dir, Results results, ExperimentSettings s) throws IOException {
        List<ExperimentPlots.Line> throughput = new ArrayList<>();
        List<ExperimentPlots.Line> latency = new ArrayList<>();
        for (String series : results.series()) {
            List<String> ops = new ArrayList<>(results.operations(series));
            if (ops.size() > 1) {
                ops.add("all");
            }
            for (String op : ops) {
                throughput.add(results.line(series + " " + op, series, op, Results.Row::throughput, 1));
                latency.add(results.line(series + " " + op + " p50", series, op, Results.Row::p50, 1));
                latency.add(results.line(series + " " + op + " p99", series, op, Results.Row::p99, 1));
            }
        }
        String setting = String.format(" (%,d users, %d engine threads, %d reps)", results.users(), results.threads(),
                results.reps());
        Path t = dir.resolve("instances-throughput.png");
        ExperimentPlots.lines(t, "Throughput vs instances" + setting + ", medians; dots: repetitions", "instances", "requests/s",
                throughput, ExperimentPlots.Scale.FROM_ZERO);
        Path l = dir.resolve("instances-latency.png");
        ExperimentPlots.lines(l, "Latency vs instances" + setting + ", medians; dots: repetitions", "instances", "latency (µs, log scale)",
                latency, ExperimentPlots.Scale.LOG);
        return List.of(t, l);
    }
}
