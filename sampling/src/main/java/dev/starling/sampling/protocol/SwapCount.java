package dev.starling.sampling.protocol;

/**
 * What the swap parameter S counts in step 4 of a merge, {@code removeHead(min(S, view.size - c))}. A buffer
 * holds the sender's own descriptor followed by the first {@code c/2 - 1} entries of its view, and the view never
 * holds the node's own descriptor, so the two readings differ by one entry:
 * <ul>
 *   <li>{@link #VIEW}: S view entries go from the head, as the paper's pseudo-code reads literally. S up to
 *       {@code c/2 - 1} removes S of the entries just sent; S = c/2 removes all of them and one entry that was
 *       not sent.</li>
 *   <li>{@link #BUFFER}: S counts the buffer's {@code c/2} items, own descriptor first; that one is not in the
 *       view, so {@code min(max(S - 1, 0), view.size - c)} view entries go. S = c/2 removes exactly the entries
 *       sent, and the converged in-degree deviation against S is the paper's Fig. 4 (docs/sampling.md).</li>
 * </ul>
 */
public enum SwapCount {
    /** S view entries from the head (the pseudo-code read literally; the default). */
    VIEW,
    /** S buffer items, the sender's own descriptor first: S - 1 view entries from the head. */
    BUFFER;

    /**
     * @param swap   S
     * @param excess view entries above c after steps 1 to 3
     * @return how many entries step 4 removes from the head
     */
    public int removals(int swap, int excess) {
        int s = this == BUFFER ? Math.max(0, swap - 1) : swap;
        return Math.max(0, Math.min(s, excess));
    }

    /**
     * @param text {@code view} or {@code buffer}, case-insensitively
     * @return the reading
     */
    public static SwapCount parse(String text) {
        return EnumNames.parse(SwapCount.class, text);
    }

    /** @return the lower-case name used on the command line */
    public String label() {
        return EnumNames.label(this);
    }
}
