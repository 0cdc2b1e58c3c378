package dev.starling.sampling.bootstrap;

import java.util.Locale;

/** The shape of the bootstrap network. */
public enum Topology {
    /** A balanced binary tree in array layout (at most 3 neighbours). */
    TREE,
    /** A doubly linked list (at most 2 neighbours). */
    LIST;

    /**
     * @param text tree or list, any case
     * @return the topology
     */
    public static Topology parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bootstrap topology must be tree or list, not '" + text + "'", e);
        }
    }
}
