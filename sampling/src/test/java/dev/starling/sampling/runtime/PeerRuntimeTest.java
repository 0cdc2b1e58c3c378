package dev.starling.sampling.runtime;

import dev.starling.sampling.protocol.PeerSelection;
import dev.starling.sampling.protocol.Propagation;
import dev.starling.sampling.protocol.ProtocolConfig;
import dev.starling.sampling.protocol.View;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent runtime, stepped by a {@link ManualClock}: no agent threads, the test's thread advances time one
 * millisecond at a time and runs the duty cycles, so timeouts and cycle slots are exact whatever the machine's
 * load. Every test also checks that nothing was thrown inside an agent unless it injected the fault itself.
 */
class PeerRuntimeTest {
    private static final int PERIOD_MS = 20;

    /** What the listener saw: the last cycle and view size per peer, and every late log. */
    private static final class Seen implements ViewListener {
        final Map<Integer, Long> lastCycle = new ConcurrentHashMap<>();
        final Map<Integer, Integer> lastSize = new ConcurrentHashMap<>();
        final Map<Integer, String> lastView = new ConcurrentHashMap<>();
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<long[]> late = new CopyOnWriteArrayList<>();
        final AtomicLong calls = new AtomicLong();

        @Override
        public void onView(long cycle, int peer, View view) {
            calls.incrementAndGet();
            lastCycle.put(peer, cycle);
            lastSize.put(peer, view.size());
            lastView.put(peer, view.toString());
            log.add(cycle + "," + peer + "," + view);
        }

        @Override
        public void onView(long cycle, int peer, View view, long loggedIn) {
            if (loggedIn > cycle) {
                late.add(new long[] {cycle, peer, loggedIn});
            }
            onView(cycle, peer, view);
        }
    }

    /** Every exception an agent reported. */
    private static final class Errors {
        final List<Throwable> caught = new CopyOnWriteArrayList<>();
    }

    private static RuntimeContext context(int peers, int agents, ViewListener listener, ManualClock clock, Errors errors) {
        return new RuntimeContext().agents(agents).maxPeers(peers).cyclePeriodMs(PERIOD_MS).clock(clock)
                .protocol(ProtocolConfig.builder().viewSize(5).healing(2).swap(1).build())
                .viewListener(listener).errorHandler(errors.caught::add);
    }

    private static void startRing(PeerRuntime runtime, int peers) {
        for (int p = 0; p < peers; p++) {
            runtime.startPeer(p, new int[] {(p + 1) % peers});
        }
    }

    private static void assertNoErrors(PeerRuntime runtime, Errors errors) {
        assertEquals(List.of(), errors.caught, "nothing thrown inside an agent");
        assertEquals(0, runtime.errors());
    }

    @Test
    void shouldFillViewsFromARing() throws Exception {
        Seen seen = new Seen();
        Errors errors = new Errors();
        try (PeerRuntime runtime = new PeerRuntime(context(24, 2, seen, new ManualClock(), errors)).start()) {
            startRing(runtime, 24);
            runtime.awaitCycle(30);
            assertTrue(runtime.agentsRunning());
            assertEquals(24 * 30, runtime.exchanges(), "every peer started one exchange per cycle");
            assertEquals(0, runtime.timeouts(), "no partner is down: every exchange is answered in time");
            assertEquals(0, runtime.dropped());
            assertNoErrors(runtime, errors);
        }
        assertEquals(24, seen.lastSize.size(), "every peer logged");
        assertTrue(seen.lastSize.values().stream().allMatch(s -> s == 5), "views filled up to c: " + seen.lastSize);
        assertTrue(seen.lastCycle.values().stream().allMatch(c -> c == 29), "peers logged every cycle: " + seen.lastCycle);
        assertEquals(24 * 30, seen.calls.get());
        assertEquals(List.of(), seen.late, "nobody logged late");
    }

