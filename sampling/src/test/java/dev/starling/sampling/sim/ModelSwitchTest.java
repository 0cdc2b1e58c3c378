package dev.starling.sampling.sim;

import dev.starling.sampling.analysis.OverlayStats;
import dev.starling.sampling.protocol.PeerSelection;
import dev.starling.sampling.protocol.Propagation;
import dev.starling.sampling.protocol.ProtocolConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One hand-checked small case per modelling switch of {@link Model}: each traced step by step in the comments.
 * Views are written {@code id:age}, head first.
 */
class ModelSwitchTest {

    /** Two peers, c = 2, push, first views from the list: peer 0 knows 1, peer 1 knows 0, ages 0. */
    private static CycleSimulator twoPeersPush(Model model, long seed) {
        ProtocolConfig push = ProtocolConfig.builder().viewSize(2).propagation(Propagation.PUSH).build();
        return new CycleSimulator(SimulationConfig.builder().nodes(2).protocol(push).cycles(1)
                .initialization(Initialization.LIST).model(model).seed(seed).build());
    }

    private static String views(CycleSimulator sim) {
        return sim.view(0) + " | " + sim.view(1);
    }

    @Test
    void shouldAgeAfterEveryExchangeOrOncePerCycle() {
        // order 0 then 1. Peer 0's turn: it pushes [0:0]; peer 1 merges it into {0:0} and, aging per exchange,
        // ages to {0:1}; peer 0 ages to {1:1}. Peer 1's turn: it pushes [1:0]; peer 0 keeps the fresher 1:0 and
        // ages to {1:1}; peer 1 ages again to {0:2}.
        CycleSimulator perExchange = twoPeersPush(Model.PAPER.withOrder(Model.Order.FIXED), 1);
        perExchange.runCycle();
        assertEquals("1:1 | 0:2", views(perExchange));
        // aging per cycle: both merges leave age 0, then every view ages once
        CycleSimulator perCycle = twoPeersPush(Model.PAPER.withOrder(Model.Order.FIXED).withAging(Model.Aging.CYCLE), 1);
        perCycle.runCycle();
        assertEquals("1:1 | 0:1", views(perCycle));
        perCycle.runCycle();
        assertEquals("1:1 | 0:1", views(perCycle), "the same again: fresh copies arrive every cycle");
    }

    @Test
    void shouldTakeTurnsInAddressOrderOrShuffled() {
        // the case above: peer 0 first gives "1:1 | 0:2"; peer 1 first gives the mirror, "1:2 | 0:1"
        Set<String> fixed = new HashSet<>();
        Set<String> shuffled = new HashSet<>();
        for (long seed = 1; seed <= 12; seed++) {
            CycleSimulator f = twoPeersPush(Model.PAPER.withOrder(Model.Order.FIXED), seed);
            f.runCycle();
            fixed.add(views(f));
            CycleSimulator s = twoPeersPush(Model.PAPER, seed);
            s.runCycle();
            shuffled.add(views(s));
        }
        assertEquals(Set.of("1:1 | 0:2"), fixed);
        assertEquals(Set.of("1:1 | 0:2", "1:2 | 0:1"), shuffled);
    }

    /** Three peers, c = 4 (a buffer carries the sender and one entry), H = 2 (views sorted by age before sending). */
    private static CycleSimulator threePeers(Model model) {
        ProtocolConfig p = ProtocolConfig.builder().viewSize(4).healing(2).selection(PeerSelection.TAIL).build();
        CycleSimulator sim = new CycleSimulator(SimulationConfig.builder().nodes(3).protocol(p).cycles(1)
                .model(model).seed(3).build());
        sim.setView(0, 1, 5);
        sim.setView(1, 2, 1, 0, 3);
        sim.setView(2, 0, 2, 1, 4);
        return sim;
    }

