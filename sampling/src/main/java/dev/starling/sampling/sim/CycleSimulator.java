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
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The cycle-driven simulator (PeerSim's model): each cycle, every alive peer in a fresh random order runs one
 * exchange, atomically, with the partner its view selects. The modelling choices the paper leaves open are the
 * switches of {@link Model}; the default follows the paper's text. Runs the same {@link View} code as the agent
 * runtime.
 *
 * <p><b>Layout.</b> Every peer is one run of longs in one flat array: its random stream's state, then its view
 * ({@link View#stride} longs: the size, then one {@code age << 32 | id} long per descriptor), worked on through
 * flyweights: a peer's whole state is a few adjacent cache lines, and an exchange misses the cache on two runs.
 *
 * <p><b>Determinism on several cores.</b> One seeded {@link SplittableRandom} draws the first views, each
 * cycle's order and the crashes; every exchange draws only from its two peers' own streams
 * ({@link PeerRandom}). The cycle's exchanges are cut, in order, into rounds of exchanges that touch disjoint
 * peers: a round ends just before the first exchange whose active side, or chosen partner, is already in it.
 * Exchanges within a round do not see each other, so running a round's halves on two threads gives exactly
 * the state that running them one after the other gives: the same seed gives the same output whatever the
 * number of threads (tested).
 *
 * <p>Addresses {@code 0..nodes-1} start alive; with churn, the addresses after them are handed, in order, to the
 * peers that join, so a new peer never inherits the descriptors left behind by a crashed one.
 */
public final class CycleSimulator implements Overlay, AutoCloseable {
    private static final int ROUND_LIMIT = 4096;
    /**
     * Turns read ahead together: every {@code BATCH} turns, the runs of the active peers {@code 2 BATCH} to
     * {@code 3 BATCH} turns ahead are read, and the runs of the partners that the peers {@code BATCH} to
     * {@code 2 BATCH} turns ahead would pick now (their own runs were read a batch before).
     */
    private static final int BATCH = 8;

    private final SimulationConfig config;
    private final ProtocolConfig protocol;
    private final Model model;
    private final int stride;
    private final long[] data;
    private final boolean[] alive;
    private final int[] order;
    private final SplittableRandom rng;
    private final boolean pull;
    private final Lane main;
    private final View planner;
    private final PeerRandom plannerRandom;
    private final View scout;
    private final PeerRandom scoutRandom;
    /** What {@link #prefetch} read, summed: only there so that its reads are not removed as unused. */
    private long sink;
    // rounds (threads > 1)
    private final int[] touched;
    private final int[] roundActive;
    private final int[] roundPartner;
    private final Worker worker;
    private int roundSize;
    private int roundStamp = 1;
    private int aliveCount;
    private int cycle;
    private int nextAddress;
    private long rounds;

    /** @param config the run's parameters; the first views are filled here */
    public CycleSimulator(SimulationConfig config) {
        this.config = config;
        this.protocol = config.protocol();
        this.model = config.model();
        int n = config.nodes();
        int addresses = n + config.churnAddresses();
        this.rng = new SplittableRandom(config.seed());
        this.stride = 1 + View.stride(protocol.viewCapacity());
        this.data = new long[Math.multiplyExact(addresses, stride)];
        this.alive = new boolean[addresses];
        this.order = new int[addresses];
        long[] states = PeerRandom.seed(config.seed(), addresses);
        for (int p = 0; p < addresses; p++) {
            data[p * stride] = states[p];
        }
        this.pull = protocol.propagation() == Propagation.PUSHPULL;
        this.main = new Lane();
        this.planner = View.flyweight(protocol.viewCapacity());
        this.plannerRandom = new PeerRandom(data, stride);
        this.scout = View.flyweight(protocol.viewCapacity());
        this.scoutRandom = new PeerRandom(data, stride);
        for (int p = 0; p < n; p++) {
            alive[p] = true;
        }
        aliveCount = n;
        nextAddress = n;
        if (config.threads() > 1) {
            touched = new int[addresses];
            roundActive = new int[ROUND_LIMIT];
            roundPartner = new int[ROUND_LIMIT];
            worker = new Worker();
            worker.start();
        } else {
            touched = null;
            roundActive = null;
            roundPartner = null;
            worker = null;
        }
        initialize();
    }

    private View view(int peer, View flyweight) {
        return flyweight.wrap(data, peer * stride + 1);
    }

    private void initialize() {
        int n = config.nodes();
        int c = protocol.viewSize();
        View v = View.flyweight(protocol.viewCapacity());
        switch (config.initialization()) {
            case RANDOM -> {
                int want = Math.min(c, n - 1);
                for (int p = 0; p < n; p++) {
                    view(p, v);
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
                    view(p, v);
                    for (int q : server.getNeighbors(p)) {
                        if (v.size() < c) {
                            v.add(q, 0);
                        }
                    }
                }
            }
        }
    }

    /**
     * Runs all cycles with a stats row every cycle; see {@link #run(Consumer, IntConsumer, int)}.
     *
     * @param rows     receives each cycle's stats
     * @param progress told each finished cycle
     */
    public void run(Consumer<OverlayStats> rows, IntConsumer progress) {
        run(rows, progress, 1);
    }

    /**
     * Runs all cycles. Emits row 0 (the first views), then a row after every {@code statsEvery}-th cycle and
     * after the last; the crash if any, then churn, happen by the end of their cycle, before that cycle's row,
     * so the row shows the overlay just after them.
     *
     * @param rows       receives the stats rows
     * @param progress   told each finished cycle
     * @param statsEvery a row every this many cycles, at least 1
     */
    public void run(Consumer<OverlayStats> rows, IntConsumer progress, int statsEvery) {
        if (statsEvery < 1) {
            throw new IllegalArgumentException("stats every must be at least 1, was " + statsEvery);
        }
        OverlayAnalyzer analyzer = new OverlayAnalyzer();
        rows.accept(analyzer.analyze(0, this));
        for (int k = 1; k <= config.cycles(); k++) {
            boolean crashNow = k == config.crashAt();
            if (crashNow && model.crash() == Model.CrashPoint.MID) {
                runCycle(true);
            } else {
                runCycle(false);
                if (crashNow) {
                    crash(config.crashFraction());
                }
            }
            if (config.churn() > 0) {
                churn(config.churn()); // after the crash: a new peer's contact is alive when it joins
            }
            if (k % statsEvery == 0 || k == config.cycles()) {
                rows.accept(analyzer.analyze(k, this));
            }
            progress.accept(k);
        }
    }

    /** Runs one cycle: every alive peer, in the model's order, starts one exchange. */
    public void runCycle() {
        runCycle(false);
    }

    private void runCycle(boolean crashHalfway) {
        int n = 0;
        for (int p = 0; p < nextAddress; p++) {
            if (alive[p]) {
                order[n++] = p;
            }
        }
        if (model.order() == Model.Order.SHUFFLE) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        if (crashHalfway) {
            int half = n / 2;
            int[] turns = java.util.Arrays.copyOf(order, n);
            exchanges(turns, 0, half);
            crash(config.crashFraction());
            exchanges(turns, half, n);
        } else {
            exchanges(order, 0, n);
        }
        if (model.aging() == Model.Aging.CYCLE) {
            View v = main.active;
            for (int p = 0; p < nextAddress; p++) {
                if (alive[p]) {
                    view(p, v).incrementAges();
                }
            }
        }
        cycle++;
    }

    /** The turns {@code from..to-1} of {@code turns}, skipping peers no longer alive. */
    private void exchanges(int[] turns, int from, int to) {
        boolean live = model.partner() == Model.Partner.LIVE;
        PeerSelection selection = protocol.selection();
        for (int i = from; i < to; i++) {
            if (((i - from) & (BATCH - 1)) == 0) {
                sink += readAhead(turns, i, to, live, selection);
            }
            int p = turns[i];
            if (!alive[p]) {
                continue;
            }
            if (worker != null && touched[p] == roundStamp) {
                flushRound();
            }
            View v = view(p, planner);
            PeerRandom r = plannerRandom.at(p);
            // with every address handed out still alive, every entry names a live peer: both selections give the
            // same partner with the same draw, and the plain one reads no liveness
            int q = live && aliveCount < nextAddress ? v.selectLivePartner(selection, r, alive)
                    : v.selectPartner(selection, r);
            r.save();
            if (worker == null) {
                exchange(p, q, main);
                continue;
            }
            if (q >= 0 && touched[q] == roundStamp) {
                flushRound();
            }
            touched[p] = roundStamp;
            if (q >= 0) {
                touched[q] = roundStamp;
            }
            roundActive[roundSize] = p;
            roundPartner[roundSize] = q;
            if (++roundSize == ROUND_LIMIT) {
                flushRound();
            }
        }
        if (worker != null) {
            flushRound();
        }
    }

    /**
     * Reads ahead, at turn {@code i}, the runs of the active peers of turns {@code i + 2 BATCH} to
     * {@code i + 3 BATCH} and of the partners that the peers of turns {@code i + BATCH} to {@code i + 2 BATCH}
     * would pick now: the cache misses of a batch of exchanges are all in flight together, and overlap the
     * exchanges before them, instead of following one another exchange by exchange.
     *
     * @return a sum of what was read, kept so that the reads are not dropped
     */
    private long readAhead(int[] turns, int i, int to, boolean live, PeerSelection selection) {
        long sum = 0;
        for (int k = i + 2 * BATCH, end = Math.min(to, i + 3 * BATCH); k < end; k++) {
            sum += touch(turns[k]);
        }
        for (int k = i + BATCH, end = Math.min(to, i + 2 * BATCH); k < end; k++) {
            sum += prefetch(turns[k], live, selection);
        }
        return sum;
    }

    /**
     * Reads the run of the partner that peer {@code p} would pick now (its own run was read a batch before, so the
     * pick does not wait on memory). The pick's draw is not saved: the stream is left as it was, and if an exchange
     * in between changes the pick, only the read was wasted.
     *
     * @return a sum of what was read, kept so that the reads are not dropped
     */
    private long prefetch(int p, boolean live, PeerSelection selection) {
        if (!alive[p]) {
            return 0;
        }
        View v = view(p, scout);
        PeerRandom r = scoutRandom.at(p);
        int q = live && aliveCount < nextAddress ? v.selectLivePartner(selection, r, alive)
                : v.selectPartner(selection, r);
        return q >= 0 ? touch(q) : 0;
    }

    /** @return the sum of one long per cache line of a peer's run */
    private long touch(int peer) {
        long sum = 0;
        for (int k = peer * stride, end = k + stride; k < end; k += 8) {
            sum += data[k];
        }
        return sum;
    }

    /** Runs the pending round: its second half on the worker, its first half here, then waits. */
    private void flushRound() {
        int m = roundSize;
        if (m > 0) {
            rounds++;
            int half = m < 16 ? m : m / 2;
            if (half < m) {
                worker.submit(half, m);
            }
            for (int i = 0; i < half; i++) {
                exchange(roundActive[i], roundPartner[i], main);
            }
            if (half < m) {
                worker.await();
            }
        }
        roundSize = 0;
        if (++roundStamp == 0) { // wrapped: clear so that no stale stamp matches
            java.util.Arrays.fill(touched, 0);
            roundStamp = 1;
        }
    }

    /** One exchange of active peer {@code p} with partner {@code q} ({@code -1}: none), on a lane's buffers. */
    private void exchange(int p, int q, Lane lane) {
        View active = view(p, lane.active);
        PeerRandom rp = lane.activeRandom.at(p);
        boolean ageNow = model.aging() == Model.Aging.EXCHANGE;
        lane.turns++;
        if (q >= 0) {
            active.buildBuffer(p, protocol, rp, lane.sent);
            if (!alive[q]) {
                lane.failed++;
            } else {
                View passive = view(q, lane.passive);
                PeerRandom rq = lane.passiveRandom.at(q);
                boolean before = model.reply() == Model.Reply.BEFORE;
                if (pull && before) {
                    passive.buildBuffer(q, protocol, rq, lane.answered);
                }
                passive.merge(q, protocol, lane.sent, rq);
                if (ageNow) {
                    passive.incrementAges();
                }
                if (pull && !before) {
                    passive.buildBuffer(q, protocol, rq, lane.answered);
                }
                if (pull) {
                    active.merge(p, protocol, lane.answered, rp);
                }
                rq.save();
            }
            rp.save();
        }
        if (ageNow) {
            active.incrementAges();
        }
    }

    /**
     * Crashes a fraction of the alive peers, chosen uniformly at random. Their descriptors stay in other
     * views: those are the dead links.
     *
     * @param fraction in [0, 1]
     */
    public void crash(double fraction) {
        int n = 0;
        for (int p = 0; p < nextAddress; p++) {
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

    /** @return a copy of who is alive, for {@link #restoreAlive} (the partitioning experiment) */
    public boolean[] aliveSnapshot() {
        return alive.clone();
    }

    /** @param snapshot who is alive, from {@link #aliveSnapshot} of this simulator */
    public void restoreAlive(boolean[] snapshot) {
        System.arraycopy(snapshot, 0, alive, 0, alive.length);
        int n = 0;
        for (boolean a : alive) {
            n += a ? 1 : 0;
        }
        aliveCount = n;
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
        if (nextAddress + victims > alive.length) {
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
        View v = main.active;
        for (int i = 0; i < victims; i++) {
            int p = nextAddress++;
            int contact = order[victims + rng.nextInt(survivors)];
            view(p, v).clear();
            v.add(contact, 0);
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

    /** @return rounds of disjoint exchanges run so far (0 on one thread) */
    public long rounds() {
        return rounds;
    }

    /** Tests: replaces a peer's view with {@code id, age} pairs. */
    void setView(int peer, int... idAgePairs) {
        View v = view(peer, View.flyweight(protocol.viewCapacity()));
        v.clear();
        for (int i = 0; i < idAgePairs.length; i += 2) {
            v.add(idAgePairs[i], idAgePairs[i + 1]);
        }
    }

    /** Tests: marks a peer alive or crashed. */
    void setAlive(int peer, boolean up) {
        if (alive[peer] != up) {
            aliveCount += up ? 1 : -1;
        }
        alive[peer] = up;
    }

    /** Tests: peer {@code p}'s turn alone, as within a cycle. */
    void turn(int p) {
        exchanges(new int[] {p}, 0, 1);
    }

    /** @return active turns taken so far: one per alive peer per cycle */
    public long turns() {
        return main.turns + (worker == null ? 0 : worker.lane.turns);
    }

    /** @return exchanges that failed because the chosen partner was dead (none with live partners only) */
    public long failedExchanges() {
        return main.failed + (worker == null ? 0 : worker.lane.failed);
    }

    /** @param peer address @return a copy of its view */
    public View view(int peer) {
        View copy = new View(protocol.viewCapacity());
        copy.copyFrom(view(peer, View.flyweight(protocol.viewCapacity())));
        return copy;
    }

    @Override
    public int peerCount() {
        return alive.length;
    }

    @Override
    public boolean isAlive(int peer) {
        return alive[peer];
    }

    @Override
    public int viewSize(int peer) {
        return (int) data[peer * stride + 1];
    }

    @Override
    public int viewId(int peer, int i) {
        return View.idOf(data[peer * stride + 2 + i]);
    }

    /** Stops the worker thread, if any. */
    @Override
    public void close() {
        if (worker != null) {
            worker.shutdown();
        }
    }

    /** A thread's flyweights and buffers. */
    private final class Lane {
        final View active = View.flyweight(protocol.viewCapacity());
        final View passive = View.flyweight(protocol.viewCapacity());
        final View sent = new View(protocol.bufferSize());
        final View answered = new View(protocol.bufferSize());
        final PeerRandom activeRandom = new PeerRandom(data, stride);
        final PeerRandom passiveRandom = new PeerRandom(data, stride);
        long turns;
        long failed;
    }

    /**
     * The second thread: runs the part of a round it is handed and says when it is done. It spins briefly
     * between rounds (they follow each other within microseconds) and parks when the simulator is idle.
     */
    private final class Worker extends Thread {
        private final Lane lane = new Lane();
        private volatile int submitted;
        private volatile int done;
        private volatile boolean parked;
        private volatile boolean stop;
        private int from;
        private int to;

        Worker() {
            super("gossip-sim-worker");
            setDaemon(true);
        }

        void submit(int start, int end) {
            from = start;
            to = end;
            submitted = submitted + 1; // volatile write publishes from, to and the round's arrays
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        void await() {
            int target = submitted;
            int spins = 0;
            while (done != target) {
                if (++spins > 100_000) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
        }

        void shutdown() {
            stop = true;
            LockSupport.unpark(this);
            try {
                join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            int seen = 0;
            while (!stop) {
                int spins = 0;
                while (submitted == seen && !stop) {
                    if (++spins < 20_000) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (submitted == seen && !stop) {
                            LockSupport.parkNanos(1_000_000);
                        }
                        parked = false;
                    }
                }
                if (stop) {
                    return;
                }
                seen = submitted;
                for (int i = from; i < to; i++) {
                    exchange(roundActive[i], roundPartner[i], lane);
                }
                done = seen;
            }
        }
    }
}
