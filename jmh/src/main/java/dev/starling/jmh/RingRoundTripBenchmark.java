package dev.starling.jmh;

import dev.starling.api.Instance;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.federation.Deployment;
import dev.starling.federation.EngineKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Publishing a request on a RING instance and completing it, through the public API: one
 * instance, 2 engine threads, 4 shards, the default idle strategy (spin, yield, then park until
 * woken). The request is {@code logIn} of the producer's own user, so the handler does two store
 * look-ups and the figure is the ring's own cost: validation and publication on the caller's
 * thread, the hand-off to a shard's poller (and waking its thread), completion of the future, and
 * the caller seeing it. (Timeline and local profile reads do not take the ring: they run on the
 * caller's thread.)
 *
 * <ul>
 *   <li>{@link #roundTrip}: one producer, one request at a time (latency of a round trip);</li>
 *   <li>{@link #roundTripIdle}: one producer, one request after the engine threads went to sleep
 *       (2 ms without requests before each), so the figure includes waking a parked thread: what a
 *       client that calls now and then sees;</li>
 *   <li>{@link #roundTripFourProducers}: four producer threads at once on the multi-producer ring,
 *       each with its own user (on 2 cores they share the CPUs with the engine threads);</li>
 *   <li>{@link #pipelined}: one producer thread keeps 64 requests in flight (publish 64, for 8
 *       users in turn, then wait for all), the ring's throughput without a wake-up per request;</li>
 *   <li>{@link #timelineRead}: {@code timeline(1)} of a user who follows nobody, for comparison:
 *       answered on the caller's thread, no engine thread involved;</li>
 *   <li>{@link #timelineReadIdle}: the same after 2 ms without requests: what coming back from a
 *       park costs the caller's own thread (caches, CPU wake-up), which {@link #roundTripIdle}
 *       pays too.</li>
 * </ul>
 * A request answered {@code OVERLOADED} is issued again, as a client would, inside the same
 * operation (see {@link Overloaded}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RingRoundTripBenchmark extends ForkedBenchmark {

    private static final int USERS = 8;
    private static final int IN_FLIGHT = 64;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private Deployment deployment;
    private Instance instance;
    private Session[] sessions;
    private final AtomicInteger nextProducer = new AtomicInteger();

    @Setup(Level.Trial)
    public void start() {
        deployment = Deployment.builder().instances("vub.be").engine(EngineKind.RING).threads(2).shardsPerInstance(4).start();
        instance = deployment.instance("vub.be");
        sessions = new Session[USERS];
        for (int i = 0; i < USERS; i++) {
            sessions[i] = instance.registerUser(name(i)).join();
        }
        deployment.awaitQuiescent(Duration.ofSeconds(10));
    }

    private static String name(int i) {
        return "producer" + i;
    }

    @TearDown(Level.Trial)
    public void stop() {
        deployment.close();
    }

    /** Each producer thread acts as its own user. */
    @State(Scope.Thread)
    public static class Producer {
        Session session;
        Supplier<CompletableFuture<Session>> request;
        @SuppressWarnings("unchecked") // an array of a generic type: created unparameterised, cast once
        final CompletableFuture<Session>[] inFlight = (CompletableFuture<Session>[]) new CompletableFuture<?>[IN_FLIGHT];

        @Setup(Level.Trial)
        public void pick(RingRoundTripBenchmark bench) {
            int i = bench.nextProducer.getAndIncrement() % USERS;
            session = bench.sessions[i];
            String name = name(i);
            request = () -> bench.instance.logIn(name);
        }
    }

    /** Leaves the engine without requests long enough for its threads to park. */
    @State(Scope.Thread)
    public static class Idle {
        @Setup(Level.Invocation)
        public void letTheEngineSleep() {
            LockSupport.parkNanos(IDLE_NANOS);
        }
    }

    @Benchmark
    @Threads(1)
    public Session roundTrip(Producer producer) {
        return Overloaded.join(producer.request);
    }

    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.SampleTime)
    public Session roundTripIdle(Producer producer, Idle idle) {
        return Overloaded.join(producer.request);
    }

    @Benchmark
    @Threads(4)
    public Session roundTripFourProducers(Producer producer) {
        return Overloaded.join(producer.request);
    }

    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(IN_FLIGHT)
    public int pipelined(Producer producer) {
        CompletableFuture<Session>[] futures = producer.inFlight;
        for (int i = 0; i < IN_FLIGHT; i++) {
            futures[i] = instance.logIn(name(i % USERS));
        }
        int answered = 0;
        for (int i = 0; i < IN_FLIGHT; i++) {
            String name = name(i % USERS);
            answered += Overloaded.join(futures[i], () -> instance.logIn(name)).user().length();
            futures[i] = null;
        }
        return answered;
    }

    @Benchmark
    @Threads(1)
    public List<Message> timelineRead(Producer producer) {
        return producer.session.timeline(1).join();
    }

    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.SampleTime)
    public List<Message> timelineReadIdle(Producer producer, Idle idle) {
        return producer.session.timeline(1).join();
    }
}
