package dev.starling.engine;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.Ids;
import dev.starling.engine.store.LongCell;
import dev.starling.engine.store.PairKey;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.StoredMessage;
import dev.starling.engine.store.TimelineWindow;
import dev.starling.engine.store.UserRecord;
import dev.starling.runtime.EpochMicros;
import dev.starling.spi.RequestType;

import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * What a shard does to its stores for each operation, with no rings and no threads: the single
 * writer's side of registering, following, sending, fan-out and backfill, for local users and
 * for the proxies of followed users of other instances. Work for other shards goes out through
 * the {@link HandOverProxy}, messages for other instances through the shard's {@link FederationPort}.
 *
 * <p>Federation: a user of another instance that some local user follows has a proxy record in
 * the shard of the same index as its home shard; copies of its messages are stored there and
 * fanned out from there, so a timeline read never leaves its instance.
 *
 * <p>Not thread-safe: only the thread holding the shard calls it.
 */
final class UserOperations {

    /** A user as register and log-in find it. */
    record Account(long userId, String localName) {
    }

    private final ShardDirectory directory;
    private final int index;
    private final ShardStores stores;
    private final StoreReader reader;
    private final MessageCache cache;
    private final LocalFollowers localFollowers;
    private final HomeTimelines timelines;
    private final BroadcastTracker broadcast;
    private final int backfill;
    private final HandOverProxy handOvers;
    private final FederationPort federation;
    private final FaultInjector injector;

    // Reused flyweights: the hot path allocates nothing of its own. Inputs (keys and values handed
    // to put) keep their private heap bytes; outputs are passed to getUsing and then point into a
    // map's own memory, so writing to an output updates the stored entry in place. The two roles
    // are never mixed: setting an output would silently write into a map.
    private final LongCell key = new LongCell();
    private final LongCell value = new LongCell();
    private final PairKey pair = new PairKey();
    private final UserRecord newRecord = new UserRecord();
    private final LongCell cell = new LongCell();
    private final UserRecord record = new UserRecord();
    private final StoredMessage stored = new StoredMessage();
    private final Backfill outgoing = new Backfill();

    UserOperations(ShardDirectory directory, int index, ShardStores stores, StoreReader reader, MessageCache cache,
                   BroadcastTracker broadcast, int backfill, HandOverProxy handOvers, FederationPort federation,
                   BooleanSupplier noReaderInside, FaultInjector injector) {
        this.directory = directory;
        this.index = index;
        this.stores = stores;
        this.reader = reader;
        this.cache = cache;
        this.localFollowers = new LocalFollowers(stores);
        this.timelines = new HomeTimelines(stores, noReaderInside);
        this.broadcast = broadcast;
        this.backfill = backfill;
        this.handOvers = handOvers;
        this.federation = federation;
        this.injector = injector;
    }

    // ----------------------------------------------------------------------------- requests

    Account register(String localName) {
        String lower = localName.toLowerCase(Locale.ROOT);
        if (stores.names.containsKey(lower)) {
            throw new StarlingException(ErrorCode.USER_EXISTS, localName + "@" + directory.domain() + " is taken");
        }
        LongCell sequence = stores.names.getUsing(ShardStores.USER_SEQUENCE_KEY, cell);
        long next = sequence == null ? 0 : sequence.get();
        if (next >= Ids.MAX_USERS_PER_SHARD) {
            throw new StarlingException(ErrorCode.STORAGE_FULL, "shard " + index + " holds the most users one shard can");
        }
        stores.reserveForRegister(); // STORAGE_FULL, if at all, before the first write
        long userId = Ids.userId(directory.instanceIndex(), index, next);
        key.set(userId);
        stores.users.put(key, newRecord.init(userId, localName));
        timelines.create(userId);
        stores.names.put(ShardStores.USER_SEQUENCE_KEY, LongCell.of(next + 1));
        stores.names.put(lower, LongCell.of(userId));
        return new Account(userId, localName);
    }

    Account logIn(String localName) {
        long userId = userIdOf(localName);
        UserRecord user = stores.users.getUsing(key.set(userId), record);
        return new Account(userId, user.name());
    }

    /** {@code follower} (a user of this shard) follows a user of this instance. */
    void follow(long follower, String followerUser, String targetLocalName) {
        int targetShard = directory.shardOfName(targetLocalName);
        long target = reader.userIdOf(targetShard, targetLocalName);
        if (target == follower) {
            throw new StarlingException(ErrorCode.CANNOT_FOLLOW_SELF, followerUser + " cannot follow itself");
        }
        recordFollow(follower, target);
        injector.midRequest(RequestType.FOLLOW);
        // Told again when the edge was already recorded: a follow that failed between the two
        // steps is then completed by its retry. Telling twice changes nothing (a bit already set,
        // backfill entries already there).
        handOvers.followerAdded(targetShard, target, follower, index);
    }

