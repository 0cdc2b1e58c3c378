package dev.starling.jmh;

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
import java.util.function.Supplier;

/**
 * Publishing a request on a RING instance and completing it, through the public API: one
 * instance, 2 engine threads, 4 shards, the default idle strategy (spin, yield, then park until
 * woken). The request is {@code timeline(1)} of a user who follows nobody, so the handler does one
 * store look-up and the figure is the ring's own cost: validation and publication on the caller's
 * thread, the hand-off to a shard's poller (and waking its thread), completion of the future, and
 * the caller seeing it.
 *
 * <ul>
 *   <li>{@link #roundTrip}: one producer, one request at a time (latency of a round trip);</li>
 *   <li>{@link #roundTripFourProducers}: four producer threads at once on the multi-producer ring,
 *       each with its own session (on 2 cores they share the CPUs with the engine threads);</li>
 *   <li>{@link #pipelined}: one producer thread keeps 64 requests in flight (publish 64, for 8
 *       users in turn, then wait for all), the ring's throughput without a wake-up per request.</li>
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

    private Deployment deployment;
    private Session[] sessions;
    private final AtomicInteger nextProducer = new AtomicInteger();

    @Setup(Level.Trial)
    public void start() {
        deployment = Deployment.builder().instances("vub.be").engine(EngineKind.RING).threads(2).shardsPerInstance(4).start();
        sessions = new Session[USERS];
        for (int i = 0; i < USERS; i++) {
            sessions[i] = deployment.instance("vub.be").registerUser("producer" + i).join();
        }
        deployment.awaitQuiescent(Duration.ofSeconds(10));
    }

    @TearDown(Level.Trial)
    public void stop() {
        deployment.close();
    }

    /** Each producer thread acts as its own user. */
    @State(Scope.Thread)
    public static class Producer {
        Session session;
        Supplier<CompletableFuture<List<Message>>> request;
        @SuppressWarnings("unchecked")
        final CompletableFuture<List<Message>>[] inFlight = new CompletableFuture[IN_FLIGHT];

        @Setup(Level.Trial)
        public void pick(RingRoundTripBenchmark bench) {
            session = bench.sessions[bench.nextProducer.getAndIncrement() % USERS];
            request = () -> session.timeline(1);
        }
    }

    @Benchmark
    @Threads(1)
    public List<Message> roundTrip(Producer producer) {
        return Overloaded.join(producer.request);
    }

    @Benchmark
    @Threads(4)
    public List<Message> roundTripFourProducers(Producer producer) {
        return Overloaded.join(producer.request);
    }

    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(IN_FLIGHT)
    public int pipelined(Producer producer) {
        CompletableFuture<List<Message>>[] futures = producer.inFlight;
        for (int i = 0; i < IN_FLIGHT; i++) {
            futures[i] = sessions[i % USERS].timeline(1);
        }
        int answered = 0;
        for (int i = 0; i < IN_FLIGHT; i++) {
            Session session = sessions[i % USERS];
            answered += Overloaded.join(futures[i], () -> session.timeline(1)).size() + 1;
            futures[i] = null;
        }
        return answered;
    }
}
