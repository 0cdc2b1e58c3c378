package dev.starling.tools.workload;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocialGraphTest {

    @Test
    void shouldGiveTheDemosGraphWhenNoRemoteFractionIsAsked() {
        SocialGraph demo = SocialGraph.powerLaw(2_000, 20, 1.0, 42);
        SocialGraph placed = SocialGraph.powerLaw(2_000, 20, 1.0, 42, 4, -1);
        for (int u = 0; u < demo.users(); u++) {
            assertArrayEquals(demo.follows(u), placed.follows(u));
        }
    }

    @Test
    void shouldPlaceTheAskedShareOfFollowsAcrossInstances() {
        for (double share : new double[] {0.0, 0.2, 0.5, 1.0}) {
            SocialGraph graph = SocialGraph.powerLaw(4_000, 10, 1.0, 7, 4, share);
            assertEquals(share, graph.remoteShare(4), 0.02, "remote share asked " + share);
            assertEquals(10.0, (double) graph.edges() / graph.users(), 0.5, "mean follows");
        }
    }

    @Test
    void shouldLeaveAboutNMinusOneOverNAcrossInstancesByDefault() {
        SocialGraph graph = SocialGraph.powerLaw(4_000, 10, 1.0, 7);
        assertEquals(0.75, graph.remoteShare(4), 0.05);
        assertEquals(0.0, graph.remoteShare(1));
    }

    @Test
    void shouldGiveAFewUsersManyFollowers() {
        SocialGraph graph = SocialGraph.powerLaw(5_000, 20, 1.0, 42, 2, 0.3);
        assertTrue(graph.maxFollowers() > 20 * 20, "max followers " + graph.maxFollowers());
    }

    @Test
    void shouldRejectARemoteFractionWithOneInstance() {
        assertThrows(IllegalArgumentException.class, () -> SocialGraph.powerLaw(100, 5, 1.0, 1, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> SocialGraph.powerLaw(100, 5, 1.0, 1, 2, 1.5));
    }
}
