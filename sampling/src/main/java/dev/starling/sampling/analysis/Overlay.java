package dev.starling.sampling.analysis;

/**
 * A read-only snapshot of the overlay: peers {@code 0..peerCount()-1}, which of them are alive, and each
 * alive peer's view. Views may name crashed peers (dead links) or addresses outside the range (ignored).
 */
public interface Overlay {

    /** @return the number of peer addresses, alive or not */
    int peerCount();

    /** @param peer address @return whether it is alive */
    boolean isAlive(int peer);

    /** @param peer an alive peer @return its view size */
    int viewSize(int peer);

    /** @param peer an alive peer @param i position @return the address at {@code i} in its view */
    int viewId(int peer, int i);
}
