package dev.starling.tools.gossip;

import dev.starling.sampling.paper.PaperExperiment;
import dev.starling.tools.cli.Checks;
import dev.starling.tools.cli.Outputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code starling gossip paper}: the paper's blind/healer/swapper comparison and self-healing plots. */
@Command(name = "paper", mixinStandardHelpOptions = true,
        header = "Reproduces the paper's blind, healer and swapper comparison and its self-healing figure.",
        description = {"Reproduces Jelasity et al. (TOCS 2007) sections 4.1 and figure 11 on the simulator: blind "
                + "(H=0,S=0), healer (H=c/2) and swapper (S=c/2), rand, pushpull, random start; a crash at --crash-at.",
                "Writes DIR/<setting>/stats.csv, DIR/indegree-std.png, DIR/dead-links.png and DIR/summary.md."})
public final class PaperCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--nodes", defaultValue = "10000", paramLabel = "N", description = "Number of peers. Default: ${DEFAULT-VALUE}.")
    int nodes;

    @Option(names = "--view", defaultValue = "30", paramLabel = "C", description = "View size c. Default: ${DEFAULT-VALUE}.")
    int view;

    @Option(names = "--cycles", defaultValue = "400", paramLabel = "K", description = "Cycles to run. Default: ${DEFAULT-VALUE}.")
    int cycles;

    @Option(names = "--crash-at", defaultValue = "300", paramLabel = "K",
            description = "Cycle at whose end the crash happens, in [51, cycles). Default: ${DEFAULT-VALUE}.")
    int crashAt;

    @Option(names = "--crash-fraction", defaultValue = "0.5", paramLabel = "F",
            description = "Fraction of the nodes that crash, in [0,1]. Default: ${DEFAULT-VALUE}.")
    double crashFraction;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        checkBeforeWork();
        PaperExperiment experiment;
        try {
            experiment = new PaperExperiment(nodes, view, cycles, crashAt, crashFraction, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        System.out.print(experiment.run(out, System.err));
        return 0;
    }

    /** Each number against its range, naming the option the user gave, and the output, before any cycle. */
    private void checkBeforeWork() {
        Checks.range(spec, "--nodes", nodes, 2, 100_000_000);
        Checks.range(spec, "--view", view, 2, nodes - 1L);
        Checks.range(spec, "--crash-fraction", crashFraction, 0.0, 1.0);
        int firstCrash = 51; // the paper's figures need 50 cycles of convergence first
        if (crashAt < firstCrash || crashAt >= cycles) {
            if (Checks.given(spec, "--crash-at") || crashAt < firstCrash) {
                Checks.range(spec, "--crash-at", crashAt, firstCrash, Math.max(firstCrash, cycles - 1L));
            }
            throw Checks.fail(spec, "--cycles must be above --crash-at (" + crashAt + ", its default), got " + cycles
                    + "; give --crash-at too (" + firstCrash + " or more) and --cycles above it");
        }
        Outputs.directory(spec, "--out", out);
    }
}
