package dev.starling.jmh;

import dev.starling.sampling.protocol.ProtocolConfig;
import dev.starling.sampling.protocol.View;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The peer sampling view merge ({@code select(c, H, S, buffer)}: append, drop duplicates, the H
 * oldest, S from the head, then random ones down to c) at c = 7 and c = 30, for the healer
 * (H = c/2) and swapper (S = c/2) settings. Each operation restores a full view of c descriptors
 * (an array copy of c ids and ages, included in the figure) and merges a full buffer of c/2
 * descriptors into it: the sender's own (age 0), half of the rest already in the view with
 * other ages, the others new. The views are random but fixed by a seed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ViewMergeBenchmark extends ForkedBenchmark {

    private static final int PEERS = 10_000;
    private static final int SELF = 0;

    @Param({"7", "30"})
    public int c;

    @Param({"healer", "swapper"})
    public String setting;

    private ProtocolConfig config;
    private View full;
    private View buffer;
    private View view;
    private SplittableRandom rng;

    @Setup(Level.Trial)
    public void build() {
        config = ProtocolConfig.named(setting, c);
        SplittableRandom seed = new SplittableRandom(42);
        full = new View(config.viewCapacity());
        while (full.size() < c) {
            int id = 1 + seed.nextInt(PEERS - 1);
            if (!full.contains(id)) {
                full.add(id, seed.nextInt(10));
            }
        }
        buffer = new View(config.bufferSize());
        int partner = full.id(0);
        buffer.add(partner, 0);
        for (int i = 1; buffer.size() < config.bufferSize(); i++) {
            if (i % 2 == 1) {
                buffer.add(full.id(i), seed.nextInt(10));
            } else {
                int id;
                do {
                    id = 1 + seed.nextInt(PEERS - 1);
                } while (full.contains(id) || buffer.contains(id));
                buffer.add(id, seed.nextInt(10));
            }
        }
        view = new View(config.viewCapacity());
        rng = new SplittableRandom(7);
    }

    @Benchmark
    public int merge() {
        view.copyFrom(full);
        view.merge(SELF, config, buffer, rng);
        return view.size();
    }
}
