package dev.starling.sampling.sim;

import dev.starling.sampling.analysis.OverlayStats;
import dev.starling.sampling.analysis.StatsCsv;
import dev.starling.sampling.protocol.PeerSelection;
import dev.starling.sampling.protocol.Propagation;
import dev.starling.sampling.protocol.ProtocolConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CycleSimulatorTest {

    private static List<OverlayStats> run(SimulationConfig config) {
        List<OverlayStats> rows = new ArrayList<>();
        new CycleSimulator(config).run(rows::add, k -> { });
        return rows;
    }

    private static SimulationConfig.Builder small(String setting) {
        return SimulationConfig.builder().nodes(500).protocol(ProtocolConfig.named(setting, 10)).cycles(40).seed(7);
    }

    @Test
    void shouldGiveIdenticalStatsCsvForTheSameSeed(@TempDir Path dir) throws Exception {
        SimulationConfig config = small("swapper").crash(30, 0.5).build();
        for (String name : new String[] {"a.csv", "b.csv"}) {
            try (StatsCsv csv = new StatsCsv(dir.resolve(name))) {
                new CycleSimulator(config).run(csv::write, k -> { });
            }
        }
        assertEquals(Files.readString(dir.resolve("a.csv")), Files.readString(dir.resolve("b.csv")));
        List<OverlayStats> other = run(small("swapper").crash(30, 0.5).seed(8).build());
        assertNotEquals(StatsCsv.read(dir.resolve("a.csv")), other);
    }

    @ParameterizedTest
    @ValueSource(strings = {"blind", "healer", "swapper"})
    void shouldGiveTheSameStatsCsvOnOneAndTwoThreads(String setting, @TempDir Path dir) throws Exception {
        // rounds of disjoint exchanges on two threads give exactly the sequential run, crash and churn included
        for (int threads = 1; threads <= 2; threads++) {
            SimulationConfig config = SimulationConfig.builder().nodes(2_000).protocol(ProtocolConfig.named(setting, 20))
                    .cycles(30).crash(20, 0.5).churn(0.01).seed(9).threads(threads).build();
            try (StatsCsv csv = new StatsCsv(dir.resolve(threads + ".csv")); CycleSimulator sim = new CycleSimulator(config)) {
                sim.run(csv::write, k -> { });
                if (threads == 2) {
                    assertTrue(sim.rounds() > 30, "the exchanges ran in rounds: " + sim.rounds());
                }
            }
        }
        assertEquals(Files.readString(dir.resolve("1.csv")), Files.readString(dir.resolve("2.csv")));
    }

    @Test
    void shouldWriteAStatsRowEveryKCyclesAndAfterTheLast() {
        List<OverlayStats> rows = new ArrayList<>();
        try (CycleSimulator sim = new CycleSimulator(small("healer").cycles(25).build())) {
            sim.run(rows::add, k -> { }, 10);
        }
        assertEquals(List.of(0, 10, 20, 25), rows.stream().map(OverlayStats::cycle).toList());
        List<OverlayStats> every = run(small("healer").cycles(25).build());
        assertEquals(every.get(20), rows.get(2), "the same row as with stats every cycle");
    }

    @Test
    void shouldEmitOneRowPerCycleAfterTheFirstViews() {
        List<OverlayStats> rows = run(small("blind").build());
        assertEquals(41, rows.size());
        for (int k = 0; k <= 40; k++) {
            OverlayStats r = rows.get(k);
            assertEquals(k, r.cycle());
            assertEquals(500, r.alive());
            assertEquals(10.0, r.inDegreeMean(), 1e-9, "every view stays full");
            assertEquals(0, r.deadLinks());
        }
    }

    @Test
    void shouldSpreadFromATreeIntoFullViews() {
        List<OverlayStats> rows = run(small("swapper").initialization(Initialization.TREE).build());
        assertTrue(rows.get(0).inDegreeMean() < 2.0);
        OverlayStats last = rows.get(rows.size() - 1);
        assertEquals(10.0, last.inDegreeMean(), 1e-9);
        assertEquals(1, last.components());
    }

    @Test
    void shouldCountDeadLinksAtTheCrashAndHealThemWithTheHealer() {
        List<OverlayStats> healer = run(small("healer").cycles(60).crash(30, 0.5).build());
        List<OverlayStats> blind = run(small("blind").cycles(60).crash(30, 0.5).build());
        OverlayStats atCrash = healer.get(30);
        assertEquals(250, atCrash.alive());
        assertTrue(atCrash.deadLinks() > 1000, "about half of 250 x 10 links are dead: " + atCrash);
        // a few peers whose whole view died and that nobody alive still knows can never heal
        assertTrue(healer.get(60).deadLinks() < atCrash.deadLinks() / 20, "healer removed nearly all: " + healer.get(60));
        assertTrue(blind.get(60).deadLinks() > 10 * healer.get(60).deadLinks(), "blind still has many: " + blind.get(60));
    }

    @Test
    void shouldOrderTheInDegreeSpreadSwapperBelowHealerBelowBlind() {
        double swapper = run(small("swapper").cycles(60).build()).get(60).inDegreeStd();
        double healer = run(small("healer").cycles(60).build()).get(60).inDegreeStd();
        double blind = run(small("blind").cycles(60).build()).get(60).inDegreeStd();
        assertTrue(swapper < healer && healer < blind, swapper + " " + healer + " " + blind);
    }

    @Test
    void shouldRunEveryPolicyCombination() {
        for (PeerSelection s : PeerSelection.values()) {
            for (Propagation p : Propagation.values()) {
                ProtocolConfig protocol = ProtocolConfig.builder().viewSize(8).healing(2).swap(2)
                        .selection(s).propagation(p).build();
                List<OverlayStats> rows = run(SimulationConfig.builder().nodes(200).protocol(protocol)
                        .cycles(20).initialization(Initialization.LIST).build());
                OverlayStats last = rows.get(20);
                assertTrue(last.components() < 10, s + " " + p + " " + last);
                assertTrue(last.inDegreeMean() > 4, s + " " + p + " " + last);
            }
        }
    }

    @Test
    void shouldRejectBadConfigurations() {
        assertThrows(IllegalArgumentException.class, () -> SimulationConfig.builder().nodes(1).build());
        assertThrows(IllegalArgumentException.class, () -> SimulationConfig.builder().cycles(0).build());
        assertThrows(IllegalArgumentException.class, () -> SimulationConfig.builder().crash(5, 1.5).build());
        assertThrows(IllegalArgumentException.class, () -> SimulationConfig.builder().cycles(10).crash(11, 0.5).build());
    }
}
