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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Runs a closed-loop workload with {@code clients} concurrent clients. Each client has exactly one
 * request outstanding: it acts as a randomly chosen user, picks the operation from the
 * {@link Mix}, and issues its next request as soon as the previous one completes. Clients are
 * chains of future callbacks rather than threads (as Erlang benchmarks use cheap processes), so
 * hundreds of concurrent clients cost no thread wake-ups and leave the cores to the engine.
 *
 * <p>Latency is the client-side wall clock from the call to the completion of its future,
 * recorded in HdrHistogram {@link Recorder}s (wait-free, safe from any completing thread); only
 * requests issued after the warm-up and completed before the end count.
 */
public final class WorkloadRunner {

    private static final long MAX_LATENCY = TimeUnit.SECONDS.toNanos(60);

    private final Session[] sessions;
    private final SocialGraph graph;
    private final List<String> domains;
    private final Mix mix;
    private final int clients;
    private final int limit;
    private final long seed;

    public WorkloadRunner(Session[] sessions, SocialGraph graph, List<String> domains, Mix mix, int clients,
                          int limit, long seed) {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1, got " + clients);
        }
        this.sessions = sessions;
        this.graph = graph;
        this.domains = domains;
        this.mix = mix;
        this.clients = clients;
        this.limit = limit;
        this.seed = seed;
    }

    public static Histogram newHistogram() {
        return new Histogram(MAX_LATENCY, 3);
    }

    public WorkloadResult run(String label, Duration warmup, Duration duration, PrintStream out) throws InterruptedException {
        Run run = new Run(System.nanoTime() + warmup.toNanos(), duration);
        for (int c = 0; c < clients; c++) {
            new Client(run, new SplittableRandom(seed * 1_000_003 + c)).loop();
        }
        long total = warmup.toMillis() + duration.toMillis();
        long start = run.measureFrom - warmup.toNanos();
        while (System.nanoTime() < run.end) {
            Thread.sleep(250);
            long elapsed = Math.min(total, (System.nanoTime() - start) / 1_000_000);
            String phase = System.nanoTime() < run.measureFrom ? "warm-up" : "measuring";
            out.printf("\r  %-12s %-9s %5.1f/%.1f s  %,12d requests   ", label, phase, elapsed / 1000.0,
                    total / 1000.0, run.completed.get());
            out.flush();
        }
        out.println();
        if (!run.stopped.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(run.stopped.getCount() + " clients still waiting 60 s after the end");
        }
        Map<Operation, Histogram> latencies = new EnumMap<>(Operation.class);
        Map<Operation, Long> errors = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            latencies.put(op, run.recorders.get(op).getIntervalHistogram());
            errors.put(op, run.errors.get(op.ordinal()));
        }
        return new WorkloadResult(label, duration.toNanos() / 1e9, latencies, errors);
    }

    /** State shared by the clients of one run. */
    private final class Run {
        final long measureFrom;
        final long end;
        final Map<Operation, Recorder> recorders = new EnumMap<>(Operation.class);
        final AtomicLongArray errors = new AtomicLongArray(Operation.values().length);
        final AtomicLong completed = new AtomicLong();
        final CountDownLatch stopped = new CountDownLatch(clients);
        final Executor retryLater = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);

        Run(long measureFrom, Duration duration) {
            this.measureFrom = measureFrom;
            this.end = measureFrom + duration.toNanos();
            for (Operation op : Operation.values()) {
                recorders.put(op, new Recorder(MAX_LATENCY, 3));
            }
        }
    }

    private final class Client {
        private final Run run;
        private final SplittableRandom random;
        private long sent;

        Client(Run run, SplittableRandom random) {
            this.run = run;
            this.random = random;
        }

        /**
         * Issues requests until one is still in flight, then returns; its completion calls back
         * in. A request that completed at once is handled in this loop, not by recursion.
         */
        void loop() {
            while (true) {
                long start = System.nanoTime();
                if (start >= run.end) {
                    run.stopped.countDown();
                    return;
                }
                Operation op = mix.pick(random);
                CompletableFuture<?> future = issue(op);
                if (!future.isDone()) {
                    future.whenComplete((result, error) -> {
                        if (completed(op, start, error)) {
                            loop();
                        } else {
                            run.retryLater.execute(this::loop);
                        }
                    });
                    return;
                }
                boolean ok = !future.isCompletedExceptionally();
                completed(op, start, ok ? null : new IllegalStateException("failed at once"));
                if (!ok) {
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
                case SEND -> sessions[user].sendMessage("message " + (sent++) + " from a benchmark client");
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
