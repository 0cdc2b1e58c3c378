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

/**
 * Fan-out on write of one message to 1, 100 or 10,000 followers on a RING instance (2 engine
 * threads, 4 shards), through the public API. One operation is: {@code sendMessage} completes
 * (the message is stored and the followers in the sender's shard have it), then the caller waits
 * until every other shard has applied its delivery, that is until the instance's shard backlog
 * ({@link dev.starling.engine.InstanceStats#shardBacklog()}, work handed between shards and not
 * yet applied) is zero again; at that point every follower's timeline holds the message. The
 * caller polls the metrics, yielding between looks, so the allocation figure includes the
 * snapshots it takes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FanOutBenchmark extends ForkedBenchmark {

    private static final String DOMAIN = "vub.be";
    private static final int BATCH = 1024;

    @Param({"1", "100", "10000"})
    public int followers;

    private Deployment deployment;
    private Session author;
    private long sent;

    @Setup(Level.Trial)
    public void start() {
        long users = followers + 1L;
        // The author's messages pile up in one shard: size that shard's message map for about
        // two million of them whatever the number of users.
        long usersPerShard = Math.max(16, users * 5 / 16 + 1);
        long messagesPerUser = Math.max(100, 2_000_000 / usersPerShard);
        deployment = Deployment.builder().instances(DOMAIN).engine(EngineKind.RING).threads(2).shardsPerInstance(4)
                .expectedLoad(users, messagesPerUser, 1).start();
        Instance instance = deployment.instance(DOMAIN);
        author = instance.registerUser("author").join();
        for (int from = 0; from < followers; from += BATCH) {
            List<CompletableFuture<Void>> follows = new ArrayList<>();
            for (int i = from; i < Math.min(followers, from + BATCH); i++) {
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
    public Message sendAndDeliver() {
        String text = "fan-out " + (sent++);
        Message message = Overloaded.join(() -> author.sendMessage(text));
        while (deployment.metrics().instance(DOMAIN).shardBacklog() > 0) {
            Thread.yield();
        }
        return message;
    }
}
