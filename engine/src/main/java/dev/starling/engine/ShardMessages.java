package dev.starling.engine;

import dev.starling.engine.codecs.BackfillDecoder;
import dev.starling.engine.codecs.BackfillEncoder;
import dev.starling.engine.codecs.DeliverDecoder;
import dev.starling.engine.codecs.DeliverEncoder;
import dev.starling.engine.codecs.FollowerAddedDecoder;
import dev.starling.engine.codecs.FollowerAddedEncoder;
import dev.starling.engine.codecs.GroupSizeEncodingEncoder;
import dev.starling.engine.codecs.RemoteFollowedDecoder;
import dev.starling.engine.codecs.RemoteFollowedEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The codec of the work one shard hands to another through the receiver's {@link ShardInbox}:
 * SBE flyweights generated from {@code src/main/sbe/handover-schema.xml}, written without an SBE
 * header because the inbox's own message type is the template id. No objects cross threads and
 * nothing is allocated. Each instance is used by one thread: the {@link HandOverProxy} encodes
 * with its own, the {@link InboxAdapter} decodes with its own.
 */
final class ShardMessages {

    /** A message was sent by a user with followers in the receiving shard: fan it out there. */
    static final int DELIVER = DeliverEncoder.TEMPLATE_ID;
    /** A follower living in shard {@code followerShard} now follows {@code followed}: note it, send a backfill. */
    static final int FOLLOWER_ADDED = FollowerAddedEncoder.TEMPLATE_ID;
    /** Recent messages of a followed user, for one new follower's timeline. */
    static final int BACKFILL = BackfillEncoder.TEMPLATE_ID;
    /**
     * A user of another instance accepted a follow by a user of the receiving shard: record the
     * edge, insert the backfill (whose copies the sending shard already stored), answer the caller.
     */
    static final int REMOTE_FOLLOWED = RemoteFollowedEncoder.TEMPLATE_ID;

    /** The largest message any shard hands over (a full-window backfill after a remote follow). */
    static final int MAX_LENGTH = RemoteFollowedEncoder.BLOCK_LENGTH + GroupSizeEncodingEncoder.ENCODED_LENGTH
            + 800 * RemoteFollowedEncoder.EntriesEncoder.sbeBlockLength();

    private final DeliverEncoder deliverEncoder = new DeliverEncoder();
    private final FollowerAddedEncoder followerAddedEncoder = new FollowerAddedEncoder();
    private final BackfillEncoder backfillEncoder = new BackfillEncoder();
    private final RemoteFollowedEncoder remoteFollowedEncoder = new RemoteFollowedEncoder();
    private final DeliverDecoder deliverDecoder = new DeliverDecoder();
    private final FollowerAddedDecoder followerAddedDecoder = new FollowerAddedDecoder();
    private final BackfillDecoder backfillDecoder = new BackfillDecoder();
    private final RemoteFollowedDecoder remoteFollowedDecoder = new RemoteFollowedDecoder();

    /** Encodes a DELIVER at offset 0; returns its length. */
    int encodeDeliver(MutableDirectBuffer buffer, long sender, long messageId, long stamp) {
        return deliverEncoder.wrap(buffer, 0).senderId(sender).messageId(messageId).stamp(stamp).encodedLength();
    }

    /** Encodes a FOLLOWER_ADDED at offset 0; returns its length. */
    int encodeFollowerAdded(MutableDirectBuffer buffer, long followed, long follower, int followerShard) {
        return followerAddedEncoder.wrap(buffer, 0).followed(followed).follower(follower).followerShard(followerShard)
                .encodedLength();
    }

    /** Encodes a BACKFILL at offset 0; returns its length. */
    int encodeBackfill(MutableDirectBuffer buffer, Backfill backfill) {
        BackfillEncoder.EntriesEncoder entries = backfillEncoder.wrap(buffer, 0)
                .follower(backfill.follower).followed(backfill.followed).entriesCount(backfill.count);
        for (int i = 0; i < backfill.count; i++) {
            entries.next().stamp(backfill.stamps[i]).messageId(backfill.ids[i]);
        }
        return backfillEncoder.encodedLength();
    }

    /** Encodes a REMOTE_FOLLOWED at offset 0; returns its length. */
    int encodeRemoteFollowed(MutableDirectBuffer buffer, long correlation, Backfill backfill) {
        RemoteFollowedEncoder.EntriesEncoder entries = remoteFollowedEncoder.wrap(buffer, 0)
                .correlation(correlation).follower(backfill.follower).followed(backfill.followed)
                .entriesCount(backfill.count);
        for (int i = 0; i < backfill.count; i++) {
            entries.next().stamp(backfill.stamps[i]).messageId(backfill.ids[i]);
        }
        return remoteFollowedEncoder.encodedLength();
    }

    DeliverDecoder deliver(DirectBuffer buffer, int offset) {
        return deliverDecoder.wrap(buffer, offset, DeliverDecoder.BLOCK_LENGTH, DeliverDecoder.SCHEMA_VERSION);
    }

    FollowerAddedDecoder followerAdded(DirectBuffer buffer, int offset) {
        return followerAddedDecoder.wrap(buffer, offset, FollowerAddedDecoder.BLOCK_LENGTH,
                FollowerAddedDecoder.SCHEMA_VERSION);
    }

    /** Decodes a BACKFILL into {@code into}. */
    void decodeBackfill(DirectBuffer buffer, int offset, Backfill into) {
        BackfillDecoder m = backfillDecoder.wrap(buffer, offset, BackfillDecoder.BLOCK_LENGTH,
                BackfillDecoder.SCHEMA_VERSION);
        into.reset(m.follower(), m.followed());
        for (BackfillDecoder.EntriesDecoder e : m.entries()) {
            into.add(e.stamp(), e.messageId());
        }
    }

    /** Decodes a REMOTE_FOLLOWED into {@code into}; returns its correlation. */
    long decodeRemoteFollowed(DirectBuffer buffer, int offset, Backfill into) {
        RemoteFollowedDecoder m = remoteFollowedDecoder.wrap(buffer, offset, RemoteFollowedDecoder.BLOCK_LENGTH,
                RemoteFollowedDecoder.SCHEMA_VERSION);
        long correlation = m.correlation();
        into.reset(m.follower(), m.followed());
        for (RemoteFollowedDecoder.EntriesDecoder e : m.entries()) {
            into.add(e.stamp(), e.messageId());
        }
        return correlation;
    }
}
