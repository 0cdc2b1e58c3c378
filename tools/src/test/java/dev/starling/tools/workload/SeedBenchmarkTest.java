package dev.starling.tools.workload;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeedBenchmarkTest {

    private static final SeedBenchmark.Settings SETTINGS = new SeedBenchmark.Settings(100, 25, 10, 10, 1, 1, 1, 1);

    @Test
    void shouldBuildTheSameGraphForTheSameRepetitionAndAnotherForTheNext() {
        SeedBenchmark bench = new SeedBenchmark(SETTINGS, 7);
        SeedBenchmark.Graph rep1 = bench.graph(1);
        assertTrue(Arrays.deepEquals(rep1.follows(), new SeedBenchmark(SETTINGS, 7).graph(1).follows()));
        assertFalse(Arrays.deepEquals(rep1.follows(), bench.graph(2).follows()));
        assertFalse(Arrays.deepEquals(rep1.follows(), new SeedBenchmark(SETTINGS, 8).graph(1).follows()));
    }

    @Test
    void shouldPickFollowsWithReplacementLeavingOutOneselfAndRepeats() {
        SeedBenchmark.Graph graph = new SeedBenchmark(SETTINGS, 0).graph(1);
        assertEquals(100, graph.users());
        long edges = 0;
        for (int u = 0; u < graph.users(); u++) {
            int[] follows = graph.follows()[u];
            assertTrue(follows.length <= 25);
            assertEquals(follows.length, Arrays.stream(follows).distinct().count(), "repeated pick of user " + u);
            int self = u;
            assertTrue(Arrays.stream(follows).noneMatch(t -> t == self), "user " + u + " follows itself");
            assertTrue(Arrays.stream(follows).allMatch(t -> t >= 0 && t < 100));
            edges += follows.length;
        }
        assertEquals(edges, graph.edges());
        // 25 picks among 100 with replacement: some repeats are all but certain, so fewer distinct follows
        assertTrue(edges < 100 * 25, "no pick was repeated or oneself: " + edges);
        assertNotEquals(0, edges);
    }

    @Test
    void shouldNameUsersFromOneAsTheErlangBenchmarkDoes() {
        assertEquals("1", SeedBenchmark.name(0));
        assertEquals("5000", SeedBenchmark.name(4999));
    }
}
