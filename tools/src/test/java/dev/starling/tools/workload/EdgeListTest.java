package dev.starling.tools.workload;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EdgeListTest {

    /** The shared graphs sit beside the repository: ../shared/data/social-graphs from its root. */
    static Path sharedGraph(String name) {
        Path dir = Path.of(System.getProperty("starling.socialGraphs", "../../shared/data/social-graphs"));
        Path file = dir.resolve(name);
        assumeTrue(Files.isRegularFile(file), "shared graph not present: " + file.toAbsolutePath());
        return file;
    }

    private static EdgeList.Loaded parse(String text) throws IOException {
        return EdgeList.parse(new BufferedReader(new StringReader(text)), "test");
    }

    @Test
    void shouldLoadEgoFacebookWithItsNodeAndEdgeCounts() throws IOException {
        EdgeList.Loaded loaded = EdgeList.read(sharedGraph("ego-facebook.edges"));
        assertEquals(4_039, loaded.nodes());
        assertEquals(88_234, loaded.edges());
        assertEquals(176_468, loaded.graph().edges());
        assertEquals(4_039, loaded.graph().users());
        assertEquals(0, loaded.duplicates());
        assertEquals(0, loaded.selfLoops());
        assertFalse(loaded.renumbered());
        assertEquals(1_045, loaded.graph().maxFollowers());
        assertEquals(1_045, loaded.graph().follows(80).length, "node 80 is the heavy user");
    }

    @Test
    void shouldLoadSocfbReed98WithItsNodeAndEdgeCounts() throws IOException {
        EdgeList.Loaded loaded = EdgeList.read(sharedGraph("socfb-Reed98.edges"));
        assertEquals(962, loaded.nodes());
        assertEquals(18_812, loaded.edges());
        assertEquals(37_624, loaded.graph().edges());
        assertEquals(0, loaded.duplicates());
        assertFalse(loaded.renumbered());
        assertEquals(313, loaded.graph().maxFollowers());
    }

    @Test
    void shouldMakeEveryEdgeTwoFollows() throws IOException {
        EdgeList.Loaded loaded = parse("0 1\n1 2\n");
        assertArrayEquals(new int[] {1}, loaded.graph().follows(0));
        assertArrayEquals(new int[] {0, 2}, loaded.graph().follows(1));
        assertArrayEquals(new int[] {1}, loaded.graph().follows(2));
        assertEquals(2, loaded.edges());
    }

    @Test
    void shouldSkipCommentsHeaderSelfLoopsAndRepeatedEdges() throws IOException {
        String text = "# a SNAP comment\nsource target\n% a Network Repository comment\n"
                + "0 1\n1\t0\n0,2,0.5\n2 2\n\n  3 1 1650000000  \n0 1\n";
        EdgeList.Loaded loaded = parse(text);
        assertEquals(4, loaded.nodes());
        assertEquals(3, loaded.edges());
        assertEquals(1, loaded.selfLoops());
        assertEquals(2, loaded.duplicates());
        assertArrayEquals(new int[] {1, 2}, loaded.graph().follows(0));
        assertArrayEquals(new int[] {0, 3}, loaded.graph().follows(1));
    }

    @Test
    void shouldSkipTheSizeLineOfAMatrixMarketFile() throws IOException {
        EdgeList.Loaded loaded = parse("%%MatrixMarket matrix coordinate pattern symmetric\n% comment\n3 3 2\n1 0\n2 0\n");
        assertEquals(3, loaded.nodes());
        assertEquals(2, loaded.edges());
        assertArrayEquals(new int[] {1, 2}, loaded.graph().follows(0));
    }

    @Test
    void shouldRenumberIdsThatAreNotExactlyZeroToN() throws IOException {
        EdgeList.Loaded loaded = parse("10 30\n30 20\n");
        assertTrue(loaded.renumbered());
        assertEquals(3, loaded.nodes());
        // 10 -> 0, 20 -> 1, 30 -> 2
        assertArrayEquals(new int[] {2}, loaded.graph().follows(0));
        assertArrayEquals(new int[] {2}, loaded.graph().follows(1));
        assertArrayEquals(new int[] {0, 1}, loaded.graph().follows(2));
    }

    @Test
    void shouldNameTheLineThatIsNotAnEdge() {
        IOException e = assertThrows(IOException.class, () -> parse("0 1\n1 two\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void shouldRejectAFileWithoutEdges() {
        assertThrows(IOException.class, () -> parse("# nothing\n"));
    }

    @Test
    void shouldKeepEachUsersFollowsSortedAndDistinct() throws IOException {
        EdgeList.Loaded loaded = parse("5 0\n3 0\n5 0\n0 4\n1 0\n2 0\n");
        int[] follows = loaded.graph().follows(0);
        int[] sorted = follows.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, follows);
        assertEquals(5, follows.length);
    }
}
