package dev.starling.tools.gossip;

import dev.starling.sampling.analysis.StatsCsv;
import dev.starling.sampling.protocol.PeerSelection;
import dev.starling.sampling.protocol.Propagation;
import dev.starling.sampling.protocol.ProtocolConfig;
import dev.starling.sampling.sim.CycleSimulator;
import dev.starling.sampling.sim.Initialization;
import dev.starling.sampling.sim.SimulationConfig;
import dev.starling.tools.cli.Checks;
import dev.starling.tools.cli.Outputs;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code starling gossip simulate}: one run of the cycle-driven simulator, written to DIR/stats.csv. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        header = "Runs the deterministic cycle-driven simulator once and writes its statistics per cycle.",
        description = {"Runs the deterministic cycle-driven simulator (every alive peer starts one exchange per "
                + "cycle, in random order) and writes DIR/stats.csv: row k (column cycle) is the overlay after k "
                + "cycles, so K cycles give rows 0 to K, row 0 being the first views; a crash at cycle k shows in row k. "
                + "'gossip elastic' numbers its rows the same way.",
                "Same seed, same file."})
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--nodes", required = true, paramLabel = "N", description = "Number of peers, at least 2.")
    int nodes;

    @Option(names = "--view", required = true, paramLabel = "C", description = "View size c, at least 2.")
    int view;

    @Option(names = "--healing", required = true, paramLabel = "H",
            description = "Healing H: how many of the oldest descriptors a merge drops first (0 = none).")
    int healing;

    @Option(names = "--swap", required = true, paramLabel = "S",
            description = "Swap S: how many just-sent descriptors (the view's head) a merge drops next (0 = none).")
    int swap;

    @Option(names = "--selection", defaultValue = "rand", paramLabel = "rand|tail",
            description = "Peer selection: rand (uniform over the view) or tail (oldest). Default: ${DEFAULT-VALUE}.")
    String selection;

    @Option(names = "--propagation", defaultValue = "pushpull", paramLabel = "pushpull|push",
            description = "pushpull (both sides swap buffers) or push (only the active side sends). Default: ${DEFAULT-VALUE}.")
    String propagation;

    @Option(names = "--cycles", defaultValue = "300", paramLabel = "K", description = "Cycles to run. Default: ${DEFAULT-VALUE}.")
    int cycles;

    @Option(names = "--crash-at", paramLabel = "K",
            description = "Crash peers at the end of cycle K (1..cycles); needs --crash-fraction. Default: no crash.")
    Integer crashAt;

    @Option(names = "--crash-fraction", paramLabel = "F",
            description = "Fraction of the alive peers that crash at --crash-at, in [0,1].")
    Double crashFraction;

    @Option(names = "--init", defaultValue = "random", paramLabel = "random|tree|list",
            description = "First views: random (c random peers each), or the bootstrap tree or list. Default: ${DEFAULT-VALUE}.")
    String init;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--stats-every", defaultValue = "1", paramLabel = "K",
            description = "Write a stats row every K cycles (and after the last). Default: ${DEFAULT-VALUE}.")
    int statsEvery;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "1|2",
            description = "Threads running a cycle's exchanges, in rounds of disjoint exchanges; the output is the "
                    + "same for either. Default: ${DEFAULT-VALUE}.")
    int threads;

    @ArgGroup(exclusive = false, heading = "Modelling switches (defaults follow the paper's text; see docs/sampling.md)%n")
    ModelOptions model = new ModelOptions();

    @Override
    public Integer call() throws Exception {
        checkBeforeWork();
        SimulationConfig config = config();
        Path file = out.resolve("stats.csv");
        long start = System.nanoTime();
        int every = Math.max(1, cycles / 10);
        if (statsEvery < 1) {
            throw new ParameterException(spec.commandLine(), "--stats-every must be at least 1");
        }
        long built;
        try (StatsCsv csv = new StatsCsv(file); CycleSimulator sim = new CycleSimulator(config)) {
            built = System.nanoTime();
            sim.run(csv::write, k -> {
                if (k % every == 0 || k == cycles) {
                    System.err.printf(Locale.ROOT, "cycle %d/%d (%.1f s)%n", k, cycles, (System.nanoTime() - start) / 1e9);
                }
            }, statsEvery);
        }
        long end = System.nanoTime();
        System.out.printf(Locale.ROOT, "wrote %s: %d peers x %d cycles, %s, %s, %d thread(s), stats every %d, "
                        + "in %.2f s (set-up %.2f s, cycles %.2f s, %.1f ms per cycle)%n",
                file, nodes, cycles, config.protocol(), config.model().label(), threads, statsEvery,
                (end - start) / 1e9, (built - start) / 1e9, (end - built) / 1e9, (end - built) / 1e6 / cycles);
        return 0;
    }

    private SimulationConfig config() {
        if ((crashAt == null) != (crashFraction == null)) {
            throw new ParameterException(spec.commandLine(), "--crash-at and --crash-fraction go together");
        }
        try {
            ProtocolConfig protocol = ProtocolConfig.builder().viewSize(view).healing(healing).swap(swap)
                    .selection(PeerSelection.parse(selection)).propagation(Propagation.parse(propagation))
                    .duplicates(model.duplicates()).swapCount(model.swapCount()).build();
            SimulationConfig.Builder b = SimulationConfig.builder().nodes(nodes).protocol(protocol).cycles(cycles)
                    .initialization(Initialization.parse(init)).seed(seed).model(model.model()).threads(threads);
            if (crashAt != null) {
                b.crash(crashAt, crashFraction);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The numbers and the output, each against its range, before the first cycle. */
    private void checkBeforeWork() {
        try {
            model.check();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Checks.range(spec, "--nodes", nodes, 2, 100_000_000);
        Checks.range(spec, "--view", view, 2, nodes - 1L);
        Checks.range(spec, "--healing", healing, 0, view);
        Checks.range(spec, "--swap", swap, 0, view);
        Checks.range(spec, "--cycles", cycles, 1, 10_000_000);
        if (crashAt != null) {
            Checks.range(spec, "--crash-at", crashAt, 1, cycles);
        }
        if (crashFraction != null) {
            Checks.range(spec, "--crash-fraction", crashFraction, 0.0, 1.0);
        }
        Outputs.file(spec, "--out", out.resolve("stats.csv"));
    }
}
