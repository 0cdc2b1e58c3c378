package dev.starling.engine.store;

/** Two longs as one reusable key: a follow edge (follower, followed) or a list slot (owner, index). */
public final class PairKey extends Flyweight {

    public static final long SIZE = 16;

    public PairKey() {
        super();
    }

    @Override
    public long maxSize() {
        return SIZE;
    }

    public long first() {
        return readLong(0);
    }

    public long second() {
        return readLong(8);
    }

    public PairKey set(long first, long second) {
        writeLong(0, first);
        writeLong(8, second);
        return this;
    }

    @Override
    public String toString() {
        return "(" + first() + ", " + second() + ")";
    }
}
