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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Fan-out on write of messages to 1, 100 or 10,000 followers on a RING instance (2 engine
 * threads, 4 shards), through the public API. One operation is one message delivered to every
 * follower: each invocation sends 256 messages back to back (every future joined, an
 * {@code OVERLOADED} answer re-issued), then waits with {@code awaitQuiescent} until every shard
 * has applied every delivery, so every follower's timeline holds all 256; the score is that time
 * divided by 256. Batching keeps the quiescence check (it looks every 200 microseconds and wants
 * two drained looks in a row) from dominating the small cases; for 1 follower it still adds
 * about a quarter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FanOutBenchmark extends ForkedBenchmark {

    private static final String DOMAIN = "vub.be";
    private static final int FOLLOW_BATCH = 1024;
    private static final int MESSAGES = 256;
    private static final String TEXT = "a message fanned out to every follower";

    @Param({"1", "100", "10000"})
    public int followers;

    private Deployment deployment;
    private Session author;
    private Supplier<CompletableFuture<Message>> send;
    @SuppressWarnings("unchecked") // an array of a generic type: created unparameterised, cast once
    private final CompletableFuture<Message>[] inFlight = (CompletableFuture<Message>[]) new CompletableFuture<?>[MESSAGES];

    @Setup(Level.Trial)
    public void start() {
        long users = followers + 1L;
        // The author's messages pile up in one shard: size that shard's message map for about
        // two million of them whatever the number of users (for 1 follower a short run sends
        // several hundred thousand).
        long usersPerShard = Math.max(16, users * 5 / 16 + 1);
        long messagesPerUser = Math.max(100, 2_000_000 / usersPerShard);
        deployment = Deployment.builder().instances(DOMAIN).engine(EngineKind.RING).threads(2).shardsPerInstance(4)
                .expectedLoad(users, messagesPerUser, 1).start();
        Instance instance = deployment.instance(DOMAIN);
        author = instance.registerUser("author").join();
        send = () -> author.sendMessage(TEXT);
        for (int from = 0; from < followers; from += FOLLOW_BATCH) {
            List<CompletableFuture<Void>> follows = new ArrayList<>();
            for (int i = from; i < Math.min(followers, from + FOLLOW_BATCH); i++) {
                follows.add(instance.registerUser("follower" + i).thenCompose(s -> s.follow("author")));
            }
            follows.forEach(CompletableFuture::join);
        }
        if (!deployment.awaitQuiescent(Duration.ofMinutes(1))) {
            throw new IllegalStateException("the follows did not settle within a minute");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        deployment.close();
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long sendAndDeliver() {
        for (int i = 0; i < MESSAGES; i++) {
            inFlight[i] = author.sendMessage(TEXT);
        }
        long last = 0;
        for (int i = 0; i < MESSAGES; i++) {
            last = Overloaded.join(inFlight[i], send).id();
            inFlight[i] = null;
        }
        if (!deployment.awaitQuiescent(Duration.ofMinutes(1))) {
            throw new IllegalStateException("deliveries still in flight a minute after the last send");
        }
        return last;
    }
}
