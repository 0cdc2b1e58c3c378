package dev.starling.sampling.paper;

import dev.starling.sampling.analysis.OverlayAnalyzer;
import dev.starling.sampling.plot.Charts;
import dev.starling.sampling.plot.Charts.Series;
import dev.starling.sampling.protocol.PeerSelection;
import dev.starling.sampling.protocol.ProtocolConfig;
import dev.starling.sampling.protocol.SwapCount;
import dev.starling.sampling.sim.CycleSimulator;
import dev.starling.sampling.sim.SimulationConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paper's figures on the simulator, each with the paper's points overlaid: the converged in-degree
 * standard deviation table (several seeds), Fig. 4 (std against S for several H), Fig. 11 left (dead links
 * after a 50% crash) and right (cycles to remove every dead link against H), Fig. 10 (nodes outside the largest
 * cluster after removing most nodes). N = 10^4, c = 30, pushpull, random start, the default model. Each method
 * writes its PNG and CSV into the output directory and returns a markdown section.
 */
public final class PaperFigures {
    private static final int C = 30;

    private final int nodes;
    private final int cycles;
    private final int threads;
    private final SwapCount swapCount;
    private final Path dir;
    private final PrintStream log;

    /**
     * @param nodes   N
     * @param cycles  cycles before a measurement (convergence) and before a crash
     * @param threads simulator threads
     * @param dir     output directory
     * @param log     progress lines
     */
    public PaperFigures(int nodes, int cycles, int threads, Path dir, PrintStream log) {
        this(nodes, cycles, threads, SwapCount.VIEW, dir, log);
    }

    /**
     * @param nodes     N
     * @param cycles    cycles before a measurement (convergence) and before a crash
     * @param threads   simulator threads
     * @param swapCount what S counts in every run ({@link SwapCount}); Fig. 4 also draws H = 0 with the other
     * @param dir       output directory
     * @param log       progress lines
     */
    public PaperFigures(int nodes, int cycles, int threads, SwapCount swapCount, Path dir, PrintStream log) {
        if (cycles < 60) {
            throw new IllegalArgumentException("cycles must be at least 60, was " + cycles);
        }
        this.nodes = nodes;
        this.cycles = cycles;
        this.threads = threads;
        this.swapCount = swapCount;
        this.dir = dir;
        this.log = log;
    }

    private SimulationConfig.Builder base(ProtocolConfig p, long seed) {
        return base(p, seed, swapCount);
    }

    private SimulationConfig.Builder base(ProtocolConfig p, long seed, SwapCount count) {
        return SimulationConfig.builder().nodes(nodes).protocol(p.toBuilder().duplicates(PaperPoints.DEFAULT_DUPLICATES)
                .swapCount(count).build()).cycles(cycles).seed(seed).threads(threads);
    }

    private static ProtocolConfig protocol(int h, int s, PeerSelection sel) {
        return ProtocolConfig.builder().viewSize(C).healing(h).swap(s).selection(sel).build();
    }

    private static ProtocolConfig named(String setting, PeerSelection sel) {
        return ProtocolConfig.named(setting, C).toBuilder().selection(sel).build();
    }

    /** @return the converged std: mean over the last 50 rows */
    private double converged(Run r) {
        return r.meanStd(cycles - 49, cycles);
    }

