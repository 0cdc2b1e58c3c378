package dev.starling.tools.experiment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StatsTest {

    @Test
    void shouldGiveMeanMedianAndQuartiles() {
        Stats s = Stats.of(new double[] {5, 1, 4, 2, 3});
        assertEquals(5, s.n());
        assertEquals(3.0, s.mean(), 1e-12);
        assertEquals(3.0, s.median(), 1e-12);
        assertEquals(2.0, s.q1(), 1e-12);
        assertEquals(4.0, s.q3(), 1e-12);
        assertEquals(1.0, s.min(), 1e-12);
        assertEquals(5.0, s.max(), 1e-12);
    }

    @Test
    void shouldGiveTheStudentConfidenceIntervalOfTheMean() {
        // sample standard deviation of 1..5 is sqrt(2.5); t(0.975, 4) = 2.776
        Stats s = Stats.of(new double[] {1, 2, 3, 4, 5});
        assertEquals(2.776 * Math.sqrt(2.5) / Math.sqrt(5), s.ci95(), 1e-9);
    }

    @Test
    void shouldInterpolateBetweenOrderStatistics() {
        Stats s = Stats.of(new double[] {10, 20, 30, 40});
        assertEquals(25.0, s.median(), 1e-12);
        assertEquals(17.5, s.q1(), 1e-12);
    }

    @Test
    void shouldGiveNoIntervalForOneSample() {
        Stats s = Stats.of(new double[] {7});
        assertEquals(7.0, s.median(), 1e-12);
        assertEquals(0.0, s.ci95(), 1e-12);
    }

    @Test
    void shouldRefuseNoSamples() {
        assertThrows(IllegalArgumentException.class, () -> Stats.of(new double[0]));
    }

    @Test
    void shouldUseTheNormalQuantileForManySamples() {
        assertEquals(12.706, Stats.t975(1), 1e-9);
        assertEquals(2.042, Stats.t975(30), 1e-9);
        assertEquals(1.96, Stats.t975(500), 1e-9);
    }
}
