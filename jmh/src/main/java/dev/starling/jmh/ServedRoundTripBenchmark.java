package dev.starling.jmh;

import dev.starling.api.Instance;
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
import java.util.concurrent.TimeUnit;

/**
 * {@code logIn} of a user of a served RING instance ({@code Deployment.listen}: 2 engine threads,
 * 4 shards) through a deployment that {@code connect}s to it, each with its own embedded media
 * driver, over loopback UDP: the whole API path between two processes' worth of Aeron clients,
 * with Starling's default idle strategies (spin, then sleep up to 1 ms). Compare with {@link
 * RingRoundTripBenchmark#roundTrip} (the same request in one process) and {@link
 * AeronRoundTripBenchmark} (the transport alone).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ServedRoundTripBenchmark extends ForkedBenchmark {

    private Deployment served;
    private Deployment client;
    private Instance vub;
    private String user;

    @Setup(Level.Trial)
    public void start() throws Exception {
        String endpoint = "127.0.0.1:" + AeronRoundTripBenchmark.freePort();
        served = Deployment.builder().instances("vub.be").engine(EngineKind.RING).threads(2).shardsPerInstance(4)
                .listen(endpoint).start();
        user = served.instance("vub.be").registerUser("alice").join().user();
        client = Deployment.builder().connect("vub.be", endpoint).remoteTimeout(Duration.ofSeconds(30)).start();
        vub = client.instance("vub.be");
    }

    @Benchmark
    public Session logIn() {
        return vub.logIn(user).join();
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        served.close();
    }
}
