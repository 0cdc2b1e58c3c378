package dev.starling.sampling.protocol;

import java.util.Locale;

/** Whether only the active side sends its buffer ({@link #PUSH}) or both sides swap buffers ({@link #PUSHPULL}). */
public enum Propagation {
    /** The active side sends; the passive side only merges. */
    PUSH,
    /** The passive side answers with its own buffer, and both merge. */
    PUSHPULL;

    /**
     * Parses {@code push} or {@code pushpull}, case-insensitively.
     *
     * @param text the name
     * @return the policy
     */
    public static Propagation parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("propagation must be push or pushpull, not '" + text + "'", e);
        }
    }

    /** @return the lower-case name used on the command line */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
