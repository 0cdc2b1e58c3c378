package dev.starling.sampling.bootstrap;

/**
 * The bootstrap network: a connected structure that peers are added to one by one, whose neighbour lists
 * become the first views. Implementations keep the structure connected after every {@link #add(int)}.
 */
public interface BootstrapServer {

    /**
     * Adds a node to the structure.
     *
     * @param node the node's address; must not be present yet
     */
    void add(int node);

    /**
     * @param node an added node
     * @return its neighbours in the structure, a fresh array
     */
    int[] getNeighbors(int node);

    /** @return how many nodes were added */
    int size();

    /**
     * @param topology tree or list
     * @return an empty server of that shape
     */
    static BootstrapServer create(Topology topology) {
        return switch (topology) {
            case TREE -> new BinaryTreeBootstrap();
            case LIST -> new LinkedListBootstrap();
        };
    }
}
