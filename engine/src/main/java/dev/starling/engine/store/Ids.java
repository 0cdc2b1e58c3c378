package dev.starling.engine.store;

/**
 * How user and message ids are built, so that an id alone says where its data lives.
 * A user id holds its shard (6 bits), its instance (10 bits) and a per-shard sequence (24 bits);
 * a message id is the sender's user id followed by the message's number in that user's profile
 * (23 bits), so a profile page is a run of direct look-ups, newest first.
 */
public final class Ids {

    public static final int MAX_SHARDS = 64;
    public static final int MAX_INSTANCES = 1024;
    public static final long MAX_USERS_PER_SHARD = 1L << 24;
    public static final long MAX_MESSAGES_PER_USER = 1L << 23;

    private Ids() {
    }

    public static long userId(int instance, int shard, long sequence) {
        return (sequence << 16) | ((long) instance << 6) | shard;
    }

    public static int shardOfUser(long userId) {
        return (int) (userId & 63);
    }

    public static int instanceOfUser(long userId) {
        return (int) ((userId >>> 6) & 1023);
    }

    public static long messageId(long senderId, long number) {
        return (senderId << 23) | number;
    }

    public static long senderOf(long messageId) {
        return messageId >>> 23;
    }

    public static long numberOf(long messageId) {
        return messageId & (MAX_MESSAGES_PER_USER - 1);
    }
}
