package dev.starling.sampling.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrapServerTest {

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldStayConnectedAndSymmetricAfterEveryAdd(Topology topology) {
        BootstrapServer server = BootstrapServer.create(topology);
        for (int n = 1; n <= 200; n++) {
            server.add(1000 + 7 * n);  // arbitrary addresses, not positions
            assertEquals(n, reachableFrom(server, 1007, n));
        }
        for (int n = 1; n <= 200; n++) {
            int node = 1000 + 7 * n;
            for (int m : server.getNeighbors(node)) {
                assertTrue(Arrays.stream(server.getNeighbors(m)).anyMatch(x -> x == node), "links go both ways");
                assertTrue(m != node);
            }
        }
    }

    @Test
    void shouldKeepTheTreeBalanced() {
        BinaryTreeBootstrap tree = new BinaryTreeBootstrap();
        for (int n = 1; n <= 1000; n++) {
            tree.add(n);
            int maxDepth = 0;
            for (int m = 1; m <= n; m++) {
                maxDepth = Math.max(maxDepth, tree.depth(m));
                assertTrue(tree.getNeighbors(m).length <= 3);
            }
            int log2 = 31 - Integer.numberOfLeadingZeros(n);
            assertEquals(log2, maxDepth, "height is floor(log2 n) at n=" + n);
        }
    }

    @Test
    void shouldGiveParentAndChildrenInTheTree() {
        BinaryTreeBootstrap tree = new BinaryTreeBootstrap();
        for (int n = 0; n < 7; n++) {
            tree.add(n * 10);
        }
        assertArrayEquals(new int[] {10, 20}, tree.getNeighbors(0));
        assertArrayEquals(new int[] {0, 30, 40}, tree.getNeighbors(10));
        assertArrayEquals(new int[] {20}, tree.getNeighbors(60));
    }

    @Test
    void shouldLinkEachListNodeToItsPredecessorAndSuccessor() {
        BootstrapServer list = new LinkedListBootstrap();
        list.add(5);
        list.add(3);
        list.add(9);
        assertArrayEquals(new int[] {3}, list.getNeighbors(5));
        assertArrayEquals(new int[] {5, 9}, list.getNeighbors(3));
        assertArrayEquals(new int[] {3}, list.getNeighbors(9));
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldRejectDuplicateAndUnknownNodes(Topology topology) {
        BootstrapServer server = BootstrapServer.create(topology);
        server.add(1);
        assertThrows(IllegalArgumentException.class, () -> server.add(1));
        assertThrows(IllegalArgumentException.class, () -> server.getNeighbors(2));
        assertArrayEquals(new int[0], server.getNeighbors(1));
    }

    private static int reachableFrom(BootstrapServer server, int start, int expected) {
        Set<Integer> seen = new HashSet<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        todo.add(start);
        seen.add(start);
        while (!todo.isEmpty()) {
            for (int m : server.getNeighbors(todo.poll())) {
                if (seen.add(m)) {
                    todo.add(m);
                }
            }
        }
        return seen.size();
    }
}
