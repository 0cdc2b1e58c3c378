package dev.starling.sampling.runtime;

import dev.starling.sampling.analysis.Overlay;
import dev.starling.sampling.analysis.OverlayAnalyzer;
import dev.starling.sampling.analysis.OverlayStats;
import dev.starling.sampling.protocol.ProtocolConfig;
import dev.starling.sampling.protocol.View;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults in the overlay, on the agent runtime stepped by a {@link ManualClock} (25 ms cycles, two agents, so
 * the exchange timeouts of 12 ms are exact whatever the machine's load): 1% of the
 * peers replaced every cycle, then 60% crashing at once. The alive peers' overlay (built from the
 * views they log each cycle) stays one component with the healer and its dead links drain; the
 * requests sent to crashed peers are dropped and their exchanges time out, ever fewer as the dead
 * links drain, and nothing throws inside an agent.
 */
class GossipFaultRuntimeTest {

    private static final int PEERS = 300;
    private static final int C = 20;
    private static final int PERIOD_MS = 25;
    private static final int CRASH_AT = 30;
    private static final int END = 70;
    private static final double CHURN = 0.01;
    private static final int ADDRESSES = PEERS + (END + 1) * (int) Math.ceil(CHURN * PEERS);

    /** The overlay as the test sees it: who it started and has not crashed, and each peer's last logged view. */
    private static final class Snapshot implements Overlay, ViewListener {
        final boolean[] alive = new boolean[ADDRESSES];
        final AtomicReferenceArray<int[]> views = new AtomicReferenceArray<>(ADDRESSES);

        @Override
        public void onView(long cycle, int peer, View view) {
            int[] ids = new int[view.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = view.id(i);
            }
            views.set(peer, ids);
        }

        @Override
        public int peerCount() {
            return ADDRESSES;
        }

        @Override
        public boolean isAlive(int peer) {
            return alive[peer];
        }

        @Override
        public int viewSize(int peer) {
            return views.get(peer).length;
        }

        @Override
        public int viewId(int peer, int i) {
            return views.get(peer)[i];
        }

        List<Integer> alivePeers() {
            List<Integer> list = new ArrayList<>();
            for (int p = 0; p < ADDRESSES; p++) {
                if (alive[p]) {
                    list.add(p);
                }
            }
            return list;
        }
    }

