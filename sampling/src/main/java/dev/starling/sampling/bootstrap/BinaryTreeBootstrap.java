package dev.starling.sampling.bootstrap;

import org.agrona.collections.IntArrayList;

/**
 * A balanced binary tree in array layout: the node added {@code i}-th sits at position {@code i}, its parent
 * at {@code (i-1)/2} and its children at {@code 2i+1}, {@code 2i+2}. Filling positions in order keeps every
 * level full before the next one starts, so the tree is always balanced (height {@code floor(log2 n)}) and
 * connected (every node but the root has its parent).
 */
public final class BinaryTreeBootstrap extends OrderedBootstrap {

    @Override
    public int[] getNeighbors(int node) {
        int i = order.positionOf(node);
        IntArrayList out = new IntArrayList(3, -1);
        if (i > 0) {
            out.addInt(order.nodeAt((i - 1) / 2));
        }
        for (long child = 2L * i + 1; child <= 2L * i + 2; child++) {
            if (child < order.size()) {
                out.addInt(order.nodeAt((int) child));
            }
        }
        return out.toIntArray();
    }


    /**
     * @param node an added node
     * @return its depth, 0 for the root
     */
    public int depth(int node) {
        int i = order.positionOf(node);
        return 31 - Integer.numberOfLeadingZeros(i + 1);
    }
}
