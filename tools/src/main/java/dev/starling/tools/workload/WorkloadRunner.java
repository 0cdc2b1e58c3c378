package dev.starling.tools.workload;

import dev.starling.api.Session;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Runs a workload with {@code clients} concurrent clients, each acting as a randomly chosen user
 * and picking the operation from the {@link Mix}, with exactly one request outstanding. Clients
 * are chains of future callbacks rather than threads (as Erlang benchmarks use cheap processes),
 * so hundreds of concurrent clients cost no thread wake-ups and leave the cores to the engine.
 *
 * <p>Closed loop (the default): a client issues its next request as soon as the previous one
 * completes, and latency is the client-side wall clock from the call to the completion.
 *
 * <p>Open loop ({@link #openLoop(double)}, as wrk2): each client has a schedule of intended start
 * times at {@code rate / clients} requests per second. A request whose time has come while the
 * client's previous one is still out starts late, and its latency is measured from its intended
 * start, so a stall is charged to every request it delayed (no coordinated omission).
 *
 * <p>Latencies are recorded in HdrHistogram {@link Recorder}s (wait-free, safe from any
 * completing thread); only requests (intended to be) issued after the warm-up and completed
 * before the end count.
 */
public final class WorkloadRunner {

    private static final long MAX_LATENCY = TimeUnit.SECONDS.toNanos(60);
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Session[] sessions;
    private final SocialGraph graph;
    private final List<String> domains;
    private final Mix mix;
    private final int clients;
    private final int limit;
    private final long seed;
    private final double rate;
    private final int[] senders;

    public WorkloadRunner(Session[] sessions, SocialGraph graph, List<String> domains, Mix mix, int clients,
                          int limit, long seed) {
        this(sessions, graph, domains, mix, clients, limit, seed, 0, null);
    }

    private WorkloadRunner(Session[] sessions, SocialGraph graph, List<String> domains, Mix mix, int clients,
                           int limit, long seed, double rate, int[] senders) {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1, got " + clients);
        }
        if (rate < 0 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("rate must be positive, got " + rate);
        }
        this.sessions = sessions;
        this.graph = graph;
        this.domains = domains;
        this.mix = mix;
        this.clients = clients;
        this.limit = limit;
        this.seed = seed;
        this.rate = rate;
        this.senders = senders;
    }

    /** The same workload, open loop at {@code requestsPerSecond} over all clients together. */
    public WorkloadRunner openLoop(double requestsPerSecond) {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + requestsPerSecond);
        }
        return new WorkloadRunner(sessions, graph, domains, mix, clients, limit, seed, requestsPerSecond, senders);
    }

    /**
     * The same workload with every send made by one of {@code users} (e.g. the user with the most
     * followers: the fan-out worst case); timelines and profiles are still read by random users.
     */
    public WorkloadRunner sendersOnly(int[] users) {
        if (users.length == 0) {
            throw new IllegalArgumentException("no senders given");
        }
        for (int u : users) {
            if (u < 0 || u >= sessions.length) {
                throw new IllegalArgumentException("sender " + u + " is not a user: users are 0 to " + (sessions.length - 1));
            }
        }
        return new WorkloadRunner(sessions, graph, domains, mix, clients, limit, seed, rate, users.clone());
    }

    /** The open-loop rate in requests per second, or 0 for a closed loop. */
    public double rate() {
        return rate;
    }

    public static Histogram newHistogram() {
        return new Histogram(MAX_LATENCY, 3);
    }

    public WorkloadResult run(String label, Duration warmup, Duration duration, PrintStream out) throws InterruptedException {
        return run(label, warmup, duration, out, RunObserver.NONE);
    }

    public WorkloadResult run(String label, Duration warmup, Duration duration, PrintStream out, RunObserver observer)
            throws InterruptedException {
        Run run = new Run(System.nanoTime() + warmup.toNanos(), duration);
        try {
            for (int c = 0; c < clients; c++) {
                Client client = new Client(run, new SplittableRandom(seed * 1_000_003 + c));
                client.firstIntended = run.begin + (long) (c * run.intervalNanos / clients); // staggered
                client.loop();
            }
            Map<Operation, Histogram> totals = WorkloadResult.emptyHistograms();
            long total = warmup.toMillis() + duration.toMillis();
            long intervalStart = run.measureFrom;
            Progress progress = new Progress(out, label, 0);
            while (System.nanoTime() < run.end) {
                // ticks every 250 ms, and one at the start of measuring: the observer's first
                // sample (where engine-side figures start) then falls on it, not up to a tick later
                long untilMeasuring = (run.measureFrom - System.nanoTime()) / 1_000_000;
                Thread.sleep(untilMeasuring > 0 ? Math.min(250, untilMeasuring) : 250);
                long now = System.nanoTime();
                long elapsed = Math.min(total, (now - run.begin) / 1_000_000);
                String phase = now < run.measureFrom ? "warm-up" : "measuring";
                progress.status(String.format(java.util.Locale.ROOT, "%-12s %-9s %5.1f/%.1f s  %,12d requests", label,
                        phase, elapsed / 1000.0, total / 1000.0, run.completed.get()), false);
                if (now >= run.measureFrom) {
                    observer.sample();
                    if (now - intervalStart >= INTERVAL_NANOS && now < run.end) {
                        flush(run, intervalStart, now, totals, observer);
                        intervalStart = now;
                    }
                }
            }
            progress.end();
            if (!run.stopped.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(run.stopped.getCount() + " clients still waiting 60 s after the end");
            }
            flush(run, intervalStart, run.end, totals, observer);
            Map<Operation, Long> errors = new EnumMap<>(Operation.class);
            for (Operation op : Operation.values()) {
                errors.put(op, run.errors.get(op.ordinal()));
            }
            return new WorkloadResult(label, duration.toNanos() / 1e9, totals, errors);
        } finally {
            if (run.pacer != null) {
                run.pacer.shutdownNow();
            }
        }
    }

    /** Ends an interval: its latencies go into the totals and to the observer. */
    private static void flush(Run run, long startNanos, long endNanos, Map<Operation, Histogram> totals,
                              RunObserver observer) {
        Map<Operation, Histogram> interval = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            Histogram h = run.recorders.get(op).getIntervalHistogram();
            h.setStartTimeStamp(run.epochMillis(startNanos));
            h.setEndTimeStamp(run.epochMillis(endNanos));
            totals.get(op).add(h);
            interval.put(op, h);
        }
        observer.interval(run.epochMillis(startNanos), run.epochMillis(endNanos), interval);
    }

    /** State shared by the clients of one run. */
    private final class Run {
        final long begin = System.nanoTime();
        final long beginEpochMillis = System.currentTimeMillis();
        final long measureFrom;
        final long end;
        final Map<Operation, Recorder> recorders = new EnumMap<>(Operation.class);
        final AtomicLongArray errors = new AtomicLongArray(Operation.values().length);
        final AtomicLong completed = new AtomicLong();
        final CountDownLatch stopped = new CountDownLatch(clients);
        final Executor retryLater = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);
        /** Open loop: time between one client's intended starts; the pacer starts requests that are not due yet. */
        final double intervalNanos;
        final ScheduledExecutorService pacer;

        Run(long measureFrom, Duration duration) {
            this.measureFrom = measureFrom;
            this.end = measureFrom + duration.toNanos();
            for (Operation op : Operation.values()) {
                recorders.put(op, new Recorder(MAX_LATENCY, 3));
            }
            if (rate > 0) {
                intervalNanos = clients * 1e9 / rate;
                ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread thread = new Thread(r, "starling-pacer");
                    thread.setDaemon(true);
                    return thread;
                });
                executor.setRemoveOnCancelPolicy(true);
                pacer = executor;
            } else {
                intervalNanos = 0;
                pacer = null;
            }
        }

        long epochMillis(long nanos) {
            return beginEpochMillis + (nanos - begin) / 1_000_000;
        }
    }

    private final class Client {
        private final Run run;
        private final SplittableRandom random;
        private long sent;
        /** Open loop: request k is due at {@code firstIntended + k * intervalNanos}. */
        private long firstIntended;
        private long intendedCount;

        Client(Run run, SplittableRandom random) {
            this.run = run;
            this.random = random;
        }

        /**
         * Issues requests until one is still in flight (or, open loop, until the next is not due
         * yet), then returns; a completion or the pacer calls back in. A request that completed at
         * once is handled in this loop, not by recursion.
         */
        void loop() {
            boolean openLoop = run.pacer != null;
            while (true) {
                long now = System.nanoTime();
                long start = now;
                if (openLoop) {
                    start = firstIntended + (long) (intendedCount * run.intervalNanos);
                    if (start < run.end && start > now) {
                        run.pacer.schedule(this::loop, start - now, TimeUnit.NANOSECONDS);
                        return;
                    }
                }
                // Open loop: a client behind its schedule stops at the end too, not after issuing every
                // request that was due before it.
                if (start >= run.end || now >= run.end) {
                    run.stopped.countDown();
                    return;
                }
                intendedCount++;
                Operation op = mix.pick(random);
                long measuredFrom = start;
                CompletableFuture<?> future = issue(op);
                if (!future.isDone()) {
                    future.whenComplete((result, error) -> {
                        if (completed(op, measuredFrom, error) || openLoop) {
                            loop();
                        } else {
                            run.retryLater.execute(this::loop);
                        }
                    });
                    return;
                }
                boolean ok = !future.isCompletedExceptionally();
                completed(op, start, ok ? null : new IllegalStateException("failed at once"));
                if (!ok && !openLoop) {
                    run.retryLater.execute(this::loop); // an engine refusing at once is not hammered
                    return;
                }
            }
        }

        private CompletableFuture<?> issue(Operation op) {
            int user = random.nextInt(sessions.length);
            return switch (op) {
                case TIMELINE -> sessions[user].timeline(limit);
                case PROFILE -> sessions[user].profile(Loader.userName(profileTarget(user), domains), limit);
                case SEND -> sessions[senders == null ? user : senders[random.nextInt(senders.length)]]
                        .sendMessage("message " + (sent++) + " from a benchmark client");
            };
        }

        /** Records one completion; false when it failed. */
        private boolean completed(Operation op, long start, Throwable error) {
            long now = System.nanoTime();
            if (start >= run.measureFrom && now <= run.end) {
                if (error == null) {
                    run.recorders.get(op).recordValue(Math.min(now - start, MAX_LATENCY));
                } else {
                    run.errors.incrementAndGet(op.ordinal());
                }
            }
            run.completed.incrementAndGet();
            return error == null;
        }

        /** Profiles are mostly of followed users (the reader clicked a name in the timeline). */
        private int profileTarget(int user) {
            int[] follows = graph.follows(user);
            return follows.length == 0 || random.nextInt(4) == 0 ? random.nextInt(sessions.length)
                    : follows[random.nextInt(follows.length)];
        }
    }
}
