package dev.starling.engine.store;

import net.openhft.chronicle.bytes.Byteable;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.PointerBytesStore;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A view over the bytes of one entry, as Chronicle Map hands it out: {@code map.getUsing(key, flyweight)}
 * points the flyweight at the entry's own off-heap memory, so updates happen in place without
 * copying or allocating. A new flyweight starts over a private heap buffer, so it can also serve
 * as a key or as the initial value of a {@code put}.
 *
 * <p>Writes through a flyweight take no lock: that is safe because each shard's handler thread is
 * the only writer of the entries it updates this way (single-writer principle). Entries that
 * other threads read while it writes say how in their own class ({@link TimelineWindow}'s
 * version, {@link UserRecord}'s ordered message count).
 */
public abstract class Flyweight implements Byteable {

    protected BytesStore<?, ?> store;
    protected long offset;
    /** The entry's memory once {@link #pin pinned}; null before. */
    private UnsafeBuffer pinned;

    protected Flyweight() {
        this.store = BytesStore.wrap(new byte[Math.toIntExact(maxSize())]);
        this.offset = 0;
    }

    /** A flyweight over a private heap buffer of {@code size} bytes, for one whose size varies by instance. */
    protected Flyweight(long size) {
        this.store = BytesStore.wrap(new byte[Math.toIntExact(size)]);
        this.offset = 0;
    }

    /**
     * A flyweight with no bytes of its own, to be pointed at a map entry by {@code getUsing} and
     * kept there (a reader's view of one entry); using it before that throws.
     */
    protected Flyweight(boolean unbound) {
        this.store = null;
        this.offset = 0;
    }

    @Override
    @SuppressWarnings("rawtypes") // Chronicle's Byteable declares the parameter raw; an override must match it
    public void bytesStore(BytesStore bytesStore, long offset, long length) {
        if (length != maxSize()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " expects " + maxSize() + " bytes, got " + length);
        }
        this.store = bytesStore;
        this.offset = offset;
        this.pinned = null;
    }

    /**
     * Gives this flyweight a pointer of its own to the entry it was just pointed at. After
     * {@code getUsing} it reads through the map context's pointer, which that thread's next
     * look-up in the same map moves to another entry; a pinned flyweight keeps the entry until the
     * entry is removed or the map is closed (entries are only written in place, never moved).
     * Reading it after that is a crash, or worse, another entry's bytes.
     */
    public void pin() {
        long address = store.addressForRead(offset);
        PointerBytesStore pointer = new PointerBytesStore();
        pointer.set(address, maxSize());
        this.store = pointer;
        this.offset = 0;
        // Reads and writes of a pinned flyweight go straight to memory: Chronicle's accessors check
        // their store's state on every call, which costs more than the access on the fan-out path.
        this.pinned = new UnsafeBuffer(address, Math.toIntExact(maxSize()));
    }

    /**
     * Copies the bytes this flyweight points at into a heap buffer of its own and reads from there
     * on: it then holds a value, no longer a view of an entry, and stays the same whatever the map
     * does next. For keys and values that outlive the look-up or iteration step that found them.
     */
    public void detach() {
        byte[] copy = new byte[Math.toIntExact(maxSize())];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = readByte(i);
        }
        this.store = BytesStore.wrap(copy);
        this.offset = 0;
        this.pinned = null;
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
        return pinned != null ? pinned.getLong((int) at) : store.readLong(offset + at);
    }

    protected final void writeLong(long at, long value) {
        if (pinned != null) {
            pinned.putLong((int) at, value);
        } else {
            store.writeLong(offset + at, value);
        }
    }

    protected final long readVolatileLong(long at) {
        return pinned != null ? pinned.getLongVolatile((int) at) : store.readVolatileLong(offset + at);
    }

    /** A store that no earlier store of this thread can be reordered after (a release). */
    protected final void writeOrderedLong(long at, long value) {
        if (pinned != null) {
            pinned.putLongRelease((int) at, value);
        } else {
            store.writeOrderedLong(offset + at, value);
        }
    }

    /** A store ordered with every load and store around it (sequentially consistent). */
    protected final void writeVolatileLong(long at, long value) {
        if (pinned != null) {
            pinned.putLongVolatile((int) at, value);
        } else {
            store.writeVolatileLong(offset + at, value);
        }
    }

    protected final boolean compareAndSwapLong(long at, long expected, long value) {
        return pinned != null ? pinned.compareAndSetLong((int) at, expected, value)
                : store.compareAndSwapLong(offset + at, expected, value);
    }

    protected final int readInt(long at) {
        return pinned != null ? pinned.getInt((int) at) : store.readInt(offset + at);
    }

    protected final byte readByte(long at) {
        return pinned != null ? pinned.getByte((int) at) : store.readByte(offset + at);
    }

    protected final void writeByte(long at, byte value) {
        if (pinned != null) {
            pinned.putByte((int) at, value);
        } else {
            store.writeByte(offset + at, value);
        }
    }
}
