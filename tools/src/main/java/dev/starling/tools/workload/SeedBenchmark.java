package dev.starling.tools.workload;

import dev.starling.runtime.IdleMode;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.federation.Deployment;
import dev.starling.federation.EngineKind;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * The assignment's own benchmark shape (its Erlang starter {@code benchmark.erl}) on a Starling
 * deployment: users named {@code "1"} to {@code "N"}, each following {@code follows} users picked
 * at random with replacement (so a few fewer distinct ones; a pick of oneself is skipped) and having
 * sent {@code messages} messages {@code "Message I from NAME"}. On that, three measured phases:
 * <ol>
 *   <li>{@code calls} sequential reads of a random user's whole home timeline
 *       ({@code timeline(10_000)}, about {@code follows * messages} messages), total wall time;</li>
 *   <li>{@code calls} sequential {@code sendMessage("Test")} by random users, total wall time;</li>
 *   <li>{@code mixClients} closed-loop client threads, each with one call outstanding, doing 60%
 *       {@code timeline(10)}, 30% {@code profile(randomUser, 10)}, 10% {@code sendMessage}:
 *       calls completed per second.</li>
 * </ol>
 * Every repetition gets its own graph and its own random picks, both from the base seed and the
 * repetition's number, so two engines measured in the same repetition see the same graph and the
 * same calls. {@link #load} and the phase methods of {@link Seeded} are public on their own, so a
 * caller can measure one phase (the performance gate: phase 1 on RING and on CENTRALIZED).
 */
public final class SeedBenchmark {

    /** The domain of the single instance, as in the assignment's example. */
    public static final String DOMAIN = Placement.generated(1).domains().get(0);

    /** A read of the whole home timeline: the API's largest limit. */
    public static final int WHOLE_TIMELINE = 10_000;

    /** Messages per read in the mixed phase, and the phase's warm-up. */
    public static final int MIX_LIMIT = 10;
    public static final Duration MIX_WARMUP = Duration.ofMillis(500);

    private static final int WINDOW = 1024;
    private static final long MAX_LATENCY = TimeUnit.SECONDS.toNanos(60);

    /**
     * The shape of one repetition.
     *
     * @param users      users, named "1" to "users"
     * @param follows    follows picked per user (with replacement)
     * @param messages   messages each user has sent before measuring
     * @param calls      calls of phases 1 and 2
     * @param threads    RING engine threads (the baseline always has one)
     * @param shards     shards of the RING instance
     * @param mixClients client threads of phase 3
     * @param mixSeconds measured seconds of phase 3
     * @param idle       how idle RING engine threads wait
     * @param affinity   where RING engine threads are pinned ({@code none}, {@code auto} or a CPU list)
     * @param redisUri   the Redis server of the REDIS engine; null for a private one per deployment
     */
    public record Settings(int users, int follows, int messages, int calls, int threads, int shards, int mixClients,
                           double mixSeconds, IdleMode idle, String affinity, String redisUri) {

        /** A private Redis server per REDIS deployment. */
        public Settings(int users, int follows, int messages, int calls, int threads, int shards, int mixClients,
                        double mixSeconds, IdleMode idle, String affinity) {
            this(users, follows, messages, calls, threads, shards, mixClients, mixSeconds, idle, affinity, null);
        }

        /** Engine threads that park when idle, not pinned. */
        public Settings(int users, int follows, int messages, int calls, int threads, int shards, int mixClients,
                        double mixSeconds) {
            this(users, follows, messages, calls, threads, shards, mixClients, mixSeconds, IdleMode.PARK, "none");
        }
    }

    /**
     * The three figures of one repetition on one engine, and what they came from.
     *
     * @param engine             RING or CENTRALIZED
     * @param follows            distinct follows made (picks of oneself and repeated picks left out)
     * @param timelineMillis     phase 1: wall time of the sequential whole-timeline reads
     * @param timelineMessages   messages those reads returned, in all
     * @param timelineLatency    phase 1: per-call latency (ns)
     * @param sendMillis         phase 2: wall time of the sequential sends
     * @param sendLatency        phase 2: per-call latency (ns)
     * @param sendDrainMillis    time the deployment still needed after phase 2 to finish its fan-out (not in sendMillis)
     * @param mixOpsPerSecond    phase 3: calls completed per measured second, all clients together
     * @param loadSeconds        time to register, follow, send the seed messages, drain and log every user in
     * @param label              the target's name in tables: the engine, or SERVED
     */
    public record Figures(EngineKind engine, long follows, double timelineMillis, long timelineMessages,
                          Histogram timelineLatency, double sendMillis, Histogram sendLatency, double sendDrainMillis,
                          double mixOpsPerSecond, double loadSeconds, String label) {

        /** Mean messages per whole-timeline read. */
        public double meanTimelineLength(int calls) {
            return (double) timelineMessages / calls;
        }
    }

    /**
     * The follow graph of one repetition.
     *
     * @param follows user {@code i} (name {@code i + 1}) follows the users at these indices, distinct, never itself
     */
    public record Graph(int[][] follows) {

        public int users() {
            return follows.length;
        }

        public long edges() {
            long n = 0;
            for (int[] f : follows) {
                n += f.length;
            }
            return n;
        }
    }

    private final Settings settings;
    private final long seed;

    public SeedBenchmark(Settings settings, long seed) {
        this.settings = settings;
        this.seed = seed;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Where repetitions run: an engine started in this process for each one, or an instance of a
     * {@code serve} process reached through {@code connect} (its users then carry a prefix of their
     * own per repetition, since the served instance keeps the earlier ones).
     *
     * @param label    the name in tables: the engine's, or SERVED
     * @param engine   the engine (RING for a served instance)
     * @param domain   the instance's domain
     * @param endpoint {@code host:port} of the serve process, or null for an engine in this process
     */
    public record Target(String label, EngineKind engine, String domain, String endpoint, Path aeronDirectory) {

        public static Target of(EngineKind engine) {
            return new Target(engine.name(), engine, DOMAIN, null, null);
        }

        /** The instance {@code domain} of the serve process at {@code endpoint}, through the media driver at {@code aeronDirectory} (null: embedded). */
        public static Target served(String domain, String endpoint, Path aeronDirectory) {
            return new Target("SERVED", EngineKind.RING, domain, endpoint, aeronDirectory);
        }

        public boolean isServed() {
            return endpoint != null;
        }
    }

    /** Name of user {@code i}: as in benchmark.erl, the numbers from 1. */
    public static String name(int i) {
        return Integer.toString(i + 1);
    }

    /** A seed of its own for each repetition and purpose, so that adding a purpose leaves the others' picks alone. */
    private long seedOf(int rep, int purpose) {
        return (seed * 1_000_003L + rep) * 31 + purpose;
    }

    /** The follow graph of repetition {@code rep}: the same for every engine measured in it. */
    public Graph graph(int rep) {
        Random random = new Random(seedOf(rep, 0));
        int users = settings.users();
        int[][] follows = new int[users][];
        for (int u = 0; u < users; u++) {
            Set<Integer> picked = new LinkedHashSet<>();
            for (int k = 0; k < settings.follows(); k++) {
                int target = random.nextInt(users);
                if (target != u) {
                    picked.add(target); // a repeated pick is a no-op follow: left out
                }
            }
            follows[u] = picked.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Graph(follows);
    }

    /**
     * One repetition on one engine: a fresh deployment, loaded, the three phases, closed.
     *
     * @param rep      the repetition's number (its graph and its random picks)
     * @param progress where loading shows progress bars, or null for none
     */
    public Figures run(EngineKind engine, int rep, PrintStream progress) {
        return run(Target.of(engine), rep, progress);
    }

    /** One repetition on one target: a fresh deployment (or fresh users on a served instance), loaded, the three phases. */
    public Figures run(Target target, int rep, PrintStream progress) {
        EngineKind engine = target.engine();
        long start = System.nanoTime();
        try (Seeded seeded = load(target, graph(rep), progress)) {
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            Phase timelines = seeded.timelines(settings.calls(), seedOf(rep, 1));
            Phase sends = seeded.sends(settings.calls(), seedOf(rep, 2));
            long drainStart = System.nanoTime();
            seeded.awaitQuiescent();
            double drainMillis = (System.nanoTime() - drainStart) / 1e6;
            double mix = seeded.mix(settings.mixClients(), MIX_WARMUP,
                    Duration.ofNanos((long) (settings.mixSeconds() * 1e9)), seedOf(rep, 3));
            return new Figures(engine, seeded.graph().edges(), timelines.millis(), timelines.messages(),
                    timelines.latency(), sends.millis(), sends.latency(), drainMillis, mix, loadSeconds, target.label());
        }
    }

    /**
     * Starts a fresh deployment of {@code engine} (temporary data directory), registers the users,
     * makes the follows, has every user send its messages, waits until it is quiescent (every
     * timeline complete) and logs every user in once, so the measured phases only call the API.
     */
    public Seeded load(EngineKind engine, Graph graph, PrintStream progress) {
        return load(Target.of(engine), graph, progress);
    }

    /** A client of the served instance {@code target} names. */
    private static Deployment served(Target target) {
        Deployment.Builder builder = Deployment.builder().connect(target.domain(), target.endpoint())
                .remoteTimeout(Duration.ofSeconds(30));
        if (target.aeronDirectory() != null) {
            builder.aeronDirectory(target.aeronDirectory());
        }
        return builder.start();
    }

    /** As {@link #load(EngineKind, Graph, PrintStream)}, on a target that may be a served instance. */
    public Seeded load(Target target, Graph graph, PrintStream progress) {
        EngineKind engine = target.engine();
        int users = graph.users();
        Deployment deployment = target.isServed()
                ? served(target)
                : Deployment.builder().instances(DOMAIN).engine(engine)
                .threads(settings.threads()).shardsPerInstance(settings.shards())
                .idleMode(settings.idle()).affinity(engine == EngineKind.RING ? settings.affinity() : "none")
                .expectedLoad(users, settings.messages() + 100L, Math.max(1, settings.follows()))
                .redisUri(engine == EngineKind.REDIS ? settings.redisUri() : null)
                .start();
        // a served instance keeps the users of earlier repetitions: these get names of their own
        String prefix = target.isServed() ? "s" + Long.toString(System.nanoTime() & 0xFFFFFFFFFL, 36) + "_" : "";
        IntFunction<String> name = i -> prefix + name(i);
        try {
            var instance = deployment.instance(target.domain());
            Session[] registered = new Session[users];
            Pipelined.run(users, WINDOW, i -> instance.registerUser(name.apply(i)).thenAccept(s -> registered[i] = s),
                    progress == null ? null : new Progress(progress, target.label() + " register users", users));
            int[] edgeUser = new int[(int) graph.edges()];
            int[] edgeTarget = new int[edgeUser.length];
            int e = 0;
            for (int u = 0; u < users; u++) {
                for (int t : graph.follows()[u]) {
                    edgeUser[e] = u;
                    edgeTarget[e++] = t;
                }
            }
            Pipelined.run(edgeUser.length, WINDOW, k -> registered[edgeUser[k]].follow(name.apply(edgeTarget[k])),
                    progress == null ? null : new Progress(progress, target.label() + " follow", edgeUser.length));
            int messages = users * settings.messages();
            // "Message I from NAME", I from 1, as benchmark.erl; each user's messages in order
            Pipelined.run(messages, WINDOW, k -> registered[k % users].sendMessage(
                    "Message " + (k / users + 1) + " from " + name.apply(k % users)),
                    progress == null ? null : new Progress(progress, target.label() + " send messages", messages));
            awaitQuiescent(deployment);
            Session[] sessions = new Session[users];
            Pipelined.run(users, WINDOW, i -> instance.logIn(name.apply(i)).thenAccept(s -> sessions[i] = s),
                    progress == null ? null : new Progress(progress, target.label() + " log in", users));
            return new Seeded(deployment, graph, sessions, name);
        } catch (RuntimeException ex) {
            deployment.close();
            throw ex;
        }
    }

    private static void awaitQuiescent(Deployment deployment) {
        if (!deployment.awaitQuiescent(Duration.ofMinutes(10))) {
            throw new IllegalStateException(deployment + " did not drain its rings within 10 minutes");
        }
    }

    /**
     * A measured sequential phase.
     *
     * @param millis   wall time of all calls
     * @param messages messages the calls returned (timeline reads), or 0
     * @param latency  per-call latency in ns
     */
    public record Phase(double millis, long messages, Histogram latency) {
    }

    /** A loaded deployment with a session per user, ready for the phases. Closing it closes the deployment. */
    public static final class Seeded implements AutoCloseable {

        private final Deployment deployment;
        private final Graph graph;
        private final Session[] sessions;
        private final IntFunction<String> name;

        Seeded(Deployment deployment, Graph graph, Session[] sessions, IntFunction<String> name) {
            this.deployment = deployment;
            this.graph = graph;
            this.sessions = sessions;
            this.name = name;
        }

        public Deployment deployment() {
            return deployment;
        }

        public Graph graph() {
            return graph;
        }

        public void awaitQuiescent() {
            SeedBenchmark.awaitQuiescent(deployment);
        }

        /** Phase 1: {@code calls} reads of a random user's whole timeline, one after the other. */
        public Phase timelines(int calls, long seed) {
            Random random = new Random(seed);
            Histogram latency = new Histogram(MAX_LATENCY, 3);
            long messages = 0;
            long start = System.nanoTime();
            long before = start;
            for (int i = 0; i < calls; i++) {
                List<Message> timeline = sessions[random.nextInt(sessions.length)].timeline(WHOLE_TIMELINE).join();
                messages += timeline.size();
                long now = System.nanoTime();
                latency.recordValue(Math.min(MAX_LATENCY, now - before));
                before = now;
            }
            return new Phase((before - start) / 1e6, messages, latency);
        }

        /** Phase 2: {@code calls} messages "Test" sent by random users, one after the other. */
        public Phase sends(int calls, long seed) {
            Random random = new Random(seed);
            Histogram latency = new Histogram(MAX_LATENCY, 3);
            long start = System.nanoTime();
            long before = start;
            for (int i = 0; i < calls; i++) {
                sessions[random.nextInt(sessions.length)].sendMessage("Test").join();
                long now = System.nanoTime();
                latency.recordValue(Math.min(MAX_LATENCY, now - before));
                before = now;
            }
            return new Phase((before - start) / 1e6, 0, latency);
        }

        /**
         * Phase 3: {@code clients} threads, each a closed loop of 60% {@code timeline(10)}, 30%
         * {@code profile(randomUser, 10)} and 10% {@code sendMessage("Test")} as random users.
         * They all start together; calls completed in the {@code measured} window after
         * {@code warmup} count.
         *
         * @return calls completed per measured second, all clients together
         */
        public double mix(int clients, Duration warmup, Duration measured, long seed) {
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            long[] counted = new long[clients];
            long[] window = new long[2];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                Thread thread = new Thread(() -> {
                    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + client);
                    ready.countDown();
                    try {
                        go.await();
                        long from = window[0];
                        long end = window[1];
                        long n = 0;
                        for (long now = System.nanoTime(); now < end && failure.get() == null; ) {
                            Session session = sessions[random.nextInt(sessions.length)];
                            int pick = random.nextInt(100);
                            if (pick < 60) {
                                session.timeline(MIX_LIMIT).join();
                            } else if (pick < 90) {
                                session.profile(name.apply(random.nextInt(sessions.length)), MIX_LIMIT).join();
                            } else {
                                session.sendMessage("Test").join();
                            }
                            now = System.nanoTime();
                            if (now >= from && now < end) {
                                n++;
                            }
                        }
                        counted[client] = n;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                    }
                }, "seed-mix-" + c);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
            try {
                ready.await();
                long begin = System.nanoTime();
                window[0] = begin + warmup.toNanos();
                window[1] = window[0] + measured.toNanos();
                go.countDown(); // publishes window[] to the clients (happens-before through the latch)
                for (Thread t : threads) {
                    t.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the mixed phase ran", e);
            }
            if (failure.get() != null) {
                Throwable t = failure.get();
                throw new IllegalStateException("a mixed-phase call failed: " + t.getMessage(), t);
            }
            long total = 0;
            for (long n : counted) {
                total += n;
            }
            return total / (measured.toNanos() / 1e9);
        }

        @Override
        public void close() {
            deployment.close();
        }
    }
}