    @Test
    void shouldHealUnderChurnAndAfterASixtyPercentCrashWithoutErrorsPilingUp() throws Exception {
        Snapshot overlay = new Snapshot();
        AtomicLong caught = new AtomicLong();
        RuntimeContext ctx = new RuntimeContext().agents(2).maxPeers(ADDRESSES).cyclePeriodMs(PERIOD_MS)
                .clock(new ManualClock()).protocol(ProtocolConfig.named("healer", C))
                .seed(5).viewListener(overlay).errorHandler(t -> caught.incrementAndGet());
        SplittableRandom random = new SplittableRandom(5);
        OverlayAnalyzer analyzer = new OverlayAnalyzer();
        List<OverlayStats> rows = new ArrayList<>();
        long[] dropped = new long[END + 1];
        long[] timeouts = new long[END + 1];
        try (PeerRuntime runtime = new PeerRuntime(ctx).start()) {
            for (int p = 0; p < PEERS; p++) {
                int[] first = randomPeers(random, p, PEERS);
                overlay.views.set(p, first);
                overlay.alive[p] = true;
                runtime.startPeer(p, first);
            }
            int next = PEERS;
            // a joiner knows only its contact until its first exchange: the contact stays up two cycles,
            // as a bootstrap contact does, or the joiner would be stranded before it ever gossiped
            int[] contactUntil = new int[ADDRESSES];
            for (int k = 1; k <= END; k++) {
                runtime.awaitCycle(k);
                rows.add(analyzer.analyze(k, overlay)); // the views logged during cycle k - 1
                dropped[k] = runtime.dropped();
                timeouts[k] = runtime.timeouts();
                int cycle = k;
                if (k == CRASH_AT) {
                    List<Integer> candidates = overlay.alivePeers();
                    int victims = (int) Math.round(0.6 * candidates.size());
                    candidates.removeIf(p -> contactUntil[p] >= cycle);
                    crash(runtime, overlay, pick(random, candidates, victims));
                }
                List<Integer> alive = overlay.alivePeers();
                List<Integer> candidates = new ArrayList<>(alive);
                candidates.removeIf(p -> contactUntil[p] >= cycle);
                List<Integer> victims = pick(random, candidates, Math.max(1, (int) Math.round(CHURN * alive.size())));
                crash(runtime, overlay, victims);
                alive.removeAll(victims);
                for (int j = 0; j < victims.size(); j++, next++) {
                    int contact = alive.get(random.nextInt(alive.size()));
                    contactUntil[contact] = k + 2;
                    overlay.views.set(next, new int[] {contact});
                    overlay.alive[next] = true;
                    runtime.startPeer(next, new int[] {contact});
                }
            }
            assertTrue(runtime.agentsRunning(), "no agent stopped");
            assertEquals(0, runtime.errors(), "nothing threw inside an agent");
        }
        assertEquals(0, caught.get());

        OverlayStats beforeCrash = rows.get(CRASH_AT - 1);
        OverlayStats afterCrash = rows.get(CRASH_AT + 1);
        OverlayStats healed = rows.get(END - 1);
        System.out.printf("runtime faults: before the crash %s%n after it %s%n at the end %s%n", beforeCrash, afterCrash, healed);
        for (OverlayStats row : rows.subList(10, CRASH_AT)) {
            assertEquals(1, row.components(), "one overlay under churn: " + row);
        }
        assertTrue(afterCrash.deadLinks() > 0.4 * afterCrash.alive() * C, "the crash left many dead links: " + afterCrash);
        for (OverlayStats row : rows.subList(CRASH_AT + 20, END)) {
            assertEquals(1, row.components(), "one overlay again: " + row);
            assertTrue(row.deadLinks() < 0.05 * row.alive() * C, "dead links drained: " + row);
        }
        long droppedEarly = dropped[CRASH_AT + 6] - dropped[CRASH_AT + 1];
        long droppedLate = dropped[END] - dropped[END - 5];
        long timeoutsEarly = timeouts[CRASH_AT + 6] - timeouts[CRASH_AT + 1];
        long timeoutsLate = timeouts[END] - timeouts[END - 5];
        System.out.printf("requests to crashed peers: %d dropped and %d timed out in the 5 cycles after the crash,"
                + " %d and %d in the last 5%n", droppedEarly, timeoutsEarly, droppedLate, timeoutsLate);
        assertTrue(timeoutsEarly > 50, "exchanges with crashed partners time out: " + timeoutsEarly);
        assertTrue(droppedEarly > 50, "crashed peers drop what they receive: " + droppedEarly);
        assertTrue(timeoutsLate * 3 < timeoutsEarly, "fewer and fewer as dead links drain");
        assertTrue(droppedLate * 3 < droppedEarly, "fewer and fewer as dead links drain");
    }

    private static void crash(PeerRuntime runtime, Snapshot overlay, List<Integer> victims) {
        for (int p : victims) {
            runtime.crashPeer(p);
            overlay.alive[p] = false;
        }
    }

    private static int[] randomPeers(SplittableRandom random, int self, int peers) {
        List<Integer> pool = new ArrayList<>();
        for (int q = 0; q < peers; q++) {
            if (q != self) {
                pool.add(q);
            }
        }
        return pick(random, pool, C).stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<Integer> pick(SplittableRandom random, List<Integer> from, int count) {
        List<Integer> pool = new ArrayList<>(from);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(pool.size() - i);
            Integer t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        return new ArrayList<>(pool.subList(0, count));
    }
}