    /**
     * The converged in-degree std of blind, healer and swapper with rand and tail, over several seeds.
     *
     * @param seeds the seeds
     * @return the markdown table
     * @throws IOException if the CSV cannot be written
     */
    public String stdTable(long[] seeds) throws IOException {
        StringBuilder md = new StringBuilder();
        StringBuilder csv = new StringBuilder("setting,selection,seed,std\n");
        md.append(String.format(Locale.ROOT, "N=%d, c=30, pushpull, random start; converged std = mean of rows "
                + "%d-%d; %d seeds (%s)%n%n", nodes, cycles - 49, cycles, seeds.length, java.util.Arrays.toString(seeds)));
        md.append("| setting | selection | ours: mean over seeds | ours: lowest - highest seed | paper |\n"
                + "|---|---|---|---|---|\n");
        for (String setting : List.of("blind", "healer", "swapper")) {
            for (PeerSelection sel : PeerSelection.values()) {
                double sum = 0;
                double lo = Double.MAX_VALUE;
                double hi = -1;
                for (long seed : seeds) {
                    double std = converged(Run.of(base(named(setting, sel), seed).build()));
                    csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.4f%n", setting, sel.label(), seed, std));
                    sum += std;
                    lo = Math.min(lo, std);
                    hi = Math.max(hi, std);
                }
                md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f - %.2f | %s |%n", setting, sel.label(),
                        sum / seeds.length, lo, hi, PaperPoints.convergedStd(setting, sel)));
                log.printf(Locale.ROOT, "std table: %s %s %.2f%n", setting, sel.label(), sum / seeds.length);
            }
        }
        write("std-table.csv", csv);
        return md.toString();
    }

    /**
     * Fig. 4: converged std against S for H = 0, 1, 3, 8, 14 (S up to 15 - H), rand, in two panels: H = 0 with
     * both readings of S ({@link SwapCount}) beside the paper's curve, and the other H with this run's reading.
     *
     * @param seed the seed of every point
     * @return the markdown section
     * @throws IOException if a file cannot be written
     */
    public String fig4(long seed) throws IOException {
        int[] hs = {0, 1, 3, 8, 14};
        SwapCount other = swapCount == SwapCount.VIEW ? SwapCount.BUFFER : SwapCount.VIEW;
        List<Series> zero = new ArrayList<>();
        List<Series> rest = new ArrayList<>();
        List<double[]> restPaper = new ArrayList<>();
        StringBuilder csv = new StringBuilder("H,S,swap_counts,std\n");
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "| H | S | ours, S counts %s (this run) | ours, S counts %s | paper |%n|---|---|---|---|---|%n",
                swapCount.label(), other.label()));
        for (int h : hs) {
            int n = 15 - h + 1;
            double[] x = new double[n];
            double[] y = new double[n];
            double[] yOther = new double[n];
            double[] p = new double[n];
            java.util.Arrays.fill(p, Double.NaN);
            java.util.Arrays.fill(yOther, Double.NaN);
            for (int s = 0; s < n; s++) {
                x[s] = s;
                y[s] = converged(Run.of(base(protocol(h, s, PeerSelection.RAND), seed).build()));
                csv.append(String.format(Locale.ROOT, "%d,%d,%s,%.4f%n", h, s, swapCount.label(), y[s]));
                if (h == 0) {
                    p[s] = PaperPoints.FIG4_H0[s];
                    yOther[s] = converged(Run.of(base(protocol(h, s, PeerSelection.RAND), seed, other).build()));
                    csv.append(String.format(Locale.ROOT, "%d,%d,%s,%.4f%n", h, s, other.label(), yOther[s]));
                }
                for (double[] pt : PaperPoints.FIG4_OTHER) {
                    if (pt[0] == h && pt[1] == s) {
                        p[s] = pt[2];
                        restPaper.add(new double[] {s, pt[2]});
                    }
                }
                if (!Double.isNaN(p[s])) {
                    md.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %s | %.2f |%n", h, s, y[s],
                            Double.isNaN(yOther[s]) ? "" : String.format(Locale.ROOT, "%.2f", yOther[s]), p[s]));
                }
            }
            log.printf(Locale.ROOT, "fig 4: H=%d done%n", h);
            if (h == 0) {
                zero.add(new Series("ours, S counts " + swapCount.label(), x, y));
                zero.add(new Series("ours, S counts " + other.label(), x, yOther));
                zero.add(new Series("paper", x, p));
            } else {
                rest.add(new Series("ours, H=" + h, x, y));
            }
        }
        write("fig4.csv", csv);
        restPaper.sort(java.util.Comparator.comparingDouble(pt -> pt[0]));
        double[] px = restPaper.stream().mapToDouble(pt -> pt[0]).toArray();
        double[] py = restPaper.stream().mapToDouble(pt -> pt[1]).toArray();
        String y = "in-degree standard deviation (links)";
        Charts.panels(dir.resolve("fig4-std-vs-swap.png"), String.format(Locale.ROOT,
                "Fig. 4: converged in-degree std against S, N=%d, c=30, rand, pushpull, seed %d", nodes, seed), List.of(
                new Charts.Panel("H = 0: both readings of S", "S (swap parameter)", y, false,
                        zero.subList(0, 2), zero.subList(2, 3), false),
                new Charts.Panel("H = 1, 3, 8, 14 (S counts " + swapCount.label() + ")", "S (swap parameter)", y, false,
                        rest, List.of(new Series("paper (H = 1, 3, 8, 14)", px, py)), false)), 2);
        return md.toString();
    }

    /**
     * Fig. 11 left: dead links as % of view entries per cycle after a 50% crash, rand and tail, healer, blind,
     * swapper.
     *
     * @param after cycles to run past the crash (the paper: about 300)
     * @param seed  the seed
     * @return the markdown table
     * @throws IOException if a file cannot be written
     */
    public String fig11Left(int after, long seed) throws IOException {
        List<Series> ours = new ArrayList<>();
        List<Series> paper = new ArrayList<>();
        StringBuilder csv = new StringBuilder("selection,setting,after,dead_percent\n");
        StringBuilder md = new StringBuilder("| protocol |");
        for (int a : PaperPoints.FIG11_AFTER) {
            md.append(" +").append(a).append(" |");
        }
        md.append(" cycles to 0 |\n|---|").append("---|".repeat(PaperPoints.FIG11_AFTER.length)).append("---|\n");
        for (PeerSelection sel : PeerSelection.values()) {
            for (String setting : List.of("healer", "blind", "swapper")) {
                Run r = Run.of(base(named(setting, sel), seed).cycles(cycles + after).crash(cycles, 0.5).build());
                double[] x = new double[after];
                double[] y = new double[after];
                for (int a = 1; a <= after; a++) {
                    x[a - 1] = a;
                    y[a - 1] = r.deadPercentAfterCrash(a);
                    csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.4f%n", sel.label(), setting, a, y[a - 1]));
                }
                double[] px = new double[PaperPoints.FIG11_AFTER.length];
                double[] py = new double[px.length];
                for (int i = 0; i < px.length; i++) {
                    px[i] = PaperPoints.FIG11_AFTER[i];
                    double v = PaperPoints.fig11Value(setting, sel, PaperPoints.FIG11_AFTER[i]);
                    // a healer's zeros are not drawn past +10: the log axis would stretch a flat line of markers
                    py[i] = "healer".equals(setting) && px[i] > 10 ? Double.NaN : v;
                }
                String name = sel.label() + " " + setting;
                ours.add(new Series("ours, " + name, x, y));
                paper.add(new Series("paper, " + name, px, py));
                md.append("| ours, ").append(name).append(" |");
                for (int a : PaperPoints.FIG11_AFTER) {
                    md.append(String.format(Locale.ROOT, " %.2f |", r.deadPercentAfterCrash(a)));
                }
                int zero = r.cyclesToNoDeadLinks();
                md.append(' ').append(zero < 0 ? "> " + after : Integer.toString(zero)).append(" |\n");
                md.append("| paper, ").append(name).append(" |");
                for (int a : PaperPoints.FIG11_AFTER) {
                    double v = PaperPoints.fig11Value(setting, sel, a);
                    md.append(' ').append(Double.isNaN(v) ? "" : Double.toString(v)).append(" |");
                }
                md.append(" |\n");
                log.printf("fig 11 left: %s done%n", name);
            }
        }
        write("fig11-left.csv", csv);
        List<Charts.Panel> panels = new ArrayList<>();
        List<String> order = List.of("healer", "blind", "swapper");
        for (int k = 0; k < order.size(); k++) {
            // ours and paper hold rand healer, blind, swapper, then tail healer, blind, swapper
            panels.add(new Charts.Panel(order.get(k), "cycles after the crash (log scale)",
                    "dead links (% of all view entries)", true, List.of(ours.get(k), ours.get(k + 3)),
                    List.of(paper.get(k), paper.get(k + 3)), true));
        }
        Charts.panels(dir.resolve("fig11-dead-links.png"), String.format(Locale.ROOT,
                "Fig. 11 left: dead links after 50%% of N=%d crash at the end of cycle %d, c=30, pushpull, seed %d",
                nodes, cycles, seed), panels, 3);
        return md.toString();
    }

    /**
     * Fig. 11 right: cycles after a 50% crash until no dead link is left, against H (S = 0), rand and tail.
     *
     * @param hs    the values of H
     * @param seeds the seeds of each point (their mean is plotted, their range as an error bar)
     * @return the markdown table
     * @throws IOException if a file cannot be written
     */
    public String fig11Right(int[] hs, long[] seeds) throws IOException {
        List<Series> ours = new ArrayList<>();
        List<Series> paper = new ArrayList<>();
        StringBuilder csv = new StringBuilder("selection,H,seed,cycles_to_zero\n");
        StringBuilder md = new StringBuilder("| H | ours rand (seeds) | paper rand | ours tail (seeds) | paper tail |\n"
                + "|---|---|---|---|---|\n");
        String[][] cells = new String[hs.length][2];
        for (PeerSelection sel : PeerSelection.values()) {
            int col = sel == PeerSelection.RAND ? 0 : 1;
            double[] x = new double[hs.length];
            double[] y = new double[hs.length];
            double[] e = new double[hs.length];
            for (int i = 0; i < hs.length; i++) {
                int h = hs[i];
                double lo = Double.MAX_VALUE;
                double hi = -1;
                double sum = 0;
                StringBuilder each = new StringBuilder();
                for (long seed : seeds) {
                    Run r = Run.of(base(protocol(h, 0, sel), seed).cycles(cycles + 60).crash(cycles, 0.5).build());
                    int z = r.cyclesToNoDeadLinks();
                    double v = z < 0 ? Double.NaN : z;
                    csv.append(String.format(Locale.ROOT, "%s,%d,%d,%d%n", sel.label(), h, seed, z));
                    each.append(each.length() == 0 ? "" : ", ").append(z < 0 ? "> 60" : Integer.toString(z));
                    sum += v;
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                x[i] = h;
                y[i] = sum / seeds.length;
                e[i] = (hi - lo) / 2;
                cells[i][col] = each.toString();
                log.printf("fig 11 right: %s H=%d done%n", sel.label(), h);
            }
            ours.add(new Series("ours, " + sel.label() + " (mean, seed range)", x, y, e));
        }
        for (int col = 0; col < 2; col++) {
            double[] px = new double[PaperPoints.FIG11_RIGHT.length];
            double[] py = new double[px.length];
            double[] pe = new double[px.length];
            for (int i = 0; i < px.length; i++) {
                double[] pt = PaperPoints.FIG11_RIGHT[i];
                px[i] = pt[0];
                py[i] = (pt[1 + 2 * col] + pt[2 + 2 * col]) / 2;
                pe[i] = Double.isNaN(py[i]) ? 0 : (pt[2 + 2 * col] - pt[1 + 2 * col]) / 2;
            }
            paper.add(new Series("paper, " + (col == 0 ? "rand" : "tail") + " (plotted range)", px, py, pe));
        }
        for (int i = 0; i < hs.length; i++) {
            md.append("| ").append(hs[i]).append(" | ").append(cells[i][0]).append(" | ").append(paperRange(hs[i], 0))
                    .append(" | ").append(cells[i][1]).append(" | ").append(paperRange(hs[i], 1)).append(" |\n");
        }
        write("fig11-right.csv", csv);
        Charts.panels(dir.resolve("fig11-cycles-to-heal.png"), String.format(Locale.ROOT,
                "Fig. 11 right: cycles until no dead link is left after 50%% of N=%d crash, c=30, S=0", nodes),
                List.of(new Charts.Panel("rand and tail", "H (healing parameter)", "cycles after the crash", false,
                        ours, paper, true)), 1);
        return md.toString();
    }

    private static String paperRange(int h, int col) {
        for (double[] pt : PaperPoints.FIG11_RIGHT) {
            if (pt[0] == h && !Double.isNaN(pt[1 + 2 * col])) {
                double lo = pt[1 + 2 * col];
                double hi = pt[2 + 2 * col];
                return lo == hi ? String.format(Locale.ROOT, "%.0f", lo) : String.format(Locale.ROOT, "%.0f-%.0f", lo, hi);
            }
        }
        return "";
    }

    /**
     * Fig. 10: after {@code cycles} cycles, remove 65% to 95% of the nodes at random (no gossip after) and count
     * the nodes outside the largest cluster; rand blind, healer, swapper, and the random graph (the first views).
     *
     * @param runs runs per point: a fresh overlay (its own seed) per run, one removal per fraction
     * @return the markdown table
     * @throws IOException if a file cannot be written
     */
    public String fig10(int runs) throws IOException {
        double[] fractions = {0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95};
        String[] settings = {"blind", "healer", "swapper", "random graph"};
        double[][] outside = new double[settings.length][fractions.length];
        StringBuilder csv = new StringBuilder("setting,run,removed,outside_largest\n");
        OverlayAnalyzer analyzer = new OverlayAnalyzer();
        for (int s = 0; s < settings.length; s++) {
            boolean random = s == 3;
            for (int run = 0; run < runs; run++) {
                SimulationConfig config = base(named(random ? "blind" : settings[s], PeerSelection.RAND), 1000 + run)
                        .cycles(random ? 1 : cycles).build();
                try (CycleSimulator sim = new CycleSimulator(config)) {
                    for (int k = 0; !random && k < cycles; k++) {
                        sim.runCycle();
                    }
                    boolean[] all = sim.aliveSnapshot();
                    for (int f = 0; f < fractions.length; f++) {
                        sim.restoreAlive(all);
                        sim.crash(fractions[f]);
                        analyzer.analyze(0, sim);
                        int out = sim.aliveCount() - analyzer.largestComponent(sim);
                        outside[s][f] += out / (double) runs;
                        csv.append(String.format(Locale.ROOT, "%s,%d,%.2f,%d%n", settings[s], run, fractions[f], out));
                    }
                }
            }
            log.printf("fig 10: %s done (%d runs)%n", settings[s], runs);
        }
        List<Series> ours = new ArrayList<>();
        List<Series> paper = new ArrayList<>();
        double[] x = new double[fractions.length];
        for (int f = 0; f < fractions.length; f++) {
            x[f] = 100 * fractions[f];
        }
        StringBuilder md = new StringBuilder("| removed |");
        for (String s : settings) {
            md.append(" ours ").append(s).append(" | paper |");
        }
        md.append("\n|---|").append("---|---|".repeat(settings.length)).append('\n');
        for (int s = 0; s < settings.length; s++) {
            double[] py = new double[fractions.length];
            java.util.Arrays.fill(py, Double.NaN);
            for (double[] pt : PaperPoints.FIG10) {
                for (int f = 0; f < fractions.length; f++) {
                    if (Math.abs(pt[0] - fractions[f]) < 1e-9) {
                        py[f] = pt[1 + s];
                    }
                }
            }
            String label = s == 3 ? settings[s] : "rand " + settings[s];
            ours.add(new Series("ours, " + label, x, outside[s]));
            paper.add(new Series("paper, " + label, x, py));
        }
        for (int f = 0; f < fractions.length; f++) {
            md.append(String.format(Locale.ROOT, "| %.0f%% |", 100 * fractions[f]));
            for (int s = 0; s < settings.length; s++) {
                double p = paper.get(s).y()[f];
                md.append(String.format(Locale.ROOT, " %.2f | %s |", outside[s][f], Double.isNaN(p) ? "" : Double.toString(p)));
            }
            md.append('\n');
        }
        write("fig10.csv", csv);
        String x10 = "nodes removed (% of N)";
        String y10 = "nodes outside the largest cluster (mean)";
        Charts.panels(dir.resolve("fig10-partitioning.png"), String.format(Locale.ROOT,
                "Fig. 10: partitioning after removal, N=%d, c=30, %d runs per point", nodes, runs), List.of(
                new Charts.Panel("rand blind and healer", x10, y10, false, ours.subList(0, 2), paper.subList(0, 2), true),
                new Charts.Panel("rand swapper and the random graph (out-degree 30)", x10, y10, false, ours.subList(2, 4),
                        paper.subList(2, 4), true)), 2);
        return md.toString();
    }

    private void write(String name, CharSequence text) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), text);
    }

}
