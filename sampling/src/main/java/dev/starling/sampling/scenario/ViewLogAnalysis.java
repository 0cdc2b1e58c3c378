package dev.starling.sampling.scenario;

import dev.starling.sampling.analysis.Overlay;
import dev.starling.sampling.analysis.OverlayAnalyzer;
import dev.starling.sampling.analysis.OverlayStats;

import java.util.ArrayList;
import java.util.List;

/**
 * The overlay at each cycle, rebuilt from the view log. Who is alive at cycle k comes from the scenario's event
 * log (start, join, crash, recover); a peer's view at cycle k is its log of cycle k, or, when that log is
 * missing (its agent was starved and had not caught up), its latest earlier log since it last came up. A log of
 * cycle k written in a later cycle, or missing, counts as late for cycle k ({@link #lateCounts()}); a peer with
 * no log yet since it came up counts with the view the event log says it was given. Without an
 * event log (a views.csv alone), a peer is taken as alive at cycle k when it logged cycle k.
 */
public final class ViewLogAnalysis {
    private static final int[] NONE = new int[0];

    private final int peers;
    private final int cycles;
    private final int[][][] views;
    private final boolean[][] alive;
    private final int[] late;
    private final OverlayAnalyzer analyzer = new OverlayAnalyzer();

    /**
     * Liveness from the logs alone: a peer is alive at cycle k if it logged cycle k.
     *
     * @param records the log
     * @param peers   addresses are 0..peers-1
     * @param cycles  cycles 0..cycles-1 are analysed (a scenario of K cycles logs K + 1: 0 to K)
     */
    public ViewLogAnalysis(List<ViewRecord> records, int peers, int cycles) {
        this(records, null, peers, cycles);
    }

    /**
     * @param records the log
     * @param events  the scenario's events, or null to read liveness from the logs
     * @param peers   addresses are 0..peers-1
     * @param cycles  cycles 0..cycles-1 are analysed
     */
    public ViewLogAnalysis(List<ViewRecord> records, List<ScenarioEvent> events, int peers, int cycles) {
        this.peers = peers;
        this.cycles = cycles;
        int[][][] logged = new int[cycles][peers][];
        boolean[][] lateLog = new boolean[cycles][peers];
        for (ViewRecord r : records) {
            if (r.cycle() >= 0 && r.cycle() < cycles && r.peer() >= 0 && r.peer() < peers) {
                logged[(int) r.cycle()][r.peer()] = r.ids();
                lateLog[(int) r.cycle()][r.peer()] = r.late();
            }
        }
        this.late = new int[cycles];
        if (events == null) {
            this.views = logged;
            this.alive = new boolean[cycles][peers];
            for (int k = 0; k < cycles; k++) {
                for (int p = 0; p < peers; p++) {
                    alive[k][p] = logged[k][p] != null;
                    if (alive[k][p] && lateLog[k][p]) {
                        late[k]++;
                    }
                }
            }
            return;
        }
        this.alive = ScenarioEvent.aliveByCycle(events, peers, cycles);
        this.views = new int[cycles][peers][];
        int[][][] given = new int[cycles][peers][];
        for (ScenarioEvent e : events) {
            if (e.kind().up() && e.cycle() >= 0 && e.cycle() < cycles && e.peer() >= 0 && e.peer() < peers) {
                given[e.cycle()][e.peer()] = e.view();
            }
        }
        for (int p = 0; p < peers; p++) {
            int[] last = NONE;
            for (int k = 0; k < cycles; k++) {
                if (given[k][p] != null) {
                    last = given[k][p]; // started, joined or came back with this view
                }
                if (!alive[k][p]) {
                    continue;
                }
                if (logged[k][p] != null) {
                    last = logged[k][p];
                    if (lateLog[k][p]) {
                        late[k]++;
                    }
                } else {
                    late[k]++;
                }
                views[k][p] = last;
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

    /** @return per cycle, the alive peers whose log of that cycle came late or never came */
    public int[] lateCounts() {
        return late.clone();
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
        boolean[] up = alive[cycle];
        return new Overlay() {
            @Override
            public int peerCount() {
                return peers;
            }

            @Override
            public boolean isAlive(int peer) {
                return up[peer];
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
