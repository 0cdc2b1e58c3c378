package dev.starling.sampling.sim;

import java.util.random.RandomGenerator;

/**
 * One random stream per peer, all in one {@code long[]}: a SplitMix64 generator whose state for peer p is
 * {@code states[p * stride]} (the simulator keeps it just before the peer's view, so that both are in the same
 * cache lines). This object is a flyweight pointed at one peer with {@link #at}, which reads that state into a
 * field; draws advance the field and {@link #save} writes it back. Drawing from a field rather than from the array
 * lets the compiler keep the state in a register while a view (also in a {@code long[]}) is written between
 * draws. Because an exchange draws only from its two peers' streams, the outcome of a set of disjoint exchanges does not depend on the
 * order, or the threads, they run in: what keeps the simulator deterministic on several cores.
 */
final class PeerRandom implements RandomGenerator {
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private final long[] states;
    private final int stride;
    private int index;
    private long state;

    /**
     * @param states the array holding every peer's state
     * @param stride longs from one peer's state to the next one's
     */
    PeerRandom(long[] states, int stride) {
        this.states = states;
        this.stride = stride;
    }

    /**
     * @param seed  the run's seed
     * @param peers number of streams
     * @return the streams' first states, each from the seed and the address through the SplitMix64 finalizer
     */
    static long[] seed(long seed, int peers) {
        long[] s = new long[peers];
        long base = mix(seed);
        for (int p = 0; p < peers; p++) {
            s[p] = mix(base + mix(p + 1L));
        }
        return s;
    }

    /**
     * @param p the peer whose stream to draw from; the stream of the peer this pointed at before must have been
     *          {@link #save saved} if it was drawn from
     * @return this
     */
    PeerRandom at(int p) {
        this.index = p * stride;
        this.state = states[index];
        return this;
    }

    /** Writes the stream's advanced state back, for the next {@link #at} of that peer. */
    void save() {
        states[index] = state;
    }

    @Override
    public long nextLong() {
        return mix(state += GOLDEN);
    }

    /**
     * Lemire's multiply-shift: one draw per call, bias at most {@code bound / 2^32} (below 10^-8 for the bounds
     * of a view), the same value on every platform.
     */
    @Override
    public int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
