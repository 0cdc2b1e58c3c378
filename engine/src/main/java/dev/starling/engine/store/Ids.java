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

    /**
     * The shard of a local name among {@code shards}: a spread hash of the name folded to lower
     * case (names are unique ignoring case). Every instance uses this rule, so another instance's
     * shard is found from its shard count.
     */
    public static int shardOfName(String localName, int shards) {
        int h = localName.toLowerCase(java.util.Locale.ROOT).hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b; // spread the hash so that similar names land on different shards
        h ^= h >>> 13;
        return Math.floorMod(h, shards);
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
