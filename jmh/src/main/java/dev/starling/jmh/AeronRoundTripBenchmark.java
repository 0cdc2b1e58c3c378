package dev.starling.jmh;

import dev.starling.federation.aeron.AeronMedia;
import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
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

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * What a round trip costs over Aeron on this machine, as Aeron's own ping-pong sample measures it:
 * a 64-byte message to an echo and back, over {@code channel} ({@code ipc}: shared memory through
 * one media driver; {@code udp}: loopback UDP), with the media driver embedded (one shared thread)
 * and yielding idle strategies: the transport's floor here. {@link ServedRoundTripBenchmark} takes
 * the same trip through Starling's API.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AeronRoundTripBenchmark extends ForkedBenchmark {

    private static final int PING_STREAM = 2001;
    private static final int PONG_STREAM = 2002;

    @Param({"ipc", "udp"})
    public String channel;

    private AeronMedia media;
    private Publication ping;
    private Subscription pongs;
    private AgentRunner echo;
    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
    private final IdleStrategy waiting = new YieldingIdleStrategy();
    private boolean answered;
    private final FragmentHandler onPong = (buffer, offset, length, header) -> answered = true;


    @Setup(Level.Trial)
    public void start() throws Exception {
        media = AeronMedia.launch(null);
        Aeron aeron = media.aeron();
        String pingChannel = "ipc".equals(channel) ? "aeron:ipc" : "aeron:udp?endpoint=127.0.0.1:" + freePort();
        String pongChannel = "ipc".equals(channel) ? "aeron:ipc" : "aeron:udp?endpoint=127.0.0.1:" + freePort();
        ping = aeron.addPublication(pingChannel, PING_STREAM);
        pongs = aeron.addSubscription(pongChannel, PONG_STREAM);
        Subscription pings = aeron.addSubscription(pingChannel, PING_STREAM);
        Publication pong = aeron.addPublication(pongChannel, PONG_STREAM);
        FragmentAssembler reflect = new FragmentAssembler((buffer, offset, length, header) -> {
            while (pong.offer(buffer, offset, length) < 0) {
                Thread.onSpinWait();
            }
        });
        echo = new AgentRunner(new YieldingIdleStrategy(), Throwable::printStackTrace, null, new org.agrona.concurrent.Agent() {
            @Override
            public int doWork() {
                return pings.poll(reflect, 16);
            }

            @Override
            public String roleName() {
                return "echo";
            }

            @Override
            public void onClose() {
                pings.close();
                pong.close();
            }
        });
        AgentRunner.startOnThread(echo);
        while (!ping.isConnected() || !pong.isConnected()) {
            Thread.sleep(1);
        }
    }

    @Benchmark
    public boolean pingPong() {
        answered = false;
        while (ping.offer(message, 0, message.capacity()) < 0) {
            waiting.idle();
        }
        waiting.reset();
        while (!answered) {
            waiting.idle(pongs.poll(onPong, 1));
        }
        return answered;
    }

    @TearDown(Level.Trial)
    public void stop() {
        echo.close();
        ping.close();
        pongs.close();
        media.close();
    }

    static int freePort() throws java.io.IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
