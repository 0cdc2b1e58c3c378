package dev.starling.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The work one shard hands to another through the receiver's {@link ShardInbox}: fixed binary
 * layouts (no objects cross threads, nothing is allocated), encoded by {@link HandOverProxy} and
 * decoded by {@link InboxAdapter}.
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

    // BACKFILL and REMOTE_FOLLOWED: correlation (0 for BACKFILL), followerId, followedId, count,
    // then count x (stamp, messageId), newest first
    static final int BACKFILL_CORRELATION = 0;
    static final int BACKFILL_FOLLOWER = 8;
    static final int BACKFILL_FOLLOWED = 16;
    static final int BACKFILL_COUNT = 24;
    static final int BACKFILL_ENTRIES = 28;
    static final int BACKFILL_ENTRY = 16;

    /** The largest message any shard hands over (a full-window backfill). */
    static final int MAX_LENGTH = BACKFILL_ENTRIES + 800 * BACKFILL_ENTRY;

    private ShardMessages() {
    }

    static int encodeDeliver(MutableDirectBuffer buffer, long sender, long messageId, long stamp) {
        buffer.putLong(DELIVER_SENDER, sender);
        buffer.putLong(DELIVER_MESSAGE, messageId);
        buffer.putLong(DELIVER_STAMP, stamp);
        return DELIVER_LENGTH;
    }

    static int encodeFollowerAdded(MutableDirectBuffer buffer, long followed, long follower, int followerShard) {
        buffer.putLong(ADDED_FOLLOWED, followed);
        buffer.putLong(ADDED_FOLLOWER, follower);
        buffer.putInt(ADDED_SHARD, followerShard);
        return ADDED_LENGTH;
    }

    static int encodeBackfill(MutableDirectBuffer buffer, Backfill backfill) {
        return encodeRemoteFollowed(buffer, 0, backfill);
    }

    static int encodeRemoteFollowed(MutableDirectBuffer buffer, long correlation, Backfill backfill) {
        buffer.putLong(BACKFILL_CORRELATION, correlation);
        buffer.putLong(BACKFILL_FOLLOWER, backfill.follower);
        buffer.putLong(BACKFILL_FOLLOWED, backfill.followed);
        buffer.putInt(BACKFILL_COUNT, backfill.count);
        for (int i = 0; i < backfill.count; i++) {
            int at = BACKFILL_ENTRIES + i * BACKFILL_ENTRY;
            buffer.putLong(at, backfill.stamps[i]);
            buffer.putLong(at + 8, backfill.ids[i]);
        }
        return BACKFILL_ENTRIES + backfill.count * BACKFILL_ENTRY;
    }

    /** Decodes a BACKFILL or REMOTE_FOLLOWED message into {@code into}; returns its correlation. */
    static long decodeBackfill(DirectBuffer buffer, int offset, Backfill into) {
        into.reset(buffer.getLong(offset + BACKFILL_FOLLOWER), buffer.getLong(offset + BACKFILL_FOLLOWED));
        int n = buffer.getInt(offset + BACKFILL_COUNT);
        for (int i = 0; i < n; i++) {
            int at = offset + BACKFILL_ENTRIES + i * BACKFILL_ENTRY;
            into.add(buffer.getLong(at), buffer.getLong(at + 8));
        }
        return buffer.getLong(offset + BACKFILL_CORRELATION);
    }
}
