package dev.starling.tools.gossip;

import dev.starling.sampling.paper.PaperExperiment;
import dev.starling.sampling.paper.PaperFigures;
import dev.starling.sampling.paper.SwitchTable;
import dev.starling.sampling.protocol.SwapCount;
import dev.starling.tools.cli.Checks;
import dev.starling.tools.cli.Outputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;

/** {@code starling gossip paper}: the paper's blind/healer/swapper comparison and self-healing plots. */
@Command(name = "paper", mixinStandardHelpOptions = true,
        header = "Reproduces the paper's blind, healer and swapper comparison and its self-healing figure.",
        description = {"Reproduces Jelasity et al. (TOCS 2007) sections 4.1 and figure 11 on the simulator: blind "
                + "(H=0,S=0), healer (H=c/2) and swapper (S=c/2), rand, pushpull, random start; a crash at --crash-at.",
                "Writes DIR/<setting>/stats.csv, DIR/indegree-std.png, DIR/dead-links.png and DIR/summary.md.",
                "With --figures: the paper's figures instead (converged std table, Fig. 4, Fig. 11 left and right, "
                        + "Fig. 10, the modelling-switch table), each a PNG with the paper's points as markers, a CSV, "
                        + "and a section of DIR/figures.md; --crash-at is then the cycles run before each "
                        + "measurement or crash."})
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

    @Option(names = "--figures", split = ",", paramLabel = "LIST",
            description = "Also reproduce these, each as PNG + CSV with the paper's points overlaid, and a section of "
                    + "DIR/figures.md: std (converged std table over --seeds seeds), fig4, fig11 (left and right), "
                    + "fig10, switches (section 2's modelling switches), or all. Default: none.")
    List<String> figures = new ArrayList<>();

    @Option(names = "--seeds", defaultValue = "5", paramLabel = "K",
            description = "Seeds 1..K for the std table, Fig. 11 right (3 at most) and the switch table (seeds 1 and 5 when K >= 5). "
                    + "Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--fig10-runs", defaultValue = "10", paramLabel = "R",
            description = "Runs per point of Fig. 10 (the paper: 100). Default: ${DEFAULT-VALUE}.")
    int fig10Runs;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "1|2",
            description = "Simulator threads (the output is the same for either). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--swap-counts", defaultValue = "view", paramLabel = "view|buffer",
            description = "What S counts when a merge removes S entries from the view's head, in every run: view "
                    + "entries (the paper's pseudo-code read literally) or the buffer's items, own descriptor first "
                    + "(S - 1 view entries). Fig. 4 draws H=0 with both. Default: ${DEFAULT-VALUE}.")
    String swapCounts;

    @Override
    public Integer call() throws Exception {
        checkBeforeWork();
        PaperExperiment experiment;
        try {
            experiment = new PaperExperiment(nodes, view, cycles, crashAt, crashFraction, seed, swapCount());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!figures.isEmpty()) {
            System.out.print(figures());
            return 0;
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
        swapCount();
        Outputs.directory(spec, "--out", out);
    }

    private SwapCount swapCount() {
        try {
            return SwapCount.parse(swapCounts);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--swap-counts: " + e.getMessage());
        }
    }

    private String figures() throws java.io.IOException {
        Set<String> want = new LinkedHashSet<>(figures);
        if (want.remove("all")) {
            want.addAll(List.of("std", "fig4", "fig11", "fig10", "switches"));
        }
        if (!Set.of("std", "fig4", "fig11", "fig10", "switches").containsAll(want) || seeds < 1 || fig10Runs < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--figures takes std, fig4, fig11, fig10, switches or all; --seeds and --fig10-runs at least 1");
        }
        long[] seedList = LongStream.rangeClosed(1, seeds).toArray();
        PaperFigures f = new PaperFigures(nodes, crashAt, threads, swapCount(), out, System.err);
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "# Jelasity et al. 2007 on the simulator: N=%d, c=%d, pushpull, %d cycles before each measurement%n%n",
                nodes, view, crashAt));
        long start = System.nanoTime();
        if (want.contains("std")) {
            md.append("## Converged in-degree standard deviation\n\n").append(f.stdTable(seedList)).append('\n');
        }
        if (want.contains("fig4")) {
            md.append("## Fig. 4: std against S (rand)\n\n").append(f.fig4(seed))
                    .append("\n![fig 4](fig4-std-vs-swap.png)\n\n");
        }
        if (want.contains("fig11")) {
            md.append("## Fig. 11 left: dead links after a 50% crash\n\n").append(f.fig11Left(298, seed))
                    .append("\n![fig 11 left](fig11-dead-links.png)\n\n");
            md.append("## Fig. 11 right: cycles to remove every dead link\n\n")
                    .append(f.fig11Right(new int[] {1, 2, 3, 4, 6, 8, 10, 12, 14, 15},
                            java.util.Arrays.copyOf(seedList, Math.min(3, seeds))))
                    .append("\n![fig 11 right](fig11-cycles-to-heal.png)\n\n");
        }
        if (want.contains("fig10")) {
            md.append("## Fig. 10: nodes outside the largest cluster, ").append(fig10Runs).append(" runs per point\n\n")
                    .append(f.fig10(fig10Runs)).append("\n![fig 10](fig10-partitioning.png)\n\n");
        }
        if (want.contains("switches")) {
            long[] two = seeds >= 5 ? new long[] {1, 5} : LongStream.rangeClosed(1, Math.min(2, seeds)).toArray();
            md.append("## Section 2: the modelling switches\n\n")
                    .append(new SwitchTable(nodes, crashAt, two, threads).run(SwitchTable.variants(), System.err))
                    .append('\n');
        }
        md.append(String.format(Locale.ROOT, "Wall time: %.0f s.%n", (System.nanoTime() - start) / 1e9));
        java.nio.file.Files.createDirectories(out);
        java.nio.file.Files.writeString(out.resolve("figures.md"), md);
        return md.toString();
    }
}
