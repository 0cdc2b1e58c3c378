package dev.starling.sampling.bootstrap;

import org.agrona.collections.IntArrayList;

/** A doubly linked list in insertion order: each node's neighbours are the nodes added just before and after it. */
public final class LinkedListBootstrap extends OrderedBootstrap {

    @Override
    public int[] getNeighbors(int node) {
        int i = order.positionOf(node);
        IntArrayList out = new IntArrayList(2, -1);
        if (i > 0) {
            out.addInt(order.nodeAt(i - 1));
        }
        if (i + 1 < order.size()) {
            out.addInt(order.nodeAt(i + 1));
        }
        return out.toIntArray();
    }
}
