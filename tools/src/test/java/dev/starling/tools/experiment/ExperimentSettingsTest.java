package dev.starling.tools.experiment;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentSettingsTest {

    private static ExperimentSettings settings(String... args) {
        ExperimentCommand command = new ExperimentCommand();
        dev.starling.tools.StarlingCli.commandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void shouldCountEveryThreadUpToASmallMaximum() {
        assertEquals(List.of(1, 2, 3, 4), ExperimentSettings.defaultThreadCounts(2, 4));
        assertEquals(List.of(1), ExperimentSettings.defaultThreadCounts(1, 1));
    }

    @Test
    void shouldCountPowersOfTwoThenOversubscribeOnABigMachine() {
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64, 96, 128), ExperimentSettings.defaultThreadCounts(64, 128));
        assertEquals(List.of(1, 2, 4, 8, 12, 18, 24), ExperimentSettings.defaultThreadCounts(12, 24));
    }

    @Test
    void shouldShortenEverythingWithQuickButLetExplicitOptionsWin() {
        ExperimentSettings quick = settings("speedup", "--out", "x", "--quick", "--users", "500");
        assertEquals(2, quick.reps());
        assertEquals(500, quick.users());
        assertEquals(1.0, quick.durationSeconds());
        assertEquals(1, quick.speedupWorkloads().size());
        ExperimentSettings full = settings("speedup", "--out", "x");
        assertEquals(30, full.reps());
        assertEquals(10_000, full.users());
        assertEquals(List.of("timeline", "profile", "mixed", "send"),
                full.speedupWorkloads().stream().map(Workload::series).toList());
    }

    @Test
    void shouldFixSpeedupShardsToAtLeastTheLargestThreadCount() {
        ExperimentSettings s = settings("speedup", "--out", "x", "--threads-list", "1,2,6");
        List<Point> points = new SpeedupExperiment().points(s);
        assertEquals(3, points.size());
        for (Point p : points) {
            assertEquals(6, p.deployment().shards());
        }
        assertEquals(List.of(1, 2, 6), points.stream().map(p -> p.deployment().threads()).toList());
    }

    @Test
    void shouldRefuseThreadCountsTheShardsCannotRun() {
        ExperimentSettings tooMany = settings("speedup", "--out", "x", "--threads-list", "1,65");
        assertThrows(IllegalArgumentException.class, () -> new SpeedupExperiment().points(tooMany));
        ExperimentSettings noOne = settings("speedup", "--out", "x", "--threads-list", "2,4");
        assertThrows(IllegalArgumentException.class, () -> new SpeedupExperiment().points(noOne));
    }

    @Test
    void shouldRunTheInstancesExperimentOnTheChosenEngine() {
        ExperimentSettings s = settings("instances", "--out", "x", "--engine", "centralized", "--instances-list", "1,3");
        List<Point> points = new InstancesExperiment().points(s);
        assertEquals(List.of(1, 3), points.stream().map(p -> p.deployment().placement().instances()).toList());
        assertTrue(points.stream().allMatch(p -> p.deployment().engine().name().equals("CENTRALIZED")));
    }

    @Test
    void shouldPairBothEnginesAtEveryFollowCountOfTheBestCase() {
        ExperimentSettings s = settings("bestcase", "--out", "x", "--follows-list", "5,50", "--users", "200");
        List<Point> points = new BestCaseExperiment().points(s);
        assertEquals(4, points.size());
        assertEquals(List.of("RING", "CENTRALIZED", "RING", "CENTRALIZED"), points.stream().map(Point::series).toList());
        assertEquals(50, points.get(3).graph().followsMean());
        assertEquals("100:0:0", points.get(0).workloads().get(0).mix().toString());
    }
}
