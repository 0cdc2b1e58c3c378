package dev.starling.sampling.scenario;

import dev.starling.sampling.analysis.OverlayStats;
import dev.starling.sampling.analysis.StatsCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElasticExperimentTest {

    @Test
    void shouldWriteViewsStatsAndBoxPlotForBothSettings(@TempDir Path dir) throws Exception {
        ElasticConfig config = ElasticConfig.builder().peers(20).cycles(36).cyclePeriodMs(20).seed(3).stepped(true)
                .build();
        assertEquals(6, config.joinEvery());
        assertEquals(24, config.crashAt());
        assertEquals(30, config.recoverAt());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        new ElasticExperiment(config).run(dir, new PrintStream(progress, true));

        for (String setting : List.of("healer", "swapper")) {
            Path views = dir.resolve(setting).resolve("views.csv");
            Path stats = dir.resolve(setting).resolve("stats.csv");
            assertEquals(ViewRecord.CSV_HEADER, Files.readAllLines(views).get(0));
            assertEquals(OverlayStats.CSV_HEADER + ",late", Files.readAllLines(stats).get(0));

            List<ViewRecord> records = ViewLog.read(views);
            Map<Long, Long> perCycle = records.stream()
                    .collect(Collectors.groupingBy(ViewRecord::cycle, Collectors.counting()));
            assertTrue(perCycle.keySet().stream().allMatch(k -> k >= 0 && k <= 36), perCycle.toString());
            assertTrue(perCycle.getOrDefault(36L, 0L) >= 13, "cycle 36, after the last exchanges, is logged: " + perCycle);
            assertTrue(perCycle.getOrDefault(0L, 0L) <= 8, "40% start: " + perCycle);
            assertTrue(perCycle.getOrDefault(20L, 0L) >= 18, "all 20 in by then: " + perCycle);
            long afterCrash = perCycle.getOrDefault(27L, 0L);
            assertTrue(afterCrash >= 6 && afterCrash <= 9, "60% of 20 crashed: " + perCycle);
            long afterRecovery = perCycle.getOrDefault(34L, 0L);
            assertTrue(afterRecovery >= 13 && afterRecovery <= 16, "60% of 12 came back: " + perCycle);
            for (ViewRecord r : records) {
                assertTrue(r.ids().length <= 7 && r.ids().length == r.ages().length);
            }

            List<OverlayStats> rows = StatsCsv.read(stats);
            assertEquals(37, rows.size(), "rows 0 to 36 for 36 cycles, as the simulator writes them");
            for (int k = 0; k <= 36; k++) {
                assertEquals(k, rows.get(k).cycle());
                assertEquals(perCycle.getOrDefault((long) k, 0L).longValue(), rows.get(k).alive());
            }
            assertTrue(rows.get(26).deadLinks() > 0, "crashed peers leave dead links");
        }
        assertTrue(Files.size(dir.resolve("indegree-boxplot.png")) > 1000);
        assertTrue(progress.toString().contains("crash"), progress.toString());
    }

    /**
     * One agent (the odd peers) gets no duty cycle during cycles 0-2, before anything crashed, and again from
     * cycle 33 to the end, so its peers log cycles 0-2 late and never log 33-36. The stats must still count every
     * started peer as alive, find no dead link before the crash, and say which rows had late logs; the run is
     * stepped on manual clocks, so it is compared with the same run unstarved.
     */
    @Test
    void shouldTakeWhoIsAliveFromTheEventsWhenAnAgentIsStarved(@TempDir Path dir) throws Exception {
        long epoch = 20; // the runtime's start delay: min(period, 100 ms)
        ElasticConfig.Builder b = ElasticConfig.builder().peers(20).cycles(36).cyclePeriodMs(20).agents(2).seed(3)
                .stepped(true);
        ByteArrayOutputStream quietLog = new ByteArrayOutputStream();
        new ElasticExperiment(b.build()).run(dir.resolve("fed"), new PrintStream(quietLog, true));
        ByteArrayOutputStream starvedLog = new ByteArrayOutputStream();
        new ElasticExperiment(b.faults((agent, now) -> agent == 1
                && (now < epoch + 3 * 20 || now >= epoch + 33 * 20))
                .build()).run(dir.resolve("starved"), new PrintStream(starvedLog, true));

        for (String setting : List.of("healer", "swapper")) {
            List<String> fed = Files.readAllLines(dir.resolve("fed").resolve(setting).resolve("stats.csv"));
            List<String> starved = Files.readAllLines(dir.resolve("starved").resolve(setting).resolve("stats.csv"));
            assertEquals(OverlayStats.CSV_HEADER + ",late", starved.get(0));
            List<OverlayStats> fedRows = StatsCsv.read(dir.resolve("fed").resolve(setting).resolve("stats.csv"));
            List<OverlayStats> rows = StatsCsv.read(dir.resolve("starved").resolve(setting).resolve("stats.csv"));
            List<ScenarioEvent> events = ScenarioEvent.read(dir.resolve("starved").resolve(setting).resolve("events.csv"));
            boolean[][] up = ScenarioEvent.aliveByCycle(events, 20, 37);
            for (int k = 0; k <= 36; k++) {
                int expected = 0;
                for (boolean u : up[k]) {
                    expected += u ? 1 : 0;
                }
                assertEquals(expected, rows.get(k).alive(), "row " + k + ": alive from the events");
                assertEquals(fedRows.get(k).alive(), rows.get(k).alive(), "row " + k + ": as in the unstarved run");
                long late = Long.parseLong(starved.get(k + 1).substring(starved.get(k + 1).lastIndexOf(',') + 1));
                long fedLate = Long.parseLong(fed.get(k + 1).substring(fed.get(k + 1).lastIndexOf(',') + 1));
                assertEquals(0, fedLate, "nothing late without starvation, row " + k);
                if (k <= 2 || k >= 33) {
                    assertTrue(late > 0, "row " + k + " has late logs: " + starved.get(k + 1));
                } else {
                    assertEquals(0, late, "row " + k + ": " + starved.get(k + 1));
                }
            }
            assertEquals(8, rows.get(0).alive(), "40% of 20 started");
            for (int k = 0; k < 24; k++) {
                assertEquals(0, rows.get(k).deadLinks(), "no dead link before the crash, row " + k);
            }
            assertEquals(1, rows.get(0).components(), "the starting tree is one component, row 0");
            assertTrue(rows.get(36).alive() > 0, "peers alive at the end are counted alive");
        }
        assertTrue(starvedLog.toString().contains("warning: healer"), starvedLog.toString());
        assertTrue(starvedLog.toString().contains("warning: swapper"), starvedLog.toString());
        assertFalse(quietLog.toString().contains("warning"), quietLog.toString());
    }

    @Test
    void shouldRoundTripAViewsCsvLine() {
        ViewRecord r = ViewRecord.parse("12,5,3:0;9:4;1:2");
        assertEquals(12, r.cycle());
        assertEquals(5, r.peer());
        assertArrayEquals(new int[] {3, 9, 1}, r.ids());
        assertArrayEquals(new int[] {0, 4, 2}, r.ages());
        assertEquals("12,5,3:0;9:4;1:2", r.toCsv());
        assertEquals(0, ViewRecord.parse("1,2,").ids().length);
    }

    @Test
    void shouldRejectBadScenarios() {
        assertThrows(IllegalArgumentException.class, () -> ElasticConfig.builder().peers(2).build());
        assertThrows(IllegalArgumentException.class, () -> ElasticConfig.builder().cycles(3).build());
        assertThrows(IllegalArgumentException.class, () -> ElasticConfig.builder().cyclePeriodMs(1).build());
    }

    @Test
    void shouldDrawBoxKFromRowKOfStatsCsv() {
        // peers 0..4 alive at cycle 0, 0..2 at cycle 1, 0..3 at cycle 2, each knowing peer 0
        List<ViewRecord> log = new java.util.ArrayList<>();
        int[] alive = {5, 3, 4};
        for (int k = 0; k < alive.length; k++) {
            for (int p = 0; p < alive[k]; p++) {
                log.add(new ViewRecord(k, p, p == 0 ? new int[] {1} : new int[] {0}, new int[] {0}));
            }
        }
        ViewLogAnalysis analysis = new ViewLogAnalysis(log, 5, 3);
        List<OverlayStats> rows = analysis.stats();
        List<int[]> boxes = ElasticExperiment.boxes(analysis, List.of("1", "2"));
        assertEquals(rows.get(1).alive(), boxes.get(0).length, "box 1 is row 1");
        assertEquals(rows.get(2).alive(), boxes.get(1).length, "box 2 is row 2");
        assertEquals(3, rows.get(2).inDegreeMax(), "peer 0 is known by 1, 2 and 3 in row 2");
        assertEquals(3, java.util.Arrays.stream(boxes.get(1)).max().orElse(-1));
    }

    @Test
    void shouldPlaceNineBoxesEveryTwentyCyclesFor180() {
        List<String> labels = new ElasticExperiment(ElasticConfig.builder().build()).boxLabels();
        assertEquals(List.of("20", "40", "60", "80", "100", "120", "140", "160", "180"), labels);
    }
}
