package dev.starling.tools.perf;

import dev.starling.api.Session;
import dev.starling.federation.Deployment;
import dev.starling.federation.EngineKind;
import dev.starling.tools.workload.Loader;
import dev.starling.tools.workload.Mix;
import dev.starling.tools.workload.SeedBenchmark;
import dev.starling.tools.workload.SocialGraph;
import dev.starling.tools.workload.WorkloadResult;
import dev.starling.tools.workload.WorkloadRunner;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gate's workload: one power-law social graph loaded into three deployments (RING with 2
 * engine threads, RING with 1, and the CENTRALIZED baseline), then the demo's closed-loop mix on
 * RING-2 and CENTRALIZED and a sends-only mix on RING-2 and RING-1 (engine threads run the
 * writes; reads run on the clients' threads), in alternating short rounds so that a drift of a shared machine's speed weighs on all
 * three alike (see {@link #measure}). While a deployment is measured the others are idle, so the bytes every thread
 * allocates in that time belong to its requests (engine and client side: the closed-loop clients
 * run as callbacks on the engine threads, so the two cannot be told apart per thread).
 *
 * <p>Beside them, the assignment's benchmark shape ({@link SeedBenchmark}: 5,000 users following
 * 25 each, 10 messages each) on RING and CENTRALIZED, where one client reads whole home timelines
 * one after the other: a round also times {@value #SEQUENTIAL_CALLS} such reads on each.
 */
final class GateBench implements AutoCloseable {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static final Duration SETTLE = Duration.ofMillis(200);

    private static final int RING_2 = 0;
    private static final int RING_1 = 1;
    private static final int CENTRALIZED = 2;
    /** RING with 2 threads on the sends-only mix, against {@link #RING_1} on the same mix. */
    private static final int RING_2_SENDS = 3;
    /**
     * The mix of the threads figure, measured with callers running no shards ({@code
     * callerRuns(false)}): RING answers reads on the clients' threads, and a caller runs an idle
     * shard's writes itself, so only sends left to the engine threads show how they scale.
     */
    static final Mix SENDS = new Mix(0, 0, 100);
    /**
     * Senders of the threads figure: the most followed users, so that each send is a fan-out of
     * hundreds of timeline inserts over every shard, engine work that dwarfs a client's own cost
     * of a round trip (with random senders, about 20 inserts each, the 64 clients' wake-ups used
     * as much of the 2 cores as the engine, and a second engine thread had little left to gain).
     */
    static final int TOP_SENDERS = 16;

    /** Whole-timeline reads per round and engine, in the seed shape (about 250 messages each). */
    static final int SEQUENTIAL_CALLS = 2_000;

    private final List<Contender> contenders = new ArrayList<>();
    private final List<SeedBenchmark.Seeded> seeded = new ArrayList<>();
    private final long seed;
    private final AllocationMeter meter = new AllocationMeter();
    private final MachineLoad load = new MachineLoad();

    /** A loaded deployment and its closed-loop clients. */
    private record Contender(String label, Deployment deployment, WorkloadRunner runner) {
    }

    GateBench(GateSettings s, PrintStream log) {
        SocialGraph graph = SocialGraph.powerLaw(s.users(), s.followsMean(), 1.0, s.seed());
        this.seed = s.seed();
        try {
            add("RING-2", EngineKind.RING, 2, true, graph, s, Mix.DEFAULT, log);
            add("RING-1", EngineKind.RING, 1, false, graph, s, SENDS, log);
            int[] top = mostFollowed(graph, TOP_SENDERS);
            add("CENTRALIZED", EngineKind.CENTRALIZED, 1, true, graph, s, Mix.DEFAULT, log);
            add("RING-2 sends", EngineKind.RING, 2, false, graph, s, SENDS, log);
            for (int i : new int[] {RING_1, RING_2_SENDS}) {
                Contender c = contenders.get(i);
                contenders.set(i, new Contender(c.label(), c.deployment(), c.runner().sendersOnly(top)));
            }
            SeedBenchmark shape = new SeedBenchmark(new SeedBenchmark.Settings(5_000, 25, 10, SEQUENTIAL_CALLS, 2, 2, 1, 1),
                    s.seed());
            SeedBenchmark.Graph seedGraph = shape.graph(0);
            for (EngineKind kind : List.of(EngineKind.RING, EngineKind.CENTRALIZED)) {
                long start = System.nanoTime();
                seeded.add(shape.load(kind, seedGraph, null));
                log.printf("  loaded %-11s in %.1f s (the assignment's benchmark shape)%n", kind, (System.nanoTime() - start) / 1e9);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void add(String label, EngineKind kind, int threads, boolean callerRuns, SocialGraph graph,
                     GateSettings s, Mix mix, PrintStream log) {
        long start = System.nanoTime();
        Deployment deployment = Deployment.builder().instances("vub.be").engine(kind).threads(threads).callerRuns(callerRuns)
                .shardsPerInstance(4).expectedLoad(s.users(), s.messagesPerUser() + 100, s.followsMean()).start();
        try {
            Session[] sessions = Loader.load(deployment, graph, s.messagesPerUser(), QUIET);
            if (!deployment.awaitQuiescent(Duration.ofMinutes(1))) {
                throw new IllegalStateException(label + " did not drain its rings within a minute of loading");
            }
            contenders.add(new Contender(label, deployment,
                    new WorkloadRunner(sessions, graph, deployment.domains(), mix, s.clients(), 50, s.seed())));
        } catch (RuntimeException e) {
            deployment.close();
            throw e;
        }
        log.printf("  loaded %-11s in %.1f s%n", label, (System.nanoTime() - start) / 1e9);
    }

    /** Runs every contender once for {@code warmup}, unmeasured, so the JIT has compiled the paths. */
    void warmUp(Duration warmup) throws InterruptedException {
        for (Contender c : contenders) {
            c.runner().run(c.label(), Duration.ZERO, warmup, QUIET);
        }
        for (SeedBenchmark.Seeded s : seeded) {
            s.timelines(SEQUENTIAL_CALLS, seed);
        }
    }

    /**
     * Measures rounds until {@code wanted} of them were quiet, or {@code 3 * wanted} were tried. In
     * a round every contender runs for {@code slice} in turn (the order reverses every other round,
     * so a steady drift of the machine's speed cancels out). A round is quiet when other processes
     * used at most {@code maxOthers} of the cores during each of its slices. The throughput ratios
     * are taken per round, between slices a second or two apart, and their median is kept, so
     * a burst of other work spoils a round, not the figure; when too few rounds were quiet the
     * medians are over every round and the figures are marked busy ({@link GateFigures#of}).
     * Allocation does not depend on timing: it is the total over every round.
     */
    GateFigures measure(int wanted, Duration slice, double maxOthers, PrintStream log) throws InterruptedException {
        int n = contenders.size();
        List<GateRound> rounds = new ArrayList<>();
        int quiet = 0;
        long[] bytes = new long[n];
        long[] answered = new long[n];
        for (int round = 0; round < 3 * wanted && quiet < wanted; round++) {
            double[] throughput = new double[n];
            double worst = 0;
            for (int k = 0; k < n; k++) {
                int i = round % 2 == 0 ? k : n - 1 - k;
                Contender c = contenders.get(i);
                Map<Long, Long> before = meter.snapshot();
                long answeredBefore = c.deployment().metrics().totalDone();
                MachineLoad.Sample from = load.sample();
                WorkloadResult result = c.runner().run(c.label(), SETTLE, slice, QUIET);
                double share = load.othersShare(from, load.sample());
                bytes[i] += meter.since(before);
                answered[i] += c.deployment().metrics().totalDone() - answeredBefore;
                long errors = result.errors().values().stream().mapToLong(Long::longValue).sum();
                if (errors > 0) {
                    throw new IllegalStateException(c.label() + " answered " + errors + " requests with errors");
                }
                throughput[i] = result.totalThroughput();
                worst = Double.isNaN(share) ? worst : Math.max(worst, share);
            }
            double[] millis = new double[seeded.size()]; // sequential whole-timeline reads, RING then CENTRALIZED
            for (int k = 0; k < seeded.size(); k++) {
                int i = round % 2 == 0 ? k : seeded.size() - 1 - k;
                MachineLoad.Sample from = load.sample();
                millis[i] = seeded.get(i).timelines(SEQUENTIAL_CALLS, seed + round).millis();
                double share = load.othersShare(from, load.sample());
                worst = Double.isNaN(share) ? worst : Math.max(worst, share);
            }
            GateRound r = new GateRound(throughput[RING_2], throughput[CENTRALIZED], throughput[RING_2_SENDS],
                    throughput[RING_1], millis[0], millis[1], worst);
            rounds.add(r);
            boolean isQuiet = r.quiet(maxOthers);
            quiet += isQuiet ? 1 : 0;
            log.printf(Locale.ROOT, "  round %2d: mix req/s RING-2 %,7.0f  CENTRALIZED %,7.0f (%.2f); sends/s RING-2"
                            + " %,7.0f  RING-1 %,7.0f (%.2f); %,d whole timelines RING %.0f ms,"
                            + " CENTRALIZED %.0f ms (%.2f); others used %3.0f%% of the cores: %s%n",
                    round + 1, r.ringMix(), r.centralizedMix(), r.ringVsCentralized(),
                    r.ringTwoThreadSends(), r.ringOneThreadSends(), r.threads2Vs1(),
                    SEQUENTIAL_CALLS, r.ringTimelineMillis(), r.centralizedTimelineMillis(), r.sequentialTimeline(),
                    worst * 100, isQuiet ? "quiet" : "busy");
        }
        return GateFigures.of(rounds, wanted, maxOthers, (double) bytes[RING_2] / Math.max(1, answered[RING_2]),
                (double) bytes[CENTRALIZED] / Math.max(1, answered[CENTRALIZED]));
    }

    /** The {@code n} users with the most followers, most followed first. */
    static int[] mostFollowed(SocialGraph graph, int n) {
        int[] followers = graph.followerCounts();
        return java.util.stream.IntStream.range(0, followers.length).boxed()
                .sorted((a, b) -> Integer.compare(followers[b], followers[a]))
                .limit(n).mapToInt(Integer::intValue).toArray();
    }

    @Override
    public void close() {
        contenders.forEach(c -> c.deployment().close());
        seeded.forEach(SeedBenchmark.Seeded::close);
    }
}
