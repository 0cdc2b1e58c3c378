package dev.starling.engine;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.Ids;
import dev.starling.engine.store.LongCell;
import dev.starling.engine.store.PairKey;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.UserRecord;
import dev.starling.runtime.EpochMicros;
import dev.starling.spi.BroadcastSpread;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edges of each operation of a shard: the last user id and message number a shard gives,
 * a follower in the followed user's own shard, the follower lists a follow writes, the broadcast
 * spreads of sampled messages, and the proxy records and kept copies of remote users.
 */
class UserOperationsEdgeTest extends ShardFixtureTest {

    UserOperationsEdgeTest() {
        super(2);
    }

    private ShardStores storesOf(long userId) {
        return f.stores[f.directory.shardOfUser(userId)];
    }

    private UserRecord record(long userId) {
        return storesOf(userId).users.getUsing(LongCell.of(userId), new UserRecord());
    }

    /** A name other than {@code other}, in the same shard as {@code other} or in another one. */
    private String nameBeside(String other, boolean sameShard) {
        for (int i = 0; ; i++) {
            String name = "u" + i;
            if (!name.equals(other) && (f.directory.shardOfName(name) == f.directory.shardOfName(other)) == sameShard) {
                return name;
            }
        }
    }

    @Test
    void shouldGiveTheLastUserIdOfAShardThenRefuseWithStorageFull() {
        String first = "alice";
        String second = nameBeside(first, true);
        ShardStores stores = f.stores[f.directory.shardOfName(first)];
        stores.names.put(ShardStores.USER_SEQUENCE_KEY, LongCell.of(Ids.MAX_USERS_PER_SHARD - 1));
        UserOperations.Account alice = register(first);
        assertEquals(Ids.userId(ShardFixture.INSTANCE, f.directory.shardOfName(first), Ids.MAX_USERS_PER_SHARD - 1),
                alice.userId());
        StarlingException full = assertThrows(StarlingException.class, () -> register(second));
        assertEquals(ErrorCode.STORAGE_FULL, full.code());
        assertEquals(ErrorCode.UNKNOWN_USER, assertThrows(StarlingException.class,
                () -> f.of(second).logIn(second)).code(), "nothing of the refused registration was written");
        assertEquals(alice, f.of(first).logIn(first));
    }

    @Test
    void shouldStoreTheLastMessageNumberOfASenderThenRefuseWithStorageFull() {
        UserOperations.Account alice = register("alice");
        record(alice.userId()).messageCount(Ids.MAX_MESSAGES_PER_USER - 1);
        Message last = send(alice, "last", 10);
        assertEquals(Ids.messageId(alice.userId(), Ids.MAX_MESSAGES_PER_USER - 1), last.id());
        StarlingException full = assertThrows(StarlingException.class, () -> send(alice, "one too many", 20));
        assertEquals(ErrorCode.STORAGE_FULL, full.code());
        assertEquals(Ids.MAX_MESSAGES_PER_USER, record(alice.userId()).messageCount(), "not counted");
        assertEquals(10, record(alice.userId()).lastStamp(), "nor stamped");
    }

