package dev.starling.engine;

import dev.starling.engine.store.FederationJournal;
import dev.starling.engine.store.Ids;
import dev.starling.engine.store.LongCell;
import dev.starling.engine.store.PairKey;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.StoredMessage;
import dev.starling.engine.store.TimelineWindow;
import dev.starling.engine.store.UserRecord;
import org.agrona.collections.LongArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restores what a killed process can leave undone between the shards of an instance: work that
 * was handed from shard to shard lives only in memory (inboxes and retry queues), while what it
 * was about is already in the stores. Runs once at start, when a shard's stores were found left
 * open: before any engine thread, and before the federation reads the journals back.
 *
 * <ol>
 *   <li>Sends cut short: a send keeps its message's deliveries to other instances before it
 *       counts the message (see {@link UserOperations#send}). A stored message one past its
 *       sender's count with a delivery kept for some instance is counted, and kept for the
 *       sender's other instances too (the kill can land between two of them); one kept nowhere
 *       stays uncounted: nobody saw it, and its sender was never answered.</li>
 *   <li>Follower-shard bits: every shard that lists followers of a user sets its bit in that
 *       user's record (or proxy), so a follow acknowledged just before the kill still receives
 *       the user's next messages.</li>
 *   <li>Windows no user's record points at: a replacement by a larger window cut short leaves
 *       the copy or the old window behind (see {@link HomeTimelines}); they are removed.</li>
 *   <li>Duplicates: a timeline update cut short by the kill can leave one entry shown twice
 *       (see {@link TimelineWindow}), possibly with the stamp of its neighbour; the copy whose
 *       stamp is not the message's own goes.</li>
 *   <li>Timelines: for every local follow edge, the followed user's newest messages are inserted
 *       from newest to oldest until one is already there. Deliveries from one shard to another
 *       arrive in sending order and backfills are applied oldest first, so the ones lost are
 *       always the newest of each sender, and the walk stops at the first message that made it
 *       (at most the backfill size per edge). A followed user of another instance is walked
 *       the same way through its proxy, whose message count is one past its newest copy kept
 *       here: the copy was stored before its fan-out was handed over.</li>
 * </ol>
 *
 * Deliveries from other instances that were in flight at the kill, or received but not yet
 * stored, are not this repair's: their senders kept them and send them again until this instance
 * acknowledges them (see {@link FederationJournal}).
 */
final class CrashRepair {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRepair.class);

    private CrashRepair() {
    }

    static void repair(String domain, int instanceIndex, ShardStores[] shards, int backfill) {
        long bits = 0;
        long inserted = 0;
        UserRecord record = new UserRecord();
        TimelineWindow window = new TimelineWindow();
        StoredMessage stored = new StoredMessage();
        LongCell key = new LongCell();
        long completed = 0;
        for (ShardStores shard : shards) {
            completed += completeSendsCutShort(shard, instanceIndex, record, stored, key);
        }
        for (int shard = 0; shard < shards.length; shard++) {
            for (Map.Entry<PairKey, LongCell> entry : shards[shard].followers.entrySet()) {
                if (entry.getKey().second() != ShardStores.COUNT_SLOT || entry.getValue().get() == 0) {
                    continue;
                }
                long followed = entry.getKey().first();
                ShardStores home = shards[Ids.shardOfUser(followed) % shards.length];
                UserRecord user = home.users.getUsing(key.set(followed), record);
                if (user != null && (user.followerShards() & (1L << shard)) == 0) {
                    user.followerShards(user.followerShards() | (1L << shard));
                    bits++;
                }
            }
        }
        long stale = 0;
        long duplicates = 0;
        LongCell messageKey = new LongCell();
        PairKey windowKey = new PairKey();
        for (ShardStores shard : shards) {
            List<PairKey> unreferenced = new ArrayList<>();
            for (PairKey windowOf : shard.timelines.keySet()) {
                UserRecord user = shard.users.getUsing(key.set(windowOf.first()), record);
                if (user == null || user.windowNumber() != windowOf.second()) {
                    unreferenced.add(windowOf);
                    continue;
                }
                TimelineWindow timeline = shard.timelines.getUsing(windowOf, window);
                duplicates += timeline.removeDuplicates(id -> storedStamp(shards, id, messageKey, stored));
            }
            for (PairKey windowOf : unreferenced) {
                shard.timelines.remove(windowOf);
                stale++;
            }
        }
        for (ShardStores shard : shards) {
            HomeTimelines timelines = new HomeTimelines(shard, () -> true); // no reader runs yet
            for (PairKey edge : shard.following.keySet()) {
                long follower = edge.first();
                long followed = edge.second();
                // a user of another instance: its proxy, and the copies of its messages, are in
                // the shard with the index of its home shard
                ShardStores home = shards[Ids.shardOfUser(followed) % shards.length];
                UserRecord user = home.users.getUsing(key.set(followed), record);
                if (user == null) {
                    continue;
                }
                long count = user.messageCount();
                for (long n = count - 1; n >= Math.max(0, count - backfill); n--) {
                    long messageId = Ids.messageId(followed, n);
                    StoredMessage message = home.messages.getUsing(key.set(messageId), stored);
                    if (message == null || !timelines.withRoom(follower, 1).insertBackfill(message.stamp(), messageId)) {
                        break;
                    }
                    inserted++;
                }
            }
            timelines.removeRetired();
        }
        LOG.info("{} (instance {}): recovered after an unclean stop; completed {} sends cut short, restored {} follower-shard "
                + "bits, removed {} timeline windows no user pointed at and {} duplicate timeline entries, and restored {} "
                + "missing entries", domain, instanceIndex, completed, bits, stale, duplicates, inserted);
    }

    /**
     * Counts the messages of this shard's users whose send was cut short after a delivery was
     * kept, keeping it for the sender's other instances that have none; returns how many. Only
     * the newest delivery kept per destination can be one: a shard keeps in sending order.
     */
    private static long completeSendsCutShort(ShardStores shard, int instanceIndex, UserRecord record,
                                              StoredMessage stored, LongCell key) {
        FederationJournal journal = shard.federationJournal();
        if (journal.keptCount() == 0) {
            return 0;
        }
        Map<Long, PairKey> cutShort = new LinkedHashMap<>(); // message -> one kept delivery (destination, number)
        Map<Long, Long> keptFor = new HashMap<>();
        for (Map.Entry<Integer, LongArrayList> entry : journal.keptByDestination().entrySet()) {
            LongArrayList sequences = entry.getValue();
            ByteBuffer kept = journal.kept(entry.getKey(), sequences.getLong(sequences.size() - 1));
            long messageId = FederationJournal.keptMessage(kept);
            long sender = Ids.senderOf(messageId);
            UserRecord user = Ids.instanceOfUser(sender) == instanceIndex
                    ? shard.users.getUsing(key.set(sender), record) : null;
            if (user != null && Ids.numberOf(messageId) == user.messageCount()) {
                cutShort.putIfAbsent(messageId, new PairKey().set(entry.getKey(), sequences.getLong(sequences.size() - 1)));
                keptFor.merge(messageId, 1L << entry.getKey(), (a, b) -> a | b);
            }
        }
        for (Map.Entry<Long, PairKey> entry : cutShort.entrySet()) {
            long messageId = entry.getKey();
            UserRecord user = shard.users.getUsing(key.set(Ids.senderOf(messageId)), record);
            long missing = user.remoteInstances() & ~keptFor.get(messageId) & ~(1L << instanceIndex);
            while (missing != 0) {
                int destination = Long.numberOfTrailingZeros(missing);
                missing &= missing - 1;
                PairKey one = entry.getValue();
                journal.keepCopy(destination, journal.kept((int) one.first(), one.second()));
            }
            StoredMessage message = shard.messages.getUsing(key.set(messageId), stored); // stored before it was kept
            user = shard.users.getUsing(key.set(Ids.senderOf(messageId)), record);
            user.lastStamp(message.stamp());
            user.messageCount(Ids.numberOf(messageId) + 1);
        }
        return cutShort.size();
    }

    /** The stamp the message itself carries, or -1 when it is not stored. */
    private static long storedStamp(ShardStores[] shards, long messageId, LongCell key, StoredMessage stored) {
        ShardStores owner = shards[Ids.shardOfUser(Ids.senderOf(messageId))];
        StoredMessage message = owner.messages.getUsing(key.set(messageId), stored);
        return message == null ? -1 : message.stamp();
    }
}
