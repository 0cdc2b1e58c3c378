package dev.starling.sampling.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class OverlayAnalyzerTest {

    /** Views as int arrays; a null view means the peer crashed. */
    private record Arrays(int[][] views) implements Overlay {
        @Override
        public int peerCount() {
            return views.length;
        }

        @Override
        public boolean isAlive(int peer) {
            return views[peer] != null;
        }

        @Override
        public int viewSize(int peer) {
            return views[peer].length;
        }

        @Override
        public int viewId(int peer, int i) {
            return views[peer][i];
        }
    }

    @Test
    void shouldCountInDegreeDeadLinksAndComponentsOverAlivePeersOnly() {
        // 0 -> 1, 1 -> 0 and 2 (crashed), 3 -> 4, 4 -> 2 (crashed); 2 crashed holding a view nobody reads
        Overlay overlay = new Arrays(new int[][] {{1}, {0, 2}, null, {4}, {2}});
        OverlayAnalyzer analyzer = new OverlayAnalyzer();
        OverlayStats s = analyzer.analyze(7, overlay);
        assertEquals(7, s.cycle());
        assertEquals(4, s.alive());
        assertEquals(2, s.deadLinks());
        assertEquals(2, s.components(), "{0,1} and {3,4}");
        assertArrayEquals(new int[] {1, 1, 0, 1}, analyzer.aliveInDegrees(overlay));
        assertEquals(0.75, s.inDegreeMean(), 1e-12);
        assertEquals(Math.sqrt(0.1875), s.inDegreeStd(), 1e-12);
        assertEquals(0, s.inDegreeMin());
        assertEquals(1, s.inDegreeMax());
    }

    @Test
    void shouldCountIsolatedPeersAsComponents() {
        OverlayStats s = new OverlayAnalyzer().analyze(0, new Arrays(new int[][] {{}, {}, {0}}));
        assertEquals(2, s.components());
    }

    @Test
    void shouldRoundTripACsvRow() {
        OverlayStats s = new OverlayStats(3, 10, 2.5, 1.25, 0, 7, 4, 1);
        assertEquals("3,10,2.5000,1.2500,0,7,4,1", s.toCsv());
        assertEquals(s, OverlayStats.parse(s.toCsv()));
    }
}
