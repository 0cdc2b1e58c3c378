package dev.starling.sampling.bootstrap;

/**
 * A bootstrap structure laid out by insertion order: nodes are kept in the order they were added, and a
 * node's neighbours follow from its position alone (a tree's parent and children, a list's predecessor
 * and successor).
 */
abstract class OrderedBootstrap implements BootstrapServer {

    /** The added nodes, by position. */
    protected final InsertionOrder order = new InsertionOrder();

    @Override
    public final void add(int node) {
        order.add(node);
    }

    @Override
    public final int size() {
        return order.size();
    }
}
