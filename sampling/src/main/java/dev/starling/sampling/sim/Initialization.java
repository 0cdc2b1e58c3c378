package dev.starling.sampling.sim;

import java.util.Locale;

/** How the simulator fills the first views. */
public enum Initialization {
    /** Each view holds c distinct peers drawn uniformly at random, age 0 (the paper's random start). */
    RANDOM,
    /** Each view holds the peer's neighbours in the bootstrap binary tree. */
    TREE,
    /** Each view holds the peer's neighbours in the bootstrap doubly linked list. */
    LIST;

    /**
     * @param text random, tree or list, any case
     * @return the initialization
     */
    public static Initialization parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("initialization must be random, tree or list, not '" + text + "'", e);
        }
    }
}
