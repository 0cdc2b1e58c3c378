package dev.starling.sampling.paper;

import dev.starling.sampling.protocol.Duplicates;
import dev.starling.sampling.protocol.PeerSelection;
import dev.starling.sampling.protocol.ProtocolConfig;
import dev.starling.sampling.sim.Model;
import dev.starling.sampling.sim.SimulationConfig;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Section 2 of the comparison: the self-healing after a 50% crash under each modelling switch, one switch
 * changed at a time from the default, against the paper's Fig. 11. Deterministic: same seeds, same table.
 */
public final class SwitchTable {
    /** Cycles after the crash shown in the table. */
    static final int[] AFTER = {1, 2, 3, 4, 5, 10, 20, 50, 100};

    /** A labelled variant: the protocol's duplicate placement and the simulator's model. */
    public record Variant(String label, Duplicates duplicates, Model model) {
    }

    private final int nodes;
    private final int crashAt;
    private final long[] seeds;
    private final int threads;

    /**
     * @param nodes   N
     * @param crashAt cycle at whose end half the nodes crash; the runs go 100 cycles past it
     * @param seeds   the seeds of each cell
     * @param threads simulator threads
     */
    public SwitchTable(int nodes, int crashAt, long[] seeds, int threads) {
        this.nodes = nodes;
        this.crashAt = crashAt;
        this.seeds = seeds.clone();
        this.threads = threads;
    }

    /** @return the default and one variant per switch */
    public static List<Variant> variants() {
        Model m = Model.PAPER;
        Duplicates d = PaperPoints.DEFAULT_DUPLICATES;
        Duplicates other = d == Duplicates.FIRST ? Duplicates.FRESHER : Duplicates.FIRST;
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("default (paper's text)", d, m));
        v.add(new Variant("partner=any (a dead partner fails the exchange)", d, m.withPartner(Model.Partner.ANY)));
        v.add(new Variant("duplicates=" + other.label(), other, m));
        v.add(new Variant("aging=cycle", d, m.withAging(Model.Aging.CYCLE)));
        v.add(new Variant("order=fixed", d, m.withOrder(Model.Order.FIXED)));
        v.add(new Variant("reply=after", d, m.withReply(Model.Reply.AFTER)));
        v.add(new Variant("crash=mid", d, m.withCrash(Model.CrashPoint.MID)));
        v.add(new Variant("partner=any, duplicates=" + other.label(), other, m.withPartner(Model.Partner.ANY)));
        return v;
    }

    /**
     * @param setting  blind, healer or swapper
     * @param sel      rand or tail
     * @param variant  the switches
     * @param seed     the seed
     * @return the configuration of one cell's run
     */
    public SimulationConfig config(String setting, PeerSelection sel, Variant variant, long seed) {
        ProtocolConfig p = ProtocolConfig.named(setting, 30).toBuilder().selection(sel)
                .duplicates(variant.duplicates()).build();
        return SimulationConfig.builder().nodes(nodes).protocol(p).cycles(crashAt + 100).crash(crashAt, 0.5)
                .model(variant.model()).seed(seed).threads(threads).build();
    }

    /**
     * Runs every variant for rand healer, blind and swapper and returns the markdown table.
     *
     * @param variants the rows
     * @param log      progress
     * @return the table
     */
    public String run(List<Variant> variants, PrintStream log) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "N=%d, c=30, pushpull, rand, 50%% crash at the end of cycle %d; "
                + "dead links as %% of the alive nodes' view entries, k cycles after the crash; seeds %s "
                + "(one line per seed)%n%n", nodes, crashAt, java.util.Arrays.toString(seeds)));
        sb.append("| setting | variant | seed |");
        for (int a : AFTER) {
            sb.append(" +").append(a).append(" |");
        }
        sb.append(" cycles to 0 | std before crash |\n|---|---|---|");
        sb.append("---|".repeat(AFTER.length)).append("---|---|\n");
        for (String setting : List.of("healer", "blind", "swapper")) {
            sb.append("| ").append(setting).append(" | **paper, Fig. 11** | |");
            for (int a : AFTER) {
                sb.append(' ').append(PaperPoints.fig11(setting, PeerSelection.RAND, a)).append(" |");
            }
            sb.append(' ').append(PaperPoints.fig11Zero(setting)).append(" | ")
                    .append(PaperPoints.convergedStd(setting, PeerSelection.RAND)).append(" |\n");
            for (Variant v : variants) {
                for (long seed : seeds) {
                    Run r = Run.of(config(setting, PeerSelection.RAND, v, seed));
                    sb.append("| ").append(setting).append(" | ").append(v.label()).append(" | ").append(seed).append(" |");
                    for (int a : AFTER) {
                        sb.append(String.format(Locale.ROOT, " %.2f |", r.deadPercentAfterCrash(a)));
                    }
                    int zero = r.cyclesToNoDeadLinks();
                    sb.append(' ').append(zero < 0 ? "> 100" : Integer.toString(zero)).append(" | ");
                    sb.append(String.format(Locale.ROOT, "%.2f |%n", r.meanStd(crashAt - 50, crashAt - 1)));
                    log.print(sb.substring(sb.lastIndexOf("\n", sb.length() - 2) + 1));
                }
            }
        }
        return sb.toString();
    }
}