    @Test
    void shouldAnswerBeforeOrAfterMergingTheRequest() {
        // peer 0 {1:5} picks 1 and sends [0:0, 1:5]. Answer before merging: peer 1 sorts {2:1, 0:3} by age and
        // answers [1:0, 2:1]; it merges the request into {2:1, 0:0} (0 takes the fresher age 0 in its place; 1:5
        // is itself) and ages:
        // {2:2, 0:1}. Peer 0 merges [1:0, 2:1] into {1:0, 2:1} and ages: {1:1, 2:2}.
        CycleSimulator before = threePeers(Model.PAPER);
        before.turn(0);
        assertEquals("1:1;2:2", before.view(0).toString());
        assertEquals("2:2;0:1", before.view(1).toString());
        // answer after merging: peer 1 first merges and ages, {2:2, 0:1}, then sorts it, {0:1, 2:2}, and answers
        // [1:0, 0:1]; peer 0 drops its own descriptor, keeps {1:0} and ages: {1:1}
        CycleSimulator after = threePeers(Model.PAPER.withReply(Model.Reply.AFTER));
        after.turn(0);
        assertEquals("1:1", after.view(0).toString());
        assertEquals("0:1;2:2", after.view(1).toString());
    }

    @Test
    void shouldPickOnlyLivePartnersOrFailOnADeadOne() {
        // peer 0 {1:9, 2:0} with peer 1 crashed, tail selection. Live partners only: the oldest live entry is 2;
        // peer 0 sends [0:0, 2:0] (view sorted: {2:0, 1:9}); peer 2 {0:2, 1:4}, sorted {0:2, 1:4}, answers
        // [2:0, 0:2], merges into {0:0, 1:4} (0 keeps its first place with the fresher age, the default) and
        // ages: {0:1, 1:5}. Peer 0 keeps {2:0, 1:9} and ages: {2:1, 1:10}.
        CycleSimulator live = threePeers(Model.PAPER);
        live.setView(0, 1, 9, 2, 0);
        live.setAlive(1, false);
        live.turn(0);
        assertEquals(0, live.failedExchanges());
        assertEquals("2:1;1:10", live.view(0).toString());
        assertEquals("0:1;1:5", live.view(2).toString());
        // any partner: the oldest entry is the dead 1; the exchange fails, peer 0 only ages, peer 2 is untouched
        CycleSimulator any = threePeers(Model.PAPER.withPartner(Model.Partner.ANY));
        any.setView(0, 1, 9, 2, 0);
        any.setAlive(1, false);
        any.turn(0);
        assertEquals(1, any.failedExchanges());
        assertEquals("2:1;1:10", any.view(0).toString());
        assertEquals("0:2;1:4", any.view(2).toString());
        // a view with no live entry: no exchange at all with live partners, a failed one with any
        live.setView(0, 1, 3);
        live.turn(0);
        assertEquals(0, live.failedExchanges());
        assertEquals("1:4", live.view(0).toString());
    }

    @Test
    void shouldCrashAfterTheCycleOrHalfwayThroughIt() {
        // 10 peers, half crash in cycle 1: at its end all 10 had their turn; halfway, 5 had it before the crash
        // and of the other 5 only the survivors take theirs
        for (Model.CrashPoint point : Model.CrashPoint.values()) {
            SimulationConfig config = SimulationConfig.builder().nodes(10).protocol(ProtocolConfig.named("healer", 4))
                    .cycles(2).crash(1, 0.5).model(Model.PAPER.withCrash(point)).seed(4).build();
            List<OverlayStats> rows = new ArrayList<>();
            CycleSimulator sim = new CycleSimulator(config);
            sim.run(rows::add, k -> {
                if (k == 1) {
                    long turns = sim.turns();
                    if (point == Model.CrashPoint.END) {
                        assertEquals(10, turns);
                    } else {
                        assertTrue(turns >= 5 && turns < 10, "halfway: " + turns);
                    }
                }
            });
            assertEquals(5, rows.get(1).alive(), point + ": row 1 shows the crash");
        }
    }

    @Test
    void shouldParseAndLabelTheSwitches() {
        assertEquals("paper", Model.PAPER.label());
        assertEquals("partner=any aging=cycle", Model.PAPER.withPartner(Model.Partner.parse("ANY"))
                .withAging(Model.Aging.parse("cycle")).label());
        assertEquals(Model.Order.FIXED, Model.Order.parse(" fixed "));
        assertEquals(Model.Reply.AFTER, Model.Reply.parse("after"));
        assertEquals(Model.CrashPoint.MID, Model.CrashPoint.parse("mid"));
        assertThrows(IllegalArgumentException.class, () -> Model.Partner.parse("dead"));
        assertThrows(IllegalArgumentException.class, () -> new Model(null, Model.Aging.EXCHANGE, Model.Order.FIXED,
                Model.Reply.BEFORE, Model.CrashPoint.END));
    }
}