    @Test
    void shouldGiveTheSameRunTwiceWhenStepped() throws Exception {
        List<List<String>> logs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Seen seen = new Seen();
            Errors errors = new Errors();
            try (PeerRuntime runtime = new PeerRuntime(context(16, 2, seen, new ManualClock(), errors)).start()) {
                startRing(runtime, 16);
                runtime.awaitCycle(12);
                runtime.crashPeer(3);
                runtime.awaitCycle(20);
                assertNoErrors(runtime, errors);
            }
            logs.add(seen.log);
        }
        assertEquals(logs.get(0), logs.get(1));
    }

    @Test
    void shouldDropWhatCrashedPeersReceiveAndTimeOutOnThem() throws Exception {
        Seen seen = new Seen();
        Errors errors = new Errors();
        try (PeerRuntime runtime = new PeerRuntime(context(16, 1, seen, new ManualClock(), errors)).start()) {
            startRing(runtime, 16);
            runtime.awaitCycle(10);
            for (int p = 0; p < 8; p++) {
                runtime.crashPeer(p);
            }
            assertEquals(0, runtime.timeouts());
            runtime.awaitCycle(35);
            assertTrue(runtime.dropped() > 0, "crashed peers dropped requests");
            assertTrue(runtime.timeouts() <= runtime.dropped() && runtime.timeouts() >= runtime.dropped() - 8,
                    "each request a crashed peer dropped is an exchange that timed out, but for the last cycle's "
                            + "still waiting: " + runtime.dropped() + " dropped, " + runtime.timeouts() + " timed out");
            assertTrue(runtime.agentsRunning());
            for (int p = 0; p < 8; p++) {
                assertEquals(9, seen.lastCycle.get(p), "crashed peer " + p + " stopped cycling");
            }
            for (int p = 8; p < 16; p++) {
                assertEquals(34, seen.lastCycle.get(p), "peer " + p + " carried on after timeouts");
            }
            assertNoErrors(runtime, errors);
        }
    }

    @Test
    void shouldRestartACrashedPeerWithANewView() throws Exception {
        Seen seen = new Seen();
        Errors errors = new Errors();
        try (PeerRuntime runtime = new PeerRuntime(context(8, 1, seen, new ManualClock(), errors)).start()) {
            startRing(runtime, 8);
            runtime.awaitCycle(5);
            runtime.crashPeer(3);
            runtime.awaitCycle(10);
            assertEquals(4, seen.lastCycle.get(3));
            runtime.startPeer(3, new int[] {6});
            runtime.awaitCycle(25);
            assertEquals(24, seen.lastCycle.get(3), "peer 3 runs again");
            assertNoErrors(runtime, errors);
        }
    }

    @Test
    void shouldLogLateButKeepEveryPeerWhenAnAgentIsStarved() throws Exception {
        Seen seen = new Seen();
        Errors errors = new Errors();
        // agent 1 (the odd peers) gets no duty cycle from cycle 10 to the middle of cycle 15
        long from = 100 + 10 * PERIOD_MS;
        long until = 100 + 15 * PERIOD_MS + PERIOD_MS / 2;
        RuntimeContext ctx = context(12, 2, seen, new ManualClock(), errors).startDelayMs(100)
                .faultInjector((agent, now) -> agent == 1 && now >= from && now < until);
        try (PeerRuntime runtime = new PeerRuntime(ctx).start()) {
            startRing(runtime, 12);
            runtime.awaitCycle(25);
            assertNoErrors(runtime, errors);
        }
        assertFalse(seen.late.isEmpty(), "the starved agent's peers logged late");
        for (long[] l : seen.late) {
            assertEquals(1, l[1] % 2, "only agent 1's peers are late: " + java.util.Arrays.toString(l));
            assertTrue(l[0] >= 10 && l[0] <= 15 && l[2] == 15, java.util.Arrays.toString(l));
        }
        for (int p = 0; p < 12; p++) {
            assertEquals(24, seen.lastCycle.get(p), "peer " + p + " caught up and kept cycling");
        }
        assertEquals(12 * 25, seen.calls.get(), "every cycle of every peer was logged once, late or not");
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
        RuntimeContext ctx = context(6, 1, faulty, new ManualClock(), new Errors())
                .errorHandler(t -> caught.incrementAndGet());
        try (PeerRuntime runtime = new PeerRuntime(ctx).start()) {
            startRing(runtime, 6);
            runtime.awaitCycle(5);
            assertEquals(5, runtime.errors(), "peer 0's logging threw once in each of cycles 0-4");
            UnsafeBuffer garbage = new UnsafeBuffer(new byte[16]);
            garbage.putInt(0, 2);
            assertTrue(runtime.offer(99, 2, garbage, 16), "unknown message type");
            garbage.putInt(0, 1);
            garbage.putInt(12, 1_000_000);
            assertTrue(runtime.offer(Messages.REQUEST, 1, garbage, 16), "entry count beyond the message");
            runtime.awaitCycle(20);
            assertTrue(runtime.agentsRunning());
            assertEquals(20 + 2, runtime.errors(), "20 logging faults and 2 malformed messages, each caught once");
            assertEquals(runtime.errors(), caught.get());
            assertEquals(19, seen.lastCycle.get(0), "the faulty peer itself kept cycling");
            assertEquals(5, seen.lastSize.get(0), "and exchanging: " + seen.lastView.get(0));
            assertTrue(seen.lastCycle.get(2) == 19 && seen.lastCycle.get(1) == 19);
        }
    }

    @Test
    void shouldRunPushAndTail() throws Exception {
        Seen seen = new Seen();
        Errors errors = new Errors();
        RuntimeContext ctx = context(12, 1, seen, new ManualClock(), errors).protocol(ProtocolConfig.builder()
                .viewSize(4).selection(PeerSelection.TAIL).propagation(Propagation.PUSH).build());
        try (PeerRuntime runtime = new PeerRuntime(ctx).start()) {
            startRing(runtime, 12);
            runtime.awaitCycle(20);
            assertEquals(0, runtime.timeouts(), "push never waits for an answer");
            assertNoErrors(runtime, errors);
        }
        assertTrue(seen.lastSize.values().stream().filter(s -> s == 4).count() >= 10, seen.lastSize.toString());
    }

    @Test
    void shouldRunOnAgentThreadsWithTheSystemClock() throws Exception {
        Seen seen = new Seen();
        Errors errors = new Errors();
        RuntimeContext ctx = context(8, 2, seen, null, errors).cyclePeriodMs(50)
                .idleStrategy(() -> new SleepingMillisIdleStrategy(1));
        try (PeerRuntime runtime = new PeerRuntime(ctx).start()) {
            startRing(runtime, 8);
            runtime.awaitCycle(6);
            // on the wall clock a starved machine may keep the agents from their first cycles:
            // wait for the first exchange (a minute at most) instead of asserting at a fixed time
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            for (long k = 7; runtime.exchanges() == 0 && System.nanoTime() < deadline; k++) {
                runtime.awaitCycle(k);
            }
            assertTrue(runtime.agentsRunning());
            assertTrue(runtime.exchanges() > 0, "the agent threads ran exchanges");
            assertNoErrors(runtime, errors);
        }
        assertEquals(8, seen.lastCycle.size(), "every peer logged on its agent's thread");
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
        assertThrows(IllegalStateException.class,
                () -> new RuntimeContext().protocol(p).maxPeers(4).faultInjector(null).conclude());
        RuntimeContext ok = new RuntimeContext().protocol(p).maxPeers(4).conclude();
        assertEquals(1500, ok.exchangeTimeoutMs());
        assertEquals(1, ok.agents());
        assertFalse(ok.newIdleStrategy() instanceof org.agrona.concurrent.BusySpinIdleStrategy);
    }
}
