package dev.starling.jmh;

import dev.starling.sampling.protocol.ProtocolConfig;
import dev.starling.sampling.sim.CycleSimulator;
import dev.starling.sampling.sim.SimulationConfig;
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

import java.util.concurrent.TimeUnit;

/**
 * One cycle of the peer sampling simulator: every one of {@code peers} alive peers, in a fresh
 * random order, does one pushpull exchange (both buffers built, both merges) with the partner
 * its view selects, c = 30, from random first views (seed 1), on one or two threads (the same
 * result either way). The overlay evolves from cycle to cycle, so the warm-up also brings it to
 * its steady state; no statistics are computed. Run with
 * {@code java -jar jmh/target/benchmarks.jar SimulatorCycleBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SimulatorCycleBenchmark extends ForkedBenchmark {

    @Param({"100000"})
    public int peers;

    @Param({"1", "2"})
    public int threads;

    @Param({"blind", "healer", "swapper"})
    public String setting;

    private CycleSimulator simulator;

    @Setup(Level.Trial)
    public void build() {
        simulator = new CycleSimulator(SimulationConfig.builder().nodes(peers)
                .protocol(ProtocolConfig.named(setting, 30)).cycles(1).seed(1).threads(threads).build());
    }

    @TearDown(Level.Trial)
    public void close() {
        simulator.close();
    }

    @Benchmark
    public int cycle() {
        simulator.runCycle();
        return simulator.cycle();
    }
}
