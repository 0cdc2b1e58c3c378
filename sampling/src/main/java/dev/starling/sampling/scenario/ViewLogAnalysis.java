package dev.starling.sampling.scenario;

import dev.starling.sampling.analysis.Overlay;
import dev.starling.sampling.analysis.OverlayAnalyzer;
import dev.starling.sampling.analysis.OverlayStats;

import java.util.ArrayList;
import java.util.List;

/**
 * The overlay at each cycle, rebuilt from views.csv alone: a peer is alive at cycle k if it logged its view
 * at cycle k (crashed peers do not log), and its in-degree is how many alive peers' views hold it.
 */
public final class ViewLogAnalysis {
    private final int peers;
    private final int cycles;
    private final int[][][] views;
    private final OverlayAnalyzer analyzer = new OverlayAnalyzer();

    /**
     * @param records the log
     * @param peers   addresses are 0..peers-1
     * @param cycles  cycles 0..cycles-1 are analysed (a scenario of K cycles logs K + 1: 0 to K)
     */
    public ViewLogAnalysis(List<ViewRecord> records, int peers, int cycles) {
        this.peers = peers;
        this.cycles = cycles;
        this.views = new int[cycles][peers][];
        for (ViewRecord r : records) {
            if (r.cycle() >= 0 && r.cycle() < cycles && r.peer() >= 0 && r.peer() < peers) {
                views[(int) r.cycle()][r.peer()] = r.ids();
            }
        }
    }

    /** @return one stats row per cycle */
    public List<OverlayStats> stats() {
        List<OverlayStats> rows = new ArrayList<>(cycles);
        for (int k = 0; k < cycles; k++) {
            rows.add(analyzer.analyze(k, snapshot(k)));
        }
        return rows;
    }

    /**
     * @param cycle a cycle
     * @return the in-degree of every peer alive at that cycle
     */
    public int[] inDegrees(int cycle) {
        Overlay s = snapshot(cycle);
        analyzer.analyze(cycle, s);
        return analyzer.aliveInDegrees(s);
    }

    private Overlay snapshot(int cycle) {
        int[][] v = views[cycle];
        return new Overlay() {
            @Override
            public int peerCount() {
                return peers;
            }

            @Override
            public boolean isAlive(int peer) {
                return v[peer] != null;
            }

            @Override
            public int viewSize(int peer) {
                return v[peer].length;
            }

            @Override
            public int viewId(int peer, int i) {
                return v[peer][i];
            }
        };
    }
}
