package dev.starling.sampling.protocol;

import java.util.Locale;

/** How the active side picks the partner of an exchange. */
public enum PeerSelection {
    /** Uniformly at random over the view. */
    RAND,
    /** The descriptor with the highest age. */
    TAIL;

    /**
     * Parses {@code rand} or {@code tail}, case-insensitively.
     *
     * @param text the name
     * @return the policy
     */
    public static PeerSelection parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("peer selection must be rand or tail, not '" + text + "'", e);
        }
    }

    /** @return the lower-case name used on the command line */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
