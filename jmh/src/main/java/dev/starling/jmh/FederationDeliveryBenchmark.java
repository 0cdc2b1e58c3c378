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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Delivery between two RING instances of one deployment ({@code vub.be} and {@code ulb.be}, 2
 * engine threads, 4 shards each): {@code bob@ulb.be} follows {@code alice@vub.be}. One operation
 * is alice's {@code sendMessage} followed by bob's {@code timeline(1)} read again and again until
 * its newest entry is that message (same sender, stamp and text: the remote instance keeps its
 * own copy, whose id may differ). So it measures send to remote-timeline visibility, including
 * the federation hop and the remote fan-out, seen from a client of the remote instance.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FederationDeliveryBenchmark extends ForkedBenchmark {

    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);

    private Deployment deployment;
    private Session alice;
    private Session bob;
    private long sent;

    @Setup(Level.Trial)
    public void start() {
        deployment = Deployment.builder().instances("vub.be", "ulb.be").engine(EngineKind.RING).threads(2)
                .shardsPerInstance(4).start();
        alice = deployment.instance("vub.be").registerUser("alice").join();
        bob = deployment.instance("ulb.be").registerUser("bob").join();
        bob.follow("alice@vub.be").join();
        if (!deployment.awaitQuiescent(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the remote follow did not settle within 30 s");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        deployment.close();
    }

    @Benchmark
    public Message sendToRemoteTimeline() {
        String text = "federated " + (sent++);
        Message message = Overloaded.join(() -> alice.sendMessage(text));
        long giveUp = System.nanoTime() + GIVE_UP_NANOS;
        while (true) {
            List<Message> newest = Overloaded.join(() -> bob.timeline(1));
            if (!newest.isEmpty() && sameMessage(newest.get(0), message)) {
                return newest.get(0);
            }
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("message " + message + " did not reach bob@ulb.be within 10 s");
            }
        }
    }

    private static boolean sameMessage(Message remote, Message local) {
        return remote.timestampMicros() == local.timestampMicros() && remote.sender().equals(local.sender())
                && remote.text().equals(local.text());
    }
}
