package dev.starling.engine.store;

import net.openhft.chronicle.bytes.Byteable;
import net.openhft.chronicle.bytes.BytesStore;

/**
 * A fixed-size view over bytes, as Chronicle Map hands it out: {@code map.getUsing(key, flyweight)}
 * points the flyweight at the entry's own off-heap memory, so updates happen in place without
 * copying or allocating. A new flyweight starts over a private heap buffer, so it can also serve
 * as a key or as the initial value of a {@code put}.
 *
 * <p>Writes through a flyweight take no lock: that is safe because each shard's handler thread is
 * the only reader and writer of the entries it updates this way (single-writer principle).
 */
public abstract class Flyweight implements Byteable {

    protected BytesStore<?, ?> store;
    protected long offset;

    protected Flyweight() {
        this.store = BytesStore.wrap(new byte[Math.toIntExact(maxSize())]);
        this.offset = 0;
    }

    @Override
    public void bytesStore(BytesStore bytesStore, long offset, long length) {
        if (length != maxSize()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " expects " + maxSize() + " bytes, got " + length);
        }
        this.store = bytesStore;
        this.offset = offset;
    }

    @Override
    public BytesStore<?, ?> bytesStore() {
        return store;
    }

    @Override
    public long offset() {
        return offset;
    }

    protected final long readLong(long at) {
        return store.readLong(offset + at);
    }

    protected final void writeLong(long at, long value) {
        store.writeLong(offset + at, value);
    }

    protected final int readInt(long at) {
        return store.readInt(offset + at);
    }

    protected final void writeInt(long at, int value) {
        store.writeInt(offset + at, value);
    }

    protected final byte readByte(long at) {
        return store.readByte(offset + at);
    }

    protected final void writeByte(long at, byte value) {
        store.writeByte(offset + at, value);
    }
}
