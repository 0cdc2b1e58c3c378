package dev.starling.tools.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentPlotsTest {

    @TempDir
    Path dir;

    private static ExperimentSettings settings(String experiment) {
        ExperimentCommand command = new ExperimentCommand();
        dev.starling.tools.StarlingCli.commandLine(command).parseArgs(experiment, "--out", "x", "--quick");
        return command.settings();
    }

    /** Three reps of every value and operation; throughput grows with the value, latency shrinks. */
    private static Results results(List<String> series, List<String> values, List<String> ops) {
        return new Results(rows(series, values, ops));
    }

    private static List<Results.Row> rows(List<String> series, List<String> values, List<String> ops) {
        List<Results.Row> rows = new ArrayList<>();
        for (int rep = 1; rep <= 3; rep++) {
            for (String s : series) {
                for (int v = 0; v < values.size(); v++) {
                    for (String op : ops) {
                        double throughput = 1000.0 * (v + 1) + 10 * rep;
                        rows.add(new Results.Row(s, values.get(v), rep, op, 100, throughput, 500.0 / (v + 1),
                                5000.0 / (v + 1) + rep, 1000, 2));
                    }
                }
            }
        }
        return rows;
    }

    private static void assertPngs(List<Path> files) throws IOException {
        assertTrue(files.size() >= 2);
        for (Path png : files) {
            assertTrue(Files.size(png) > 1000, png + " is too small");
            BufferedImage image = ImageIO.read(png.toFile());
            assertNotNull(image, png + " is not a PNG");
            assertTrue(image.getWidth() >= 600 && image.getHeight() >= 400);
        }
    }

    @Test
    void shouldDrawTheSpeedupPlots() throws IOException {
        Results r = results(List.of("timeline", "mixed"), List.of("1", "2", "4"), List.of("timeline"));
        List<Path> files = new SpeedupExperiment().plot(dir, r, settings("speedup"));
        assertEquals(List.of("speedup.png", "speedup-throughput.png", "speedup-latency.png"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        assertPngs(files);
    }

    @Test
    void shouldDrawTheInstancesPlots() throws IOException {
        Results r = results(List.of("RING"), List.of("1", "2", "4"), List.of("timeline", "profile", "send", "all"));
        assertPngs(new InstancesExperiment().plot(dir, r, settings("instances")));
    }

    @Test
    void shouldDrawTheBestCasePlots() throws IOException {
        Results r = results(List.of("RING", "CENTRALIZED"), List.of("5", "40"), List.of("timeline"));
        assertPngs(new BestCaseExperiment().plot(dir, r, settings("bestcase")));
    }

    @Test
    void shouldDrawTheEnginesPlotsAsBoxesPerOperation() throws IOException {
        List<Results.Row> rows = new ArrayList<>();
        for (String engine : List.of("RING", "CENTRALIZED")) {
            rows.addAll(rows(List.of(engine), List.of(engine), List.of("timeline", "send", "all")));
        }
        List<Path> files = new EnginesExperiment().plot(dir, new Results(rows), settings("engines"));
        assertPngs(files);
        // one row of panels per operation: timeline, send, all
        assertEquals(ExperimentPlots.HEADER_HEIGHT + 3 * ExperimentPlots.PANEL_HEIGHT, ImageIO.read(files.get(1).toFile()).getHeight());
    }

    @Test
    void shouldSummarizeMediansAndTheRatioToTheFirstValue() {
        Results r = results(List.of("timeline"), List.of("1", "2"), List.of("timeline"));
        String table = Summary.table(new SpeedupExperiment(), r);
        assertTrue(table.contains("timeline"), table);
        // medians 1020 and 2020: the second value runs 1.98 times the first
        assertTrue(table.contains("1.98"), table);
    }

    @Test
    void shouldGiveTheRangeNotAConfidenceIntervalUnderThreeRepetitions() {
        List<Results.Row> two = rows(List.of("timeline"), List.of("1", "2"), List.of("timeline")).stream()
                .filter(r -> r.rep() <= 2).toList();
        String table = Summary.table(new SpeedupExperiment(), new Results(two));
        assertTrue(table.contains("(n < 3)") && table.contains("no confidence interval"), table);
        assertTrue(!Summary.table(new SpeedupExperiment(), results(List.of("timeline"), List.of("1"), List.of("timeline")))
                .contains("(n < 3)"));
    }

    @Test
    void shouldLabelALogAxisAtTheDecadesAroundTheValues() {
        ExperimentPlots.Line line = new ExperimentPlots.Line("p50", new double[] {1, 2}, new double[] {3, 8}, null, false);
        double[] range = ExperimentPlots.decades(List.of(line));
        assertEquals(1, range[0]);
        assertEquals(10, range[1], "within one decade the axis still spans a whole one, labelled at both ends");
    }
}
