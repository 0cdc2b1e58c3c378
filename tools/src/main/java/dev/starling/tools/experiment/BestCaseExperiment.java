package dev.starling.tools.experiment;

import dev.starling.federation.EngineKind;
import dev.starling.tools.workload.Mix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The workload at which the RING design is at its best, against the baseline: home timeline reads
 * only (mix 100:0:0), with more and more follows per user.
 *
 * <p>Why this is the best case: a RING home timeline is built on write (fan-out), so reading it is
 * one scan of a fixed window plus {@code limit} look-ups in the reader's own shard, whatever the
 * number of users followed. Reads of different users land on different shards and run in
 * parallel on all engine threads; with no sends there is no fan-out, no hand-over between shards
 * and no single writer to queue behind. The baseline builds every timeline on read, merging the
 * newest messages of every followed user on its one thread, so its cost grows with the follows
 * while RING's stays flat: the gap widens along the x axis. (The worst case is the opposite:
 * sends by users with very many followers, whose fan-out RING pays on every send.)
 */
public final class BestCaseExperiment implements Experiment {

    static final Mix TIMELINE_ONLY = new Mix(100, 0, 0);

    @Override
    public String name() {
        return "bestcase";
    }

    @Override
    public String parameter() {
        return "follows";
    }

    @Override
    public String explanation(ExperimentSettings s) {
        return String.format("Best case of RING: mix %s (timeline reads, precomputed on write: a read costs the same whatever"
                        + " the follows, and reads of%n  different users run on different shards in parallel with no"
                        + " fan-out to do) vs CENTRALIZED (merges the followed users' messages on every read);%n"
                        + "  mean follows per user %s, %,d users, RING %d engine thread(s) and %d shards per instance.",
                s.mixOr(TIMELINE_ONLY), s.followsList(), s.users(), s.bestcaseThreads(), shards(s));
    }

    private static int shards(ExperimentSettings s) {
        return s.shardsOr(Math.max(4, s.bestcaseThreads()));
    }

    @Override
    public List<Point> points(ExperimentSettings s) {
        List<Point> points = new ArrayList<>();
        for (int follows : s.followsList()) {
            if (follows < 0 || follows >= s.users()) {
                throw new IllegalArgumentException("mean follows must be 0 to users - 1, got " + follows);
            }
            for (EngineKind engine : List.of(EngineKind.RING, EngineKind.CENTRALIZED)) {
                points.add(new Point(engine.name(), Integer.toString(follows),
                        s.deployment(engine, s.instances(), s.bestcaseThreads(), shards(s)),
                        s.graph().withFollowsMean(follows), s.messagesPerUser(), s.clients(),
                        List.of(new Workload("", s.mixOr(TIMELINE_ONLY)))));
            }
        }
        return points;
    }

    @Override
    public List<Path> plot(Path dir, Results results, ExperimentSettings s) throws IOException {
        List<ExperimentPlots.Line> throughput = new ArrayList<>();
        List<ExperimentPlots.Line> p50 = new ArrayList<>();
        List<ExperimentPlots.Line> p99 = new ArrayList<>();
        for (String series : results.series()) {
            String op = results.mainOperation(series);
            String name = op.equals("timeline") ? series : series + " " + op;
            throughput.add(results.line(name, series, op, Results.Row::throughput, 1));
            p50.add(results.line(name, series, op, Results.Row::p50, 1));
            p99.add(results.line(name, series, op, Results.Row::p99, 1));
        }
        String setting = String.format("timeline reads only, %,d users, %d repetitions", results.users(), results.reps());
        Path t = dir.resolve("bestcase-throughput.png");
        ExperimentPlots.lines(t, "Best case of RING: timeline reads as users follow more",
                ExperimentPlots.subtitle(setting, true, s), new ExperimentPlots.Panel("requests/s", "mean follows per user",
                        "requests/s", throughput, ExperimentPlots.Scale.FROM_ZERO));
        Path l = dir.resolve("bestcase-latency.png");
        ExperimentPlots.linePanels(l, "Best case of RING: latency of timeline reads as users follow more",
                ExperimentPlots.subtitle(setting, true, s), List.of(
                        new ExperimentPlots.Panel("p50 (median) latency", "mean follows per user", "latency (µs, log scale)",
                                p50, ExperimentPlots.Scale.LOG),
                        new ExperimentPlots.Panel("p99 latency", "mean follows per user", "latency (µs, log scale)", p99,
                                ExperimentPlots.Scale.LOG)), 2);
        return List.of(t, l);
    }
}
