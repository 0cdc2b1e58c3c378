package dev.starling.engine.store;

/** One long, as a reusable off-heap key or value (no boxing on the hot path). */
public final class LongCell extends Flyweight {

    public static final long SIZE = 8;

    public LongCell() {
        super();
    }

    public static LongCell of(long value) {
        LongCell cell = new LongCell();
        cell.set(value);
        return cell;
    }

    @Override
    public long maxSize() {
        return SIZE;
    }

    public long get() {
        return readLong(0);
    }

    public LongCell set(long value) {
        writeLong(0, value);
        return this;
    }

    @Override
    public String toString() {
        return Long.toString(get());
    }
}
