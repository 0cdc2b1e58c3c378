package dev.starling.engine.store;

import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesMarshallable;
import net.openhft.chronicle.bytes.BytesOut;

import java.nio.charset.StandardCharsets;

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

    // Strings are written as a length and raw UTF-8 and decoded with new String(...): Chronicle's
    // readUtf8 interns every string it reads, which costs more than the map look-up itself.

    @Override
    public void readMarshallable(BytesIn<?> in) {
        stamp = in.readLong();
        sender = readString(in);
        text = readString(in);
    }

    @Override
    public void writeMarshallable(BytesOut<?> out) {
        out.writeLong(stamp);
        writeString(out, sender);
        writeString(out, text);
    }

    private static String readString(BytesIn<?> in) {
        int length = (int) in.readStopBit();
        byte[] bytes = new byte[length];
        in.read(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeString(BytesOut<?> out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeStopBit(bytes.length);
        out.write(bytes);
    }
}
