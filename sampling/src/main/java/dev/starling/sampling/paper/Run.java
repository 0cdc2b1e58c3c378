package dev.starling.sampling.paper;

import dev.starling.sampling.analysis.OverlayStats;
import dev.starling.sampling.sim.CycleSimulator;
import dev.starling.sampling.sim.SimulationConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * One simulator run kept in memory, with the readings the paper's figures take from it.
 *
 * @param config the run
 * @param rows   one stats row per cycle, row k after k cycles
 */
public record Run(SimulationConfig config, List<OverlayStats> rows) {

    /**
     * @param config a run with stats every cycle
     * @return its rows
     */
    public static Run of(SimulationConfig config) {
        List<OverlayStats> rows = new ArrayList<>(config.cycles() + 1);
        try (CycleSimulator sim = new CycleSimulator(config)) {
            sim.run(rows::add, k -> { });
        }
        return new Run(config, rows);
    }

    /**
     * @param row a stats row
     * @return dead links as a percentage of all view entries of alive peers (the paper's Fig. 11 measure)
     */
    public static double deadPercent(OverlayStats row) {
        double live = row.inDegreeMean() * row.alive();
        double all = live + row.deadLinks();
        return all == 0 ? 0 : 100.0 * row.deadLinks() / all;
    }

    /** @param after cycles after the crash @return the dead-link percentage then, NaN past the end */
    public double deadPercentAfterCrash(int after) {
        int k = config.crashAt() + after;
        return k < rows.size() ? deadPercent(rows.get(k)) : Double.NaN;
    }

    /** @return cycles after the crash until no dead link is left, or -1 if some remain at the end */
    public int cyclesToNoDeadLinks() {
        for (int k = config.crashAt(); k < rows.size(); k++) {
            if (rows.get(k).deadLinks() == 0) {
                return k - config.crashAt();
            }
        }
        return -1;
    }

    /**
     * @param from first cycle
     * @param to   last cycle, included
     * @return the mean in-degree standard deviation over those rows
     */
    public double meanStd(int from, int to) {
        return rows.subList(from, to + 1).stream().mapToDouble(OverlayStats::inDegreeStd).average().orElse(Double.NaN);
    }
}