    /** Stores a message of a user of this shard, then fans it out here, to sibling shards and to other instances. */
    Message send(long senderId, String senderUser, String text, long receivedMicros) {
        UserRecord user = stores.users.getUsing(key.set(senderId), record);
        long number = user.messageCount();
        if (number >= Ids.MAX_MESSAGES_PER_USER) {
            throw new StarlingException(ErrorCode.STORAGE_FULL, senderUser + " has sent the most messages one user can");
        }
        long stamp = stores.stamp(receivedMicros, user.lastStamp());
        long messageId = Ids.messageId(senderId, number);
        stores.messages.put(key.set(messageId), stored.set(stamp, senderUser, text));
        long remoteInstances = user.remoteInstances();
        RuntimeException keeping = null;
        if (remoteInstances != 0) {
            try {
                // kept for other instances before it is counted: a process killed in between leaves a
                // send that CrashRepair completes (kept somewhere) or that never happened (kept nowhere)
                federation.deliver(remoteInstances, senderId, messageId, stamp, senderUser, text);
            } catch (RuntimeException e) {
                keeping = e; // an instance may have it already: the send completes here, then fails
            }
        }
        // stamp before count: a kill between the two leaves stamps increasing
        user.lastStamp(stamp);
        user.messageCount(number + 1);
        Message message = new Message(messageId, senderUser, text, stamp);
        cache.put(message);
        fanOut(senderId, user.followerShards(), messageId, stamp);
        if (keeping != null) {
            throw keeping;
        }
        return message;
    }

    /** A timeline read that a reader's thread handed over (the window kept changing under it). */
    List<Message> timeline(long userId, int limit, long beforeMicros, long beforeId) {
        return reader.timeline(timelines.window(userId), limit, beforeMicros, beforeId);
    }

    List<Message> profile(String localName, int limit, long beforeMicros) {
        return reader.profile(userIdOf(localName), limit, beforeMicros);
    }

    /** The id of a user of this shard; {@code UNKNOWN_USER} when there is none. */
    long userIdOf(String localName) {
        return reader.userIdOf(index, localName);
    }

    /** Frees the timeline windows replaced earlier, when no reader can hold them now; see {@link HomeTimelines}. */
    int removeRetiredWindows() {
        return timelines.removeRetired();
    }

    // ----------------------------------------------------------------------------- hand-overs

    /** Puts a message into the timelines of its sender's followers that live in this shard. */
    void deliverLocally(long senderId, long messageId, long stamp) {
        long[] followers = localFollowers.of(senderId);
        int n = (int) followers[0];
        if (n == 0) {
            return;
        }
        boolean sampled = broadcast.sampled(messageId);
        long first = 0;
        for (int i = 0; i < n; i++) {
            timelines.withRoom(followers[i + 1], 1).insert(stamp, messageId);
            if (sampled && i == 0) {
                first = EpochMicros.now();
            }
        }
        if (sampled) {
            boolean sameInstance = Ids.instanceOfUser(senderId) == directory.instanceIndex();
            broadcast.arrived(messageId, stamp, sameInstance, first, EpochMicros.now());
        }
    }

    /** On the followed user's shard: notes the follower's shard, sends the follower a backfill. */
    void followerAdded(long followed, long follower, int followerShard) {
        UserRecord user = stores.users.getUsing(key.set(followed), record);
        user.followerShards(user.followerShards() | (1L << followerShard));
        long count = user.messageCount();
        int n = (int) Math.min(backfill, count);
        if (n == 0) {
            return;
        }
        Backfill out = outgoing.reset(follower, followed);
        for (int i = 0; i < n; i++) {
            long messageId = Ids.messageId(followed, count - 1 - i);
            out.add(reader.message(messageId).timestampMicros(), messageId);
        }
        if (followerShard == index) {
            applyBackfill(out);
        } else {
            handOvers.backfill(followerShard, out);
        }
    }

    /** Inserts a backfill (newest first) into its follower's timeline, oldest first. */
    void applyBackfill(Backfill backfill) {
        TimelineWindow timeline = timelines.withRoom(backfill.follower, backfill.count);
        // oldest first: cut short by a kill, what is missing is the sender's newest, which is what
        // CrashRepair restores
        for (int i = backfill.count - 1; i >= 0; i--) {
            timeline.insertBackfill(backfill.stamps[i], backfill.ids[i]);
        }
    }

