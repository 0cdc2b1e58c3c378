package dev.starling.sampling.bootstrap;

import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.IntArrayList;

/** Nodes in the order they were added, and each node's position in that order. */
final class InsertionOrder {
    private final IntArrayList nodes = new IntArrayList();
    private final Int2IntHashMap positions = new Int2IntHashMap(-1);

    void add(int node) {
        if (positions.containsKey(node)) {
            throw new IllegalArgumentException("node " + node + " was already added");
        }
        positions.put(node, nodes.size());
        nodes.addInt(node);
    }

    int positionOf(int node) {
        int p = positions.get(node);
        if (p < 0) {
            throw new IllegalArgumentException("node " + node + " was never added");
        }
        return p;
    }

    int nodeAt(int position) {
        return nodes.getInt(position);
    }

    int size() {
        return nodes.size();
    }
}
