package dev.starling.engine.store;

import java.nio.charset.StandardCharsets;

/**
 * A user's fixed-size record, updated in place by the owning shard: how many messages the user
 * sent (message {@code n} has id {@link Ids#messageId(long, long)}), the stamp of the last one
 * (stamps strictly increase per sender), which shards hold followers of the user, which other
 * instances do, the user's name as registered (ASCII, at most 30 characters by the API's rules),
 * and the number of the user's current home timeline window ({@link #windowNumber}).
 *
 * <p>An instance also keeps a record for each remote user that some of its own users follow (a
 * proxy, keyed by the remote user's id): its follower shards say where to fan out the copies of
 * that user's messages that arrive over federation; its other fields stay unused.
 */
public final class UserRecord extends Flyweight {

    private static final long MESSAGE_COUNT = 0;
    private static final long LAST_STAMP = 8;
    private static final long FOLLOWER_SHARDS = 16;
    private static final long REMOTE_INSTANCES = 24;
    private static final long USER_ID = 32;
    private static final long NAME_LENGTH = 40;
    private static final long NAME = 41;
    private static final int MAX_NAME = 31;
    private static final long WINDOW_NUMBER = NAME + MAX_NAME;
    public static final long SIZE = WINDOW_NUMBER + 8;

    public UserRecord() {
        super();
    }

    /** A reader's view with no bytes of its own; see {@link Flyweight#Flyweight(boolean)}. */
    public static UserRecord view() {
        return new UserRecord(true);
    }

    private UserRecord(boolean unbound) {
        super(unbound);
    }

    @Override
    public long maxSize() {
        return SIZE;
    }

    public UserRecord init(long userId, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > MAX_NAME) {
            throw new IllegalArgumentException("name too long for a user record: " + name);
        }
        writeLong(MESSAGE_COUNT, 0);
        writeLong(LAST_STAMP, 0);
        writeLong(FOLLOWER_SHARDS, 0);
        writeLong(REMOTE_INSTANCES, 0);
        writeLong(USER_ID, userId);
        writeLong(WINDOW_NUMBER, 0);
        writeByte(NAME_LENGTH, (byte) bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            writeByte(NAME + i, bytes[i]);
        }
        return this;
    }

    /**
     * Messages sent so far. Other threads read it (profile reads on the caller's thread), so it
     * is written with release and read with acquire: a reader that sees n sees messages 0..n-1
     * in the store.
     */
    public long messageCount() {
        return readVolatileLong(MESSAGE_COUNT);
    }

    public void messageCount(long count) {
        writeOrderedLong(MESSAGE_COUNT, count);
    }

    public long lastStamp() {
        return readLong(LAST_STAMP);
    }

    public void lastStamp(long stamp) {
        writeLong(LAST_STAMP, stamp);
    }

    /** Bit {@code s} is set when shard {@code s} holds at least one follower of this user. */
    public long followerShards() {
        return readLong(FOLLOWER_SHARDS);
    }

    public void followerShards(long mask) {
        writeLong(FOLLOWER_SHARDS, mask);
    }

    /** Bit {@code i} is set when the instance with index {@code i} holds at least one follower of this user. */
    public long remoteInstances() {
        return readLong(REMOTE_INSTANCES);
    }

    public void remoteInstances(long mask) {
        writeLong(REMOTE_INSTANCES, mask);
    }

    public long userId() {
        return readLong(USER_ID);
    }

    /**
     * The number of the user's current home timeline window: its key in the timelines store is
     * (user id, number), and the number grows by one each time the shard replaces the window with
     * a larger one. Readers on other threads check it before they read a window they kept; it is
     * written sequentially consistent, so that the writer's next look at how many readers are
     * inside cannot be ordered before it (see the engine's HomeTimelines).
     */
    public long windowNumber() {
        return readVolatileLong(WINDOW_NUMBER);
    }

    public void windowNumber(long number) {
        writeVolatileLong(WINDOW_NUMBER, number);
    }

    public String name() {
        int length = readByte(NAME_LENGTH);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = readByte(NAME + i);
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