    /** On the follower's shard: the followed user's instance accepted; records the edge, applies the backfill. */
    void remoteFollowed(Backfill backfill) {
        recordFollow(backfill.follower, backfill.followed);
        applyBackfill(backfill);
    }

    // ----------------------------------------------------------------------------- federation

    /**
     * A remote user's message for the local followers of its proxy here: keeps a copy, fans it
     * out. Applying it again (sent again after a crash) changes nothing: the copy is the same and
     * a timeline holds an entry once.
     */
    void receiveDelivery(long senderId, long messageId, long stamp, String sender, String text) {
        UserRecord proxy = stores.users.getUsing(key.set(senderId), record);
        if (proxy == null) {
            return; // nobody here follows the sender (the edge predates a lost data directory)
        }
        long followerShards = proxy.followerShards();
        stores.messages.put(key.set(messageId), stored.set(stamp, sender, text));
        noteNewest(proxy, messageId);
        cache.put(new Message(messageId, sender, text, stamp));
        fanOut(senderId, followerShards, messageId, stamp);
    }

    /**
     * On the followed user's shard: notes that instance {@code fromInstance} has a follower of
     * {@code targetLocalName}. Returns the user's id; {@code UNKNOWN_USER} when there is none.
     */
    long acceptRemoteFollower(String targetLocalName, int fromInstance) {
        long target = userIdOf(targetLocalName);
        UserRecord user = stores.users.getUsing(key.set(target), record);
        user.remoteInstances(user.remoteInstances() | (1L << fromInstance));
        return target;
    }

    /** The newest messages of a local user, as many as a backfill holds, newest first. */
    List<Message> backfillOf(long userId) {
        return reader.profile(userId, backfill, Long.MAX_VALUE);
    }

    /** Keeps a copy of a remote user's message (from a backfill) unless one is kept already. */
    void keepCopy(long messageId, long stamp, String sender, String text) {
        if (!stores.messages.containsKey(key.set(messageId))) {
            stores.messages.put(key, stored.set(stamp, sender, text));
        }
    }

    /**
     * On the proxy's shard of the follower's instance: creates the proxy of the followed remote
     * user, notes the follower's shard, then hands the edge and the backfill (whose copies are
     * kept) to the follower's shard. Deliveries of the followed user arrive after this on the same
     * ring and shard, and their hand-overs follow this one into the follower's inbox, so none is
     * missed.
     */
    void followAccepted(long correlation, Backfill backfill) {
        long target = backfill.followed;
        int followerShard = directory.shardOfUser(backfill.follower);
        UserRecord proxy = stores.users.getUsing(key.set(target), record);
        if (proxy == null) {
            stores.users.put(key.set(target), newRecord.init(target, ""));
            proxy = stores.users.getUsing(key.set(target), record);
        }
        proxy.followerShards(proxy.followerShards() | (1L << followerShard));
        if (backfill.count > 0) {
            noteNewest(proxy, backfill.ids[0]);
        }
        handOvers.remoteFollowed(followerShard, correlation, backfill);
    }

    /**
     * A proxy's message count is one past the number of the newest copy kept here (copies are
     * kept in sending order from the first follow on): crash repair walks back from it.
     */
    private static void noteNewest(UserRecord proxy, long messageId) {
        long count = Ids.numberOf(messageId) + 1;
        if (proxy.messageCount() < count) {
            proxy.messageCount(count);
        }
    }

    // ----------------------------------------------------------------------------- common

    /**
     * Records that {@code follower} (of this shard) follows {@code target} (of any shard or
     * instance): both directions, in this shard's stores. False when it already did.
     */
    private boolean recordFollow(long follower, long target) {
        pair.set(follower, target);
        if (stores.following.containsKey(pair)) {
            return false;
        }
        stores.reserveForFollow(); // STORAGE_FULL, if at all, before the first write
        stores.following.put(pair, value.set(EpochMicros.now()));
        LongCell count = stores.followers.getUsing(pair.set(target, ShardStores.COUNT_SLOT), cell);
        long n = count == null ? 0 : count.get();
        stores.followers.put(pair.set(target, n), value.set(follower));
        stores.followers.put(pair.set(target, ShardStores.COUNT_SLOT), value.set(n + 1));
        localFollowers.added(target, follower);
        return true;
    }

    private void fanOut(long senderId, long followerShards, long messageId, long stamp) {
        long shards = followerShards;
        while (shards != 0) {
            int shard = Long.numberOfTrailingZeros(shards);
            shards &= shards - 1;
            if (shard == index) {
                deliverLocally(senderId, messageId, stamp);
            } else {
                handOvers.deliver(shard, senderId, messageId, stamp);
            }
        }
    }
}
