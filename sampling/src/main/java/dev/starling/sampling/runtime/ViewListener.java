package dev.starling.sampling.runtime;

import dev.starling.sampling.protocol.View;

/**
 * Told by a hosting agent, on its own thread, of a peer's view at each cycle, just before the peer's cycle
 * timer restarts. Implementations must be thread-safe when the runtime has more than one agent, and must
 * not keep the view: it changes after the call returns.
 */
@FunctionalInterface
public interface ViewListener {

    /** A listener that ignores everything. */
    ViewListener NONE = (cycle, peer, view) -> { };

    /**
     * @param cycle the cycle number (cycle k starts at k periods after the runtime's epoch)
     * @param peer  the peer's address
     * @param view  its view, read-only during the call
     */
    void onView(long cycle, int peer, View view);

    /**
     * What the agents call: the same, with the cycle under way when the log was written. A peer whose agent
     * was starved logs cycle k late, in a later cycle; it is still alive. By default the extra value is dropped.
     *
     * @param cycle    the cycle the log belongs to
     * @param peer     the peer's address
     * @param view     its view, read-only during the call
     * @param loggedIn the cycle under way when the log was written: {@code cycle}, or later when late
     */
    default void onView(long cycle, int peer, View view, long loggedIn) {
        onView(cycle, peer, view);
    }
}
