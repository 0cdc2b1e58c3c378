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
}
