package dev.starling.tools.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThresholdsTest {

    private static final String VALID = """
            others_share.max = 0.2
            others_share.why = busy rounds bias the ratios
            ring_vs_centralized.min = 1.3
            ring_vs_centralized.why = RING must stay ahead
            ring_vs_centralized.busy_min = 1.1
            ring_vs_centralized.busy_why = busy rounds are noisier
            threads_2_vs_1.min = 0.9
            threads_2_vs_1.why = a second thread must not slow RING down
            threads_2_vs_1.busy_min = 0.5
            threads_2_vs_1.busy_why = busy rounds are noisier
            sequential_timeline_ring_vs_centralized.min = 2.5
            sequential_timeline_ring_vs_centralized.why = whole timelines for one client
            sequential_timeline_ring_vs_centralized.busy_min = 1.5
            sequential_timeline_ring_vs_centralized.busy_why = busy rounds are noisier
            ring_bytes_per_request.max = 15000
            ring_bytes_per_request.why = allocation on the hot path
            """;

    @Test
    void shouldReadTheRepositorysThresholdsWithAReasonForEach() throws IOException {
        Thresholds t = Thresholds.read(Path.of("..", "perf", "gate.properties"));
        assertEquals(GateFigures.NAMES.size(), t.figures().size());
        t.figures().forEach(threshold -> assertTrue(threshold.why().length() > 40, threshold.figure() + " explains its bound"));
        t.figures().stream().filter(threshold -> GateFigures.TIMINGS.contains(threshold.figure())).forEach(threshold ->
                assertTrue(threshold.busyWhy().length() > 40, threshold.figure() + " explains its busy bound"));
        assertTrue(t.quietRounds().bound() > 0 && t.quietRounds().bound() < 1);
    }

    @Test
    void shouldTellLowerFromUpperBounds(@TempDir Path dir) throws IOException {
        Thresholds t = Thresholds.read(write(dir, VALID));
        Threshold ratio = t.figures().get(0);
        assertEquals(GateFigures.RING_VS_CENTRALIZED, ratio.figure());
        assertTrue(ratio.passes(1.3));
        assertFalse(ratio.passes(1.29));
        Threshold bytes = t.figures().get(3);
        assertTrue(bytes.passes(15000));
        assertFalse(bytes.passes(15001));
        assertEquals(0.2, t.quietRounds().bound());
        assertFalse(ratio.passes(1.2, false));
        assertTrue(ratio.passes(1.2, true), "the busy bound 1.1 applies to a busy measurement");
        assertFalse(ratio.passes(1.09, true));
        assertTrue(bytes.passes(15000, true), "allocation has no busy bound: the one bound holds");
        assertFalse(bytes.passes(15001, true));
    }

    @Test
    void shouldRequireABusyBoundNoTighterThanTheQuietOneForEachTimingFigureOnly(@TempDir Path dir) throws IOException {
        Path missing = write(dir, VALID.replace("threads_2_vs_1.busy_min = 0.5\n", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Thresholds.read(missing));
        assertTrue(e.getMessage().contains("threads_2_vs_1.busy_min"), e.getMessage());
        Path noReason = write(dir, VALID.replace("threads_2_vs_1.busy_why = busy rounds are noisier\n", ""));
        e = assertThrows(IllegalArgumentException.class, () -> Thresholds.read(noReason));
        assertTrue(e.getMessage().contains("threads_2_vs_1.busy_why"), e.getMessage());
        Path tighter = write(dir, VALID.replace("ring_vs_centralized.busy_min = 1.1", "ring_vs_centralized.busy_min = 1.4"));
        e = assertThrows(IllegalArgumentException.class, () -> Thresholds.read(tighter));
        assertTrue(e.getMessage().contains("no tighter"), e.getMessage());
        Path wrongSide = write(dir, VALID.replace("ring_vs_centralized.busy_min = 1.1", "ring_vs_centralized.busy_max = 1.1"));
        e = assertThrows(IllegalArgumentException.class, () -> Thresholds.read(wrongSide));
        assertTrue(e.getMessage().contains("ring_vs_centralized.busy_max"), e.getMessage());
        Path onBytes = write(dir, VALID + "ring_bytes_per_request.busy_max = 20000\nring_bytes_per_request.busy_why = x\n");
        e = assertThrows(IllegalArgumentException.class, () -> Thresholds.read(onBytes));
        assertTrue(e.getMessage().contains("does not depend on timing"), e.getMessage());
    }

    @Test
    void shouldRefuseABoundWithoutAReason(@TempDir Path dir) throws IOException {
        Path file = write(dir, VALID.replace("threads_2_vs_1.why = a second thread must not slow RING down\n", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Thresholds.read(file));
        assertTrue(e.getMessage().contains("threads_2_vs_1.why"), e.getMessage());
    }

    @Test
    void shouldRefuseTwoBoundsOrAnUnknownKey(@TempDir Path dir) throws IOException {
        Path both = write(dir, VALID + "ring_vs_centralized.max = 9\n");
        assertThrows(IllegalArgumentException.class, () -> Thresholds.read(both));
        Path unknown = write(dir, VALID + "latency.max = 9\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Thresholds.read(unknown));
        assertTrue(e.getMessage().contains("latency.max"), e.getMessage());
    }

    @Test
    void shouldTakeTheMedianSoThatOneBadRoundDoesNotMoveIt() {
        assertEquals(1.8, GateFigures.median(new double[]{1.8, 0.4, 1.9}));
        assertEquals(1.75, GateFigures.median(new double[]{1.9, 0.2, 1.7, 1.8}));
    }

    private static Path write(Path dir, String text) throws IOException {
        Path file = Files.createTempFile(dir, "gate", ".properties");
        Files.writeString(file, text);
        return file;
    }
}
