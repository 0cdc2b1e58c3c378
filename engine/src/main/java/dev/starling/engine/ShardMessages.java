package dev.starling.engine;

/**
 * The work one shard hands to another through the receiver's inbox (an Agrona many-to-one ring
 * buffer of fixed binary layouts: no objects cross threads, nothing is allocated).
 */
final class ShardMessages {

    /** A message was sent by a user with followers in the receiving shard: fan it out there. */
    static final int DELIVER = 1;
    /** A follower living in shard {@code followerShard} now follows {@code followed}: note it, send a backfill. */
    static final int FOLLOWER_ADDED = 2;
    /** Recent messages of a followed user, for one new follower's timeline. */
    static final int BACKFILL = 3;
    /**
     * A user of another instance accepted a follow by a user of the receiving shard: record the
     * edge, insert the backfill (whose copies the sending shard already stored), answer the caller.
     */
    static final int REMOTE_FOLLOWED = 4;

    // DELIVER: senderId, messageId, stamp
    static final int DELIVER_SENDER = 0;
    static final int DELIVER_MESSAGE = 8;
    static final int DELIVER_STAMP = 16;
    static final int DELIVER_LENGTH = 24;

    // FOLLOWER_ADDED: followedId, followerId, followerShard
    static final int ADDED_FOLLOWED = 0;
    static final int ADDED_FOLLOWER = 8;
    static final int ADDED_SHARD = 16;
    static final int ADDED_LENGTH = 20;

    // BACKFILL: followerId, count, then count x (stamp, messageId)
    static final int BACKFILL_FOLLOWER = 0;
    static final int BACKFILL_COUNT = 8;
    static final int BACKFILL_ENTRIES = 12;
    static final int BACKFILL_ENTRY = 16;

    // REMOTE_FOLLOWED: followerId, followedId, correlation, count, then count x (stamp, messageId)
    static final int REMOTE_FOLLOWER = 0;
    static final int REMOTE_FOLLOWED_ID = 8;
    static final int REMOTE_CORRELATION = 16;
    static final int REMOTE_COUNT = 24;
    static final int REMOTE_ENTRIES = 28;

    /** The largest message any shard hands over (a full-window backfill after a remote follow). */
    static final int MAX_LENGTH = REMOTE_ENTRIES + 800 * BACKFILL_ENTRY;

    private ShardMessages() {
    }

    static int backfillLength(int count) {
        return BACKFILL_ENTRIES + count * BACKFILL_ENTRY;
    }

    static int remoteFollowedLength(int count) {
        return REMOTE_ENTRIES + count * BACKFILL_ENTRY;
    }
}
