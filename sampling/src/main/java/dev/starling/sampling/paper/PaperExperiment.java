package dev.starling.sampling.paper;

import dev.starling.sampling.analysis.OverlayStats;
import dev.starling.sampling.analysis.StatsCsv;
import dev.starling.sampling.plot.Charts;
import dev.starling.sampling.protocol.ProtocolConfig;
import dev.starling.sampling.protocol.SwapCount;
import dev.starling.sampling.sim.CycleSimulator;
import dev.starling.sampling.sim.SimulationConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's section 4.1 and figure 11 settings on the simulator: blind, healer and swapper with rand and
 * pushpull from a random start, a crash of a fraction of the nodes at a given cycle, and the plots and the
 * summary table that docs/sampling.md shows.
 */
public final class PaperExperiment {
    /** The three settings, in the order they are plotted. */
    public static final List<String> SETTINGS = List.of("blind", "healer", "swapper");

    private final int nodes;
    private final int viewSize;
    private final int cycles;
    private final int crashAt;
    private final double crashFraction;
    private final long seed;
    private final SwapCount swapCount;

    /**
     * @param nodes         N (the paper: 10,000)
     * @param viewSize      c (the paper: 30)
     * @param cycles        cycles to run (past the crash)
     * @param crashAt       cycle at whose end the crash happens (the paper: 300)
     * @param crashFraction fraction of nodes that crash (the paper: 0.5)
     * @param seed          seed of every run
     */
    public PaperExperiment(int nodes, int viewSize, int cycles, int crashAt, double crashFraction, long seed) {
        this(nodes, viewSize, cycles, crashAt, crashFraction, seed, SwapCount.VIEW);
    }

    /**
     * @param nodes         N (the paper: 10,000)
     * @param viewSize      c (the paper: 30)
     * @param cycles        cycles to run (past the crash)
     * @param crashAt       cycle at whose end the crash happens (the paper: 300)
     * @param crashFraction fraction of nodes that crash (the paper: 0.5)
     * @param seed          seed of every run
     * @param swapCount     what S counts in step 4 of a merge ({@link SwapCount})
     */
    public PaperExperiment(int nodes, int viewSize, int cycles, int crashAt, double crashFraction, long seed,
                           SwapCount swapCount) {
        if (crashAt < 51 || crashAt >= cycles) {
            throw new IllegalArgumentException("crash cycle must be in [51, cycles), was " + crashAt);
        }
        this.nodes = nodes;
        this.viewSize = viewSize;
        this.cycles = cycles;
        this.crashAt = crashAt;
        this.crashFraction = crashFraction;
        this.seed = seed;
        this.swapCount = swapCount;
    }

    /**
     * Runs the three settings, writes {@code DIR/<setting>/stats.csv}, {@code DIR/indegree-std.png},
     * {@code DIR/dead-links.png} and {@code DIR/summary.md}.
     *
     * @param dir output directory
     * @param log progress lines
     * @return the summary table (markdown)
     * @throws IOException if a file cannot be written
     */
    public String run(Path dir, PrintStream log) throws IOException {
        Map<String, List<OverlayStats>> results = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String setting : SETTINGS) {
            SimulationConfig config = SimulationConfig.builder().nodes(nodes)
                    .protocol(ProtocolConfig.named(setting, viewSize).toBuilder().swapCount(swapCount).build()).cycles(cycles)
                    .crash(crashAt, crashFraction).seed(seed).build();
            List<OverlayStats> rows = new ArrayList<>(cycles + 1);
            long start = System.nanoTime();
            try (StatsCsv csv = new StatsCsv(dir.resolve(setting).resolve("stats.csv"))) {
                new CycleSimulator(config).run(row -> {
                    rows.add(row);
                    csv.write(row);
                }, k -> {
                    if (k % 50 == 0) {
                        log.printf("%s: cycle %d/%d%n", setting, k, cycles);
                    }
                });
            }
            double s = (System.nanoTime() - start) / 1e9;
            log.printf(Locale.ROOT, "%s: done in %.1f s%n", setting, s);
            results.put(setting, rows);
            seconds.put(setting, s);
        }
        plot(dir, results);
        String summary = summary(results, seconds);
        Files.writeString(dir.resolve("summary.md"), summary);
        return summary;
    }

    private void plot(Path dir, Map<String, List<OverlayStats>> results) throws IOException {
        double[] all = new double[cycles + 1];
        for (int k = 0; k <= cycles; k++) {
            all[k] = k;
        }
        Map<String, double[]> std = new LinkedHashMap<>();
        results.forEach((s, rows) -> std.put(s, rows.stream().mapToDouble(OverlayStats::inDegreeStd).toArray()));
        Charts.lines(dir.resolve("indegree-std.png"),
                String.format(Locale.ROOT, "In-degree standard deviation, N=%d c=%d, rand pushpull", nodes, viewSize),
                "in-degree std", all, std);

        int from = crashAt - 5;
        double[] after = new double[cycles - from + 1];
        for (int i = 0; i < after.length; i++) {
            after[i] = from + i;
        }
        Map<String, double[]> dead = new LinkedHashMap<>();
        results.forEach((s, rows) -> dead.put(s,
                rows.subList(from, cycles + 1).stream().mapToDouble(OverlayStats::deadLinks).toArray()));
        Charts.lines(dir.resolve("dead-links.png"),
                String.format(Locale.ROOT, "Dead links after %.0f%% crash at cycle %d, N=%d c=%d",
                        crashFraction * 100, crashAt, nodes, viewSize),
                "dead links", after, dead);
    }

    private String summary(Map<String, List<OverlayStats>> results, Map<String, Double> seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "N=%d, c=%d, rand, pushpull, random start, seed %d; converged = mean over cycles %d-%d%n%n",
                nodes, viewSize, seed, crashAt - 50, crashAt - 1));
        sb.append("| setting | H | S | in-degree std (converged) | min-max in-degree at cycle ")
                .append(crashAt - 1).append(" | dead links at crash | +1 | +5 | +10 | +20 | +50 | ")
                .append("cycles to < 1% | wall s |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String setting : SETTINGS) {
            List<OverlayStats> rows = results.get(setting);
            ProtocolConfig p = ProtocolConfig.named(setting, viewSize);
            double std = rows.subList(crashAt - 50, crashAt).stream().mapToDouble(OverlayStats::inDegreeStd)
                    .average().orElse(Double.NaN);
            OverlayStats before = rows.get(crashAt - 1);
            long atCrash = rows.get(crashAt).deadLinks();
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %d-%d | %d | %s | %s | %s | %s | %s | %s | %.1f |%n",
                    setting, p.healing(), p.swap(), std, before.inDegreeMin(), before.inDegreeMax(), atCrash,
                    deadAt(rows, 1), deadAt(rows, 5), deadAt(rows, 10), deadAt(rows, 20), deadAt(rows, 50),
                    cyclesBelow(rows, atCrash / 100.0), seconds.get(setting)));
        }
        return sb.toString();
    }

    private String deadAt(List<OverlayStats> rows, int after) {
        int k = crashAt + after;
        return k < rows.size() ? Long.toString(rows.get(k).deadLinks()) : "-";
    }

    private String cyclesBelow(List<OverlayStats> rows, double threshold) {
        for (int k = crashAt; k < rows.size(); k++) {
            if (rows.get(k).deadLinks() < threshold) {
                return Integer.toString(k - crashAt);
            }
        }
        return "> " + (rows.size() - 1 - crashAt);
    }
}
