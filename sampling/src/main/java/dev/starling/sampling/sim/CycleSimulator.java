package dev.starling.sampling.sim;

import dev.starling.sampling.analysis.Overlay;
import dev.starling.sampling.analysis.OverlayAnalyzer;
import dev.starling.sampling.analysis.OverlayStats;
import dev.starling.sampling.bootstrap.BootstrapServer;
import dev.starling.sampling.bootstrap.Topology;
import dev.starling.sampling.protocol.PeerSelection;
import dev.starling.sampling.protocol.Propagation;
import dev.starling.sampling.protocol.ProtocolConfig;
import dev.starling.sampling.protocol.View;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The cycle-driven simulator (PeerSim's model): each cycle, every alive peer in a fresh random order runs
 * one exchange, atomically, with the partner its view selects; an exchange with a crashed partner fails and
 * the active peer only ages its view. Runs the same {@link View} code as the agent runtime. One seeded
 * {@link SplittableRandom} drives everything, so a seed fixes the result.
 *
 * <p>Addresses {@code 0..nodes-1} start alive; with churn, the addresses after them are handed, in order,
 * to the peers that join, so a new peer never inherits the descriptors left behind by a crashed one.
 */
public final class CycleSimulator implements Overlay {
    private final SimulationConfig config;
    private final ProtocolConfig protocol;
    private final View[] views;
    private final boolean[] alive;
    private final int[] order;
    private final View sent;
    private final View answered;
    private final SplittableRandom rng;
    private int aliveCount;
    private int cycle;
    private int nextAddress;

    /** @param config the run's parameters; the first views are filled here */
    public CycleSimulator(SimulationConfig config) {
        this.config = config;
        this.protocol = config.protocol();
        int n = config.nodes();
        int addresses = n + config.churnAddresses();
        this.rng = new SplittableRandom(config.seed());
        this.views = new View[addresses];
        this.alive = new boolean[addresses];
        this.order = new int[addresses];
        this.sent = new View(protocol.bufferSize());
        this.answered = new View(protocol.bufferSize());
        for (int p = 0; p < addresses; p++) {
            views[p] = new View(protocol.viewCapacity());
            alive[p] = p < n;
        }
        aliveCount = n;
        nextAddress = n;
        initialize();
    }

    private void initialize() {
        int n = config.nodes();
        int c = protocol.viewSize();
        switch (config.initialization()) {
            case RANDOM -> {
                int want = Math.min(c, n - 1);
                for (int p = 0; p < n; p++) {
                    View v = views[p];
                    while (v.size() < want) {
                        int q = rng.nextInt(n);
                        if (q != p && !v.contains(q)) {
                            v.add(q, 0);
                        }
                    }
                }
            }
            case TREE, LIST -> {
                BootstrapServer server = BootstrapServer.create(
                        config.initialization() == Initialization.TREE ? Topology.TREE : Topology.LIST);
                for (int p = 0; p < n; p++) {
                    server.add(p);
                }
                for (int p = 0; p < n; p++) {
                    for (int q : server.getNeighbors(p)) {
                        if (views[p].size() < c) {
                            views[p].add(q, 0);
                        }
                    }
                }
            }
        }
    }

    /**
     * Runs all cycles. Emits row 0 (the first views) then one row per cycle; the crash if any, then churn,
     * happen at the end of the cycle, before that cycle's row, so the row shows the overlay just after them.
     *
     * @param rows     receives each cycle's stats
     * @param progress told each finished cycle
     */
    public void run(Consumer<OverlayStats> rows, IntConsumer progress) {
        OverlayAnalyzer analyzer = new OverlayAnalyzer();
        rows.accept(analyzer.analyze(0, this));
        for (int k = 1; k <= config.cycles(); k++) {
            runCycle();
            if (k == config.crashAt()) {
                crash(config.crashFraction());
            }
            if (config.churn() > 0) {
                churn(config.churn()); // after the crash: a new peer's contact is alive when it joins
            }
            rows.accept(analyzer.analyze(k, this));
            progress.accept(k);
        }
    }

    /** Runs one cycle: every alive peer, in random order, starts one exchange. */
    public void runCycle() {
        int n = 0;
        for (int p = 0; p < views.length; p++) {
            if (alive[p]) {
                order[n++] = p;
            }
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        PeerSelection selection = protocol.selection();
        boolean pull = protocol.propagation() == Propagation.PUSHPULL;
        for (int i = 0; i < n; i++) {
            int p = order[i];
            View active = views[p];
            int q = active.selectPartner(selection, rng);
            if (q >= 0) {
                active.buildBuffer(p, protocol, rng, sent);
                if (alive[q]) {
                    View passive = views[q];
                    if (pull) {
                        passive.buildBuffer(q, protocol, rng, answered);
                    }
                    passive.merge(q, protocol, sent, rng);
                    passive.incrementAges();
                    if (pull) {
                        active.merge(p, protocol, answered, rng);
                    }
                }
            }
            active.incrementAges();
        }
        cycle++;
    }

    /**
     * Crashes a fraction of the alive peers, chosen uniformly at random. Their descriptors stay in other
     * views: those are the dead links.
     *
     * @param fraction in [0, 1]
     */
    public void crash(double fraction) {
        int n = 0;
        for (int p = 0; p < views.length; p++) {
            if (alive[p]) {
                order[n++] = p;
            }
        }
        int victims = (int) Math.round(fraction * n);
        for (int i = 0; i < victims; i++) {
            int j = i + rng.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            alive[order[i]] = false;
        }
        aliveCount -= victims;
    }

    /**
     * Replaces {@code round(fraction x alive)} alive peers, chosen uniformly at random, by as many new peers
     * under fresh addresses; each new peer's first view holds one random survivor, as a join through a
     * contact does. The crashed peers' descriptors stay in other views as dead links.
     *
     * @param fraction in [0, 1): at least one peer survives to be the contact
     * @throws IllegalStateException when the addresses reserved for churn are used up
     */
    public void churn(double fraction) {
        int n = 0;
        for (int p = 0; p < nextAddress; p++) {
            if (alive[p]) {
                order[n++] = p;
            }
        }
        int victims = Math.min((int) Math.round(fraction * n), n - 1);
        if (victims <= 0) {
            return;
        }
        if (nextAddress + victims > views.length) {
            throw new IllegalStateException("churn needs more addresses than the configuration reserved");
        }
        for (int i = 0; i < victims; i++) {
            int j = i + rng.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            alive[order[i]] = false;
        }
        int survivors = n - victims;
        for (int i = 0; i < victims; i++) {
            int p = nextAddress++;
            int contact = order[victims + rng.nextInt(survivors)];
            views[p].clear();
            views[p].add(contact, 0);
            alive[p] = true;
        }
    }

    /** @return cycles run so far */
    public int cycle() {
        return cycle;
    }

    /** @return alive peers */
    public int aliveCount() {
        return aliveCount;
    }

    /** @param peer address @return its view (live, not a copy) */
    public View view(int peer) {
        return views[peer];
    }

    @Override
    public int peerCount() {
        return views.length;
    }

    @Override
    public boolean isAlive(int peer) {
        return alive[peer];
    }

    @Override
    public int viewSize(int peer) {
        return views[peer].size();
    }

    @Override
    public int viewId(int peer, int i) {
        return views[peer].id(i);
    }
}
