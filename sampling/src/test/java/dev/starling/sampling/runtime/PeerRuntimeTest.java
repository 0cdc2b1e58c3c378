package dev.starling.sampling.runtime;

import dev.starling.sampling.protocol.PeerSelection;
import dev.starling.sampling.protocol.Propagation;
import dev.starling.sampling.protocol.ProtocolConfig;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerRuntimeTest {
    private static final int PERIOD_MS = 20;

    /** What the listener saw: the last cycle and view size per peer. */
    private static final class Seen implements ViewListener {
        final Map<Integer, Long> lastCycle = new ConcurrentHashMap<>();
        final Map<Integer, Integer> lastSize = new ConcurrentHashMap<>();
        final Map<Integer, String> lastView = new ConcurrentHashMap<>();
        final AtomicLong calls = new AtomicLong();

        @Override
        public void onView(long cycle, int peer, dev.starling.sampling.protocol.View view) {
            calls.incrementAndGet();
            lastCycle.put(peer, cycle);
            lastSize.put(peer, view.size());
            lastView.put(peer, view.toString());
        }
    }

    private static RuntimeContext context(int peers, int agents, ViewListener listener) {
        return new RuntimeContext().agents(agents).maxPeers(peers).cyclePeriodMs(PERIOD_MS)
                .idleStrategy(() -> new SleepingMillisIdleStrategy(1))
                .protocol(ProtocolConfig.builder().viewSize(5).healing(2).swap(1).build())
                .viewListener(listener).errorHandler(t -> { });
    }

    private static void startRing(PeerRuntime runtime, int peers) {
        for (int p = 0; p < peers; p++) {
            runtime.startPeer(p, new int[] {(p + 1) % peers});
        }
    }

    @Test
    void shouldFillViewsFromARing() throws Exception {
        Seen seen = new Seen();
        try (PeerRuntime runtime = new PeerRuntime(context(24, 2, seen)).start()) {
            startRing(runtime, 24);
            runtime.awaitCycle(30);
            assertTrue(runtime.agentsRunning());
            assertTrue(runtime.exchanges() > 24 * 10, "exchanges: " + runtime.exchanges());
        }
        assertEquals(24, seen.lastSize.size(), "every peer logged");
        long full = seen.lastSize.values().stream().filter(s -> s == 5).count();
        assertTrue(full >= 20, "views filled up to c: " + seen.lastSize);
        assertTrue(seen.lastCycle.values().stream().allMatch(c -> c >= 20), "peers kept cycling: " + seen.lastCycle);
    }

    @Test
    void shouldDropWhatCrashedPeersReceiveAndTimeOutOnThem() throws Exception {
        Seen seen = new Seen();
        try (PeerRuntime runtime = new PeerRuntime(context(16, 1, seen)).start()) {
            startRing(runtime, 16);
            runtime.awaitCycle(10);
            for (int p = 0; p < 8; p++) {
                runtime.crashPeer(p);
            }
            long crashedAt = runtime.currentCycle();
            runtime.awaitCycle(crashedAt + 25);
            assertTrue(runtime.dropped() > 0, "crashed peers dropped requests");
            assertTrue(runtime.timeouts() > 0, "exchanges with crashed partners timed out");
            assertTrue(runtime.agentsRunning());
            for (int p = 0; p < 8; p++) {
                assertTrue(seen.lastCycle.get(p) <= crashedAt + 1, "crashed peer " + p + " stopped cycling");
            }
            for (int p = 8; p < 16; p++) {
                assertTrue(seen.lastCycle.get(p) >= crashedAt + 15, "peer " + p + " carried on after timeouts");
            }
        }
    }

    @Test
    void shouldRestartACrashedPeerWithANewView() throws Exception {
        Seen seen = new Seen();
        try (PeerRuntime runtime = new PeerRuntime(context(8, 1, seen)).start()) {
            startRing(runtime, 8);
            runtime.awaitCycle(5);
            runtime.crashPeer(3);
            runtime.awaitCycle(10);
            runtime.startPeer(3, new int[] {6});
            runtime.awaitCycle(25);
            assertTrue(seen.lastCycle.get(3) >= 20, "peer 3 runs again");
        }
    }

    @Test
    void shouldKeepTheDutyCycleRunningWhenHandlersThrow() throws Exception {
        AtomicLong caught = new AtomicLong();
        Seen seen = new Seen();
        ViewListener faulty = (cycle, peer, view) -> {
            seen.onView(cycle, peer, view);
            if (peer == 0) {
                throw new IllegalStateException("injected fault in peer 0's logging");
            }
        };
        RuntimeContext ctx = context(6, 1, faulty).errorHandler(t -> caught.incrementAndGet());
        try (PeerRuntime runtime = new PeerRuntime(ctx).start()) {
            startRing(runtime, 6);
            runtime.awaitCycle(5);
            UnsafeBuffer garbage = new UnsafeBuffer(new byte[16]);
            garbage.putInt(0, 2);
            assertTrue(runtime.offer(99, 2, garbage, 16), "unknown message type");
            garbage.putInt(0, 1);
            garbage.putInt(12, 1_000_000);
            assertTrue(runtime.offer(Messages.REQUEST, 1, garbage, 16), "entry count beyond the message");
            runtime.awaitCycle(20);
            assertTrue(runtime.agentsRunning());
            assertTrue(runtime.errors() >= 12, "faults were caught and counted: " + runtime.errors());
            assertEquals(runtime.errors(), caught.get());
            assertTrue(seen.lastCycle.get(0) >= 15, "the faulty peer itself kept cycling");
            assertTrue(seen.lastSize.get(0) == 5, "and exchanging: " + seen.lastView.get(0));
            assertTrue(seen.lastCycle.get(2) >= 15 && seen.lastCycle.get(1) >= 15);
        }
    }

    @Test
    void shouldRunPushAndTail() throws Exception {
        Seen seen = new Seen();
        RuntimeContext ctx = context(12, 1, seen).protocol(ProtocolConfig.builder().viewSize(4)
                .selection(PeerSelection.TAIL).propagation(Propagation.PUSH).build());
        try (PeerRuntime runtime = new PeerRuntime(ctx).start()) {
            startRing(runtime, 12);
            runtime.awaitCycle(20);
            assertEquals(0, runtime.timeouts(), "push never waits for an answer");
        }
        assertTrue(seen.lastSize.values().stream().filter(s -> s == 4).count() >= 10, seen.lastSize.toString());
    }

    @Test
    void shouldValidateTheContext() {
        ProtocolConfig p = ProtocolConfig.builder().build();
        assertThrows(IllegalStateException.class, () -> new RuntimeContext().maxPeers(4).conclude());
        assertThrows(IllegalStateException.class, () -> new RuntimeContext().protocol(p).conclude());
        assertThrows(IllegalStateException.class,
                () -> new RuntimeContext().protocol(p).maxPeers(4).agents(0).conclude());
        assertThrows(IllegalStateException.class,
                () -> new RuntimeContext().protocol(p).maxPeers(4).cyclePeriodMs(10).exchangeTimeoutMs(10).conclude());
        assertThrows(IllegalStateException.class,
                () -> new RuntimeContext().protocol(p).maxPeers(4).ringCapacity(5000).conclude());
        RuntimeContext ok = new RuntimeContext().protocol(p).maxPeers(4).conclude();
        assertEquals(1500, ok.exchangeTimeoutMs());
        assertEquals(1, ok.agents());
        assertFalse(ok.newIdleStrategy() instanceof org.agrona.concurrent.BusySpinIdleStrategy);
    }
}
