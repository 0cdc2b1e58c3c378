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
            threads_2_vs_1.min = 0.9
            threads_2_vs_1.why = a second thread must not slow RING down
            sequential_timeline_ring_vs_centralized.min = 2.5
            sequential_timeline_ring_vs_centralized.why = whole timelines for one client
            ring_bytes_per_request.max = 15000
            ring_bytes_per_request.why = allocation on the hot path
            """;

    @Test
    void shouldReadTheRepositorysThresholdsWithAReasonForEach() throws IOException {
        Thresholds t = Thresholds.read(Path.of("..", "perf", "gate.properties"));
        assertEquals(GateFigures.NAMES.size(), t.figures().size());
        t.figures().forEach(threshold -> assertTrue(threshold.why().length() > 40, threshold.figure() + " explains its bound"));
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
        assertEquals(1.8, GateBench.median(new double[]{1.8, 0.4, 1.9}));
        assertEquals(1.75, GateBench.median(new double[]{1.9, 0.2, 1.7, 1.8}));
    }

    private static Path write(Path dir, String text) throws IOException {
        Path file = Files.createTempFile(dir, "gate", ".properties");
        Files.writeString(file, text);
        return file;
    }
}
