package dev.starling.tools.experiment;

import dev.starling.tools.workload.DeploymentSpec;
import dev.starling.tools.workload.Mix;
import dev.starling.tools.workload.Placement;

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
                        + " %,d users spread round-robin%s; mix %s.%s",
                s.instancesEngine(), s.instancesList(), s.shardsOr(4), s.threads(), s.users(),
                s.remoteFraction() >= 0 ? String.format(", %.0f%% of follows across instances", 100 * s.remoteFraction())
                        : " (about (N-1)/N of follows across instances)", s.mixOr(Mix.DEFAULT),
                s.processes() ? " Beside it, 'RING processes': each instance a serve process on this host with"
                        + " max(1, threads / N) engine threads, federated over Aeron UDP (loopback), clients through"
                        + " connect." : "");
    }

    @Override
    public List<Point> points(ExperimentSettings s) {
        List<Point> points = new ArrayList<>();
        for (int n : s.instancesList()) {
            points.add(new Point(s.instancesEngine().name(), Integer.toString(n),
                    s.deployment(s.instancesEngine(), n, s.threads(), s.shardsOr(4)), s.graph(), s.messagesPerUser(), s.clients(),
                    List.of(new Workload("", s.mixOr(Mix.DEFAULT)))));
            if (s.processes()) {
                DeploymentSpec served = DeploymentSpec.asProcesses(Placement.generated(n), Math.max(1, s.threads() / n),
                        s.shardsOr(4));
                points.add(new Point(served.label(), Integer.toString(n), served, s.graph(), s.messagesPerUser(),
                        s.clients(), List.of(new Workload("", s.mixOr(Mix.DEFAULT)))));
            }
        }
        return points;
    }

    @Override
    public List<Path> plot(Path dir, Results results, ExperimentSettings s) throws IOException {
        List<ExperimentPlots.Line> throughput = new ArrayList<>();
        List<ExperimentPlots.Line> p50 = new ArrayList<>();
        List<ExperimentPlots.Line> p99 = new ArrayList<>();
        boolean oneSeries = results.series().size() == 1;
        for (String series : results.series()) {
            List<String> ops = new ArrayList<>(results.operations(series));
            if (!oneSeries) {
                ops = List.of("all"); // a line per series: at most five lines a panel
            } else if (ops.size() > 1) {
                ops.add("all");
            }
            for (String op : ops) {
                String name = oneSeries ? op : series + " " + op;
                throughput.add(results.line(name, series, op, Results.Row::throughput, 1));
                p50.add(results.line(name, series, op, Results.Row::p50, 1));
                p99.add(results.line(name, series, op, Results.Row::p99, 1));
            }
        }
        String setting = String.format("%s%,d users, %d engine threads, %d repetitions",
                oneSeries ? results.series().get(0) + ", " : "", results.users(), results.threads(), results.reps());
        Path t = dir.resolve("instances-throughput.png");
        ExperimentPlots.lines(t, "Throughput as the users spread over more instances", ExperimentPlots.subtitle(setting, true, s),
                oneSeries ? new ExperimentPlots.Panel("requests/s per operation ('all': every request)", "instances",
                        "requests/s", throughput, ExperimentPlots.Scale.FROM_ZERO)
                        : new ExperimentPlots.Panel("requests/s, every request", "instances", "requests/s (log scale)",
                        throughput, ExperimentPlots.Scale.LOG));
        Path l = dir.resolve("instances-latency.png");
        ExperimentPlots.linePanels(l, "Latency as the users spread over more instances",
                ExperimentPlots.subtitle(setting, true, s), List.of(
                        new ExperimentPlots.Panel("p50 (median) latency", "instances", "latency (µs, log scale)", p50,
                                ExperimentPlots.Scale.LOG),
                        new ExperimentPlots.Panel("p99 latency", "instances", "latency (µs, log scale)", p99,
                                ExperimentPlots.Scale.LOG)), 2);
        return List.of(t, l);
    }
}
