package dev.starling.sampling.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {

    private static Charts.Series line(String name, int n) {
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            y[i] = 100.0 / (i + 1);
        }
        return new Charts.Series(name, x, y);
    }

    @Test
    void shouldRefuseAPanelOfMoreThanFiveSeries() {
        List<Charts.Series> four = List.of(line("a", 3), line("b", 3), line("c", 3), line("d", 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Charts.Panel("p", "x (s)", "y (s)", false, four, List.of(line("e", 3), line("f", 3)), false));
        assertTrue(e.getMessage().contains("at most 5 series"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Charts.Panel("p", "x", "y", false, List.of(line("a", 3)), List.of(line("e", 3), line("f", 3)), true));
    }

    @Test
    void shouldThinALongCurveOnALogScaleKeepingItsEndsAndItsStart() {
        Charts.Series s = Charts.thin(line("dead links", 298), true);
        int n = s.x().length;
        assertTrue(n <= 81 && n >= 40, "points kept: " + n);
        assertEquals(1.0, s.x()[0]);
        assertEquals(298.0, s.x()[n - 1]);
        // on a log scale the first cycles are far apart: all of 1..10 stay
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, java.util.Arrays.copyOf(s.x(), 10));
        Charts.Series shortOne = line("short", 16);
        assertEquals(shortOne, Charts.thin(shortOne, false));
    }

    @Test
    void shouldDrawPanelsSideBySide(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("two.png");
        Charts.panels(png, "two panels", List.of(
                new Charts.Panel("left", "x (cycles)", "y (%)", true, List.of(line("ours", 200)), List.of(line("paper", 5)), true),
                new Charts.Panel("right", "x (cycles)", "y (%)", false, List.of(line("ours", 10)), List.of(), false)), 2);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(2 * 720, image.getWidth());
        assertEquals(40 + 500, image.getHeight());
    }
}