    /**
     * A follower in the followed user's own shard: the follower-added hand-over goes to the same
     * shard, which puts the backfill into the follower's timeline in place (no second hand-over).
     */
    @Test
    void shouldBackfillAFollowerOfTheSameShardInPlace() {
        UserOperations.Account alice = register("alice");
        UserOperations.Account carol = register(nameBeside("alice", true));
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(0, send(alice, "m" + i, 100 + i));
        }
        f.of(carol.userId()).follow(carol.userId(), carol.localName() + "@vub.be", "alice");
        assertEquals(1, f.drain(), "only the follower-added hand-over");
        assertEquals(sent, timeline(carol), "all three, newest first");
        assertEquals(3, f.reader().window(carol.userId(), 0).size(), "and nothing else in the window");
    }

    /** A follow writes the edge in the follower's shard and appends the follower to the followed user's list there. */
    @Test
    void shouldListEachFollowerOnceInTheFollowersShard() {
        UserOperations.Account alice = register("alice");
        String bobName = nameBeside("alice", false);
        UserOperations.Account bob = register(bobName);
        UserOperations.Account dave = register(nameBeside(bobName, true));
        UserOperations ops = f.of(bob.userId());
        ops.follow(bob.userId(), "bob@vub.be", "alice");
        f.drain();
        Message first = send(alice, "before dave", 4); // bob's shard now knows alice's local followers
        f.drain();
        ops.follow(dave.userId(), "dave@vub.be", "alice");
        ops.follow(bob.userId(), "bob@vub.be", "alice");
        f.drain();
        ShardStores stores = storesOf(bob.userId());
        PairKey key = new PairKey();
        assertEquals(2, stores.followers.getUsing(key.set(alice.userId(), ShardStores.COUNT_SLOT), new LongCell()).get());
        assertEquals(bob.userId(), stores.followers.getUsing(key.set(alice.userId(), 0), new LongCell()).get());
        assertEquals(dave.userId(), stores.followers.getUsing(key.set(alice.userId(), 1), new LongCell()).get());
        assertTrue(stores.following.containsKey(key.set(bob.userId(), alice.userId())));
        assertTrue(stores.following.containsKey(key.set(dave.userId(), alice.userId())));
        Message m = send(alice, "hi", 5);
        f.drain();
        assertEquals(List.of(m, first), timeline(bob));
        assertEquals(List.of(m, first), timeline(dave), "a follower added after the list was first used");
    }

    /**
     * With every message sampled, a shard that puts a message into followers' timelines reports
     * when its first and last insert happened, on the sender's side (same instance) or the other.
     */
    @Test
    void shouldReportWhenASampledMessageReachedItsFollowers() {
        UserOperations.Account alice = register("alice");
        UserOperations.Account carol = register(nameBeside("alice", true));
        UserOperations.Account bob = register(nameBeside("alice", false));
        f.of(carol.userId()).follow(carol.userId(), "carol@vub.be", "alice");
        f.of(bob.userId()).follow(bob.userId(), "bob@vub.be", "alice");
        f.drain();
        send(register(nameBeside(bob.localName(), true)), "nobody follows me", 1);
        assertEquals(List.of(), f.broadcast.spreads(), "no follower: no spread");

        long before = EpochMicros.now();
        Message m = send(alice, "sampled", 10);
        f.drain();
        long after = EpochMicros.now();
        List<BroadcastSpread> spreads = f.broadcast.spreads();
        assertEquals(1, spreads.size(), spreads.toString());
        BroadcastSpread s = spreads.get(0);
        assertEquals(m.id(), s.messageId());
        assertEquals(m.timestampMicros(), s.stamp());
        assertTrue(before <= s.firstSame() && s.firstSame() <= s.lastSame() && s.lastSame() <= after, s.toString());
        assertEquals(BroadcastSpread.NONE, s.firstOther(), "no other instance");

        f.broadcast.clear();
        long remote = Ids.userId(7, 0, 0);
        UserOperations proxyShard = f.of(remote);
        Backfill none = new Backfill().reset(bob.userId(), remote);
        proxyShard.followAccepted(f.remoteCalls[f.directory.shardOfUser(bob.userId())]
                .register(new java.util.concurrent.CompletableFuture<>()), none);
        f.drain();
        proxyShard.receiveDelivery(remote, Ids.messageId(remote, 0), 20, "zoe@ulb.be", "from afar");
        f.drain();
        BroadcastSpread fromAfar = f.broadcast.spreads().get(0);
        assertEquals(BroadcastSpread.NONE, fromAfar.firstSame());
        assertTrue(fromAfar.firstOther() <= fromAfar.lastOther() && fromAfar.firstOther() >= before, fromAfar.toString());
    }

    /**
     * A proxy's message count is one past the newest copy kept there: set from a follow's
     * backfill, raised by later deliveries, never lowered by an older one arriving late.
     */
    @Test
    void shouldCountAProxysMessagesUpToTheNewestCopyKept() {
        String inShardOne = "bob";
        for (int i = 0; f.directory.shardOfName(inShardOne) != 1; i++) {
            inShardOne = "bob" + i;
        }
        UserOperations.Account bob = register(inShardOne);
        long remote = Ids.userId(7, 1, 5);
        UserOperations proxyShard = f.of(remote);
        proxyShard.receiveDelivery(remote, Ids.messageId(remote, 3), 30, "zoe@ulb.be", "before any follow");
        assertNull(record(remote), "no proxy before a local user follows");

        Backfill backfill = new Backfill().reset(bob.userId(), remote);
        proxyShard.keepCopy(Ids.messageId(remote, 4), 40, "zoe@ulb.be", "four");
        proxyShard.keepCopy(Ids.messageId(remote, 2), 20, "zoe@ulb.be", "two");
        backfill.add(40, Ids.messageId(remote, 4));
        backfill.add(20, Ids.messageId(remote, 2));
        proxyShard.followAccepted(f.remoteCalls[f.directory.shardOfUser(bob.userId())]
                .register(new java.util.concurrent.CompletableFuture<>()), backfill);
        assertEquals(5, record(remote).messageCount(), "one past the backfill's newest");
        assertEquals(1L << f.directory.shardOfUser(bob.userId()), record(remote).followerShards());
        f.drain();

        proxyShard.receiveDelivery(remote, Ids.messageId(remote, 9), 90, "zoe@ulb.be", "nine");
        assertEquals(10, record(remote).messageCount());
        assertTrue(storesOf(remote).messages.containsKey(LongCell.of(Ids.messageId(remote, 9))),
                "a copy kept in the proxy's shard, not only in the cache");
        proxyShard.receiveDelivery(remote, Ids.messageId(remote, 7), 70, "zoe@ulb.be", "seven, late");
        assertEquals(10, record(remote).messageCount(), "never lowered");
        f.drain();
        assertEquals(List.of(90L, 70L, 40L, 20L), timeline(bob).stream().map(Message::timestampMicros).toList());

        UserOperations.Account carol = register(nameBeside(inShardOne, true));
        long other = Ids.userId(8, 1, 0);
        f.of(other).followAccepted(f.remoteCalls[f.directory.shardOfUser(carol.userId())]
                .register(new java.util.concurrent.CompletableFuture<>()), new Backfill().reset(carol.userId(), other));
        assertEquals(0, record(other).messageCount(), "an empty backfill: nothing kept yet");
    }

    /** What a remote follower's instance gets as the backfill: the newest messages, as many as a backfill holds. */
    @Test
    void shouldGiveARemoteFollowerTheNewestMessagesAsItsBackfill() {
        UserOperations.Account alice = register("alice");
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < ShardFixture.BACKFILL + 5; i++) {
            sent.add(0, send(alice, "m" + i, 100 + i));
        }
        assertEquals(sent.subList(0, ShardFixture.BACKFILL), f.of(alice.userId()).backfillOf(alice.userId()));
    }

    @Test
    void shouldKeepTheFirstCopyOfARemoteMessage() {
        long remote = Ids.userId(7, 1, 0);
        long id = Ids.messageId(remote, 0);
        UserOperations shard = f.of(remote);
        shard.keepCopy(id, 10, "zoe@ulb.be", "first");
        shard.keepCopy(id, 10, "zoe@ulb.be", "second");
        assertEquals("first", f.reader().message(id).text());
    }

    @Test
    void shouldAnswerARemoteFollowerWithTheFollowedUsersId() {
        UserOperations.Account alice = register("alice");
        assertEquals(alice.userId(), f.of("alice").acceptRemoteFollower("alice", 2));
        assertEquals(alice.userId(), f.of("alice").acceptRemoteFollower("ALICE", 4));
        assertEquals((1L << 2) | (1L << 4), record(alice.userId()).remoteInstances());
    }
}
