package dev.starling.engine.store;

import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesMarshallable;
import net.openhft.chronicle.bytes.BytesOut;

/** A message as stored in its sender's shard: stamp, qualified sender and text (UTF-8). */
public final class StoredMessage implements BytesMarshallable {

    private long stamp;
    private String sender;
    private String text;

    public StoredMessage() {
    }

    public StoredMessage set(long stamp, String sender, String text) {
        this.stamp = stamp;
        this.sender = sender;
        this.text = text;
        return this;
    }

    public long stamp() {
        return stamp;
    }

    public String sender() {
        return sender;
    }

    public String text() {
        return text;
    }

    @Override
    public void readMarshallable(BytesIn<?> in) {
        stamp = in.readLong();
        sender = in.readUtf8();
        text = in.readUtf8();
    }

    @Override
    public void writeMarshallable(BytesOut<?> out) {
        out.writeLong(stamp);
        out.writeUtf8(sender);
        out.writeUtf8(text);
    }
}
