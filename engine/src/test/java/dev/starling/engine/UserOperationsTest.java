package dev.starling.engine;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.Ids;
import dev.starling.spi.RequestType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each operation does to a shard's stores, with hand-overs applied by hand (no rings, no threads). */
class UserOperationsTest extends ShardFixtureTest {

    UserOperationsTest() {
        super(4);
    }

    /** Two names that live in different shards. */
    private String[] namesInTwoShards() {
        String first = "alice";
        for (int i = 0; ; i++) {
            String other = "bob" + i;
            if (f.directory.shardOfName(other) != f.directory.shardOfName(first)) {
                return new String[] {first, other};
            }
        }
    }

    @Test
    void shouldRegisterInTheNamedShardAndRefuseTheSameNameInAnyCase() {
        UserOperations.Account alice = register("Alice");
        assertEquals(ShardFixture.INSTANCE, Ids.instanceOfUser(alice.userId()));
        assertEquals(f.directory.shardOfName("alice"), Ids.shardOfUser(alice.userId()));
        StarlingException taken = assertThrows(StarlingException.class, () -> register("ALICE"));
        assertEquals(ErrorCode.USER_EXISTS, taken.code());
        assertEquals(alice, f.of("alice").logIn("aLiCe"), "log-in finds the user and its stored spelling");
        assertEquals(ErrorCode.UNKNOWN_USER, assertThrows(StarlingException.class, () -> f.of("carol").logIn("carol")).code());
    }

    @Test
    void shouldStampStrictlyIncreasingPerSenderEvenWhenTheClockGoesBack() {
        UserOperations.Account alice = register("alice");
        Message m1 = send(alice, "one", 1_000);
        Message m2 = send(alice, "two", 500); // the clock stepped back
        Message m3 = send(alice, "three", 2_000);
        assertEquals(List.of(1_000L, 1_001L, 2_000L), List.of(m1.timestampMicros(), m2.timestampMicros(), m3.timestampMicros()));
        assertEquals(List.of(m3, m2, m1), f.reader().profile(alice.userId(), 10, Long.MAX_VALUE));
        assertEquals(List.of(m2, m1), f.reader().profile(alice.userId(), 10, 2_000), "strictly before the stamp");
        assertNotEquals(m1.id(), m2.id());
    }

    @Test
    void shouldBackfillANewFollowerAcrossShardsThenFanOutLaterMessages() {
        String[] names = namesInTwoShards();
        UserOperations.Account alice = register(names[0]);
        UserOperations.Account bob = register(names[1]);
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            sent.add(0, send(alice, "m" + i, 1_000 + i));
        }
        f.of(bob.userId()).follow(bob.userId(), bob.localName() + "@vub.be", names[0]);
        assertEquals(List.of(), timeline(bob), "nothing before the hand-overs are applied");
        assertEquals(2, f.drain(), "follower-added to alice's shard, the backfill back to bob's");
        assertEquals(sent.subList(0, ShardFixture.BACKFILL), timeline(bob), "the newest 100, newest first");

        Message next = send(alice, "after the follow", 5_000);
        assertEquals(1, f.drain(), "one delivery to bob's shard");
        assertEquals(next, timeline(bob).get(0));
        assertEquals(List.of(), timeline(alice), "own messages are not in one's home timeline");
    }

    @Test
    void shouldFollowOnceAndRefuseToFollowOneself() {
        String[] names = namesInTwoShards();
        UserOperations.Account alice = register(names[0]);
        UserOperations.Account bob = register(names[1]);
        UserOperations ops = f.of(bob.userId());
        ops.follow(bob.userId(), "bob@vub.be", names[0]);
        ops.follow(bob.userId(), "bob@vub.be", names[0].toUpperCase());
        assertEquals(2, f.drain(), "each follow tells alice's shard (a retry completes a follow cut short); the backfill was empty");
        send(alice, "hello", 10);
        f.drain();
        assertEquals(1, timeline(bob).size(), "one edge, one copy");
        StarlingException self = assertThrows(StarlingException.class,
                () -> ops.follow(bob.userId(), "bob@vub.be", names[1]));
        assertEquals(ErrorCode.CANNOT_FOLLOW_SELF, self.code());
        assertEquals(ErrorCode.UNKNOWN_USER, assertThrows(StarlingException.class,
                () -> ops.follow(bob.userId(), "bob@vub.be", "nobody")).code());
    }

    /**
     * A follow that fails inside its handler, after the edge is recorded in the follower's shard
     * and before the followed user's shard is told: the caller sees the failure, and its retry
     * completes the follow (backfill, then every later message), rather than finding the edge
     * recorded and doing nothing.
     */
    @Test
    void shouldCompleteAFollowCutShortInsideItsHandlerOnRetry() {
        String[] names = namesInTwoShards();
        UserOperations.Account alice = register(names[0]);
        UserOperations.Account bob = register(names[1]);
        Message before = send(alice, "before the follow", 100);
        UserOperations ops = f.of(bob.userId());
        f.injector.failNextMidway(RequestType.FOLLOW, 1);
        assertThrows(FaultInjector.InjectedFault.class, () -> ops.follow(bob.userId(), "bob@vub.be", names[0]));
        assertEquals(0, f.drain(), "the fault struck before alice's shard was told");
        ops.follow(bob.userId(), "bob@vub.be", names[0]);
        f.drain();
        assertEquals(List.of(before), timeline(bob), "the retry brought the backfill");
        Message after = send(alice, "after the follow", 200);
        f.drain();
        assertEquals(List.of(after, before), timeline(bob), "and alice's shard delivers to bob's");
    }

    @Test
    void shouldFanOutToFollowersInTheSendersOwnShardWithoutAHandOver() {
        UserOperations.Account alice = register("alice");
        String sameShard = null;
        for (int i = 0; sameShard == null; i++) {
            if (f.directory.shardOfName("c" + i) == f.directory.shardOfName("alice")) {
                sameShard = "c" + i;
            }
        }
        UserOperations.Account carol = register(sameShard);
        f.of(carol.userId()).follow(carol.userId(), "carol@vub.be", "alice");
        f.drain();
        Message m = send(alice, "hi", 7);
        assertEquals(0, f.drain(), "delivered in place");
        assertEquals(List.of(m), timeline(carol));
    }

    @Test
    void shouldSendOneFederationDeliveryPerMessageToTheInstancesWithFollowers() {
        UserOperations.Account alice = register("alice");
        UserOperations ops = f.of(alice.userId());
        ops.acceptRemoteFollower("alice", 5);
        ops.acceptRemoteFollower("alice", 9);
        ops.acceptRemoteFollower("alice", 5);
        Message m = send(alice, "hello", 42);
        assertEquals(List.of("deliver " + Long.toBinaryString((1L << 5) | (1L << 9)) + " " + m.id() + " alice@vub.be hello"),
                f.ports[f.directory.shardOfUser(alice.userId())].sent);
        assertEquals(ErrorCode.UNKNOWN_USER, assertThrows(StarlingException.class,
                () -> ops.acceptRemoteFollower("nobody", 5)).code());
    }

    /**
     * A send hands its deliveries to other instances over (where the port keeps them) after the
     * message is stored and before it is counted: a kill in between leaves a send that {@link
     * CrashRepair} completes, never a counted message that no other instance will receive.
     */
    @Test
    void shouldHandDeliveriesOverAfterStoringTheMessageAndBeforeCountingIt() {
        UserOperations.Account alice = register("alice");
        UserOperations ops = f.of(alice.userId());
        ops.acceptRemoteFollower("alice", 5);
        send(alice, "first", 10);
        List<String> seen = new ArrayList<>();
        f.ports[f.directory.shardOfUser(alice.userId())].onDeliver = () -> seen.add(
                ops.profile("alice", 10, Long.MAX_VALUE).size() + " counted, "
                        + (f.stores[f.directory.shardOfUser(alice.userId())].messages
                        .containsKey(dev.starling.engine.store.LongCell.of(Ids.messageId(alice.userId(), 1))) ? "stored" : "not stored"));
        send(alice, "second", 20);
        assertEquals(List.of("1 counted, stored"), seen);
        assertEquals(2, ops.profile("alice", 10, Long.MAX_VALUE).size());
    }

    /**
     * A fault while the deliveries are kept (a full journal, say) still completes the send here:
     * the message is counted, so no id is given twice, and local followers receive it; then the
     * send fails.
     */
    @Test
    void shouldCountAndFanOutAMessageWhoseDeliveriesFailedToBeKept() {
        String[] names = namesInTwoShards();
        UserOperations.Account alice = register(names[0]);
        UserOperations.Account bob = register(names[1]);
        f.of(bob.userId()).follow(bob.userId(), bob.localName() + "@vub.be", alice.localName());
        f.drain();
        UserOperations ops = f.of(alice.userId());
        ops.acceptRemoteFollower("alice", 5);
        f.ports[f.directory.shardOfUser(alice.userId())].onDeliver = () -> {
            throw new IllegalStateException("the journal is full");
        };
        assertThrows(IllegalStateException.class, () -> send(alice, "kept for some instances only", 10));
        f.ports[f.directory.shardOfUser(alice.userId())].onDeliver = () -> { };
        Message next = send(alice, "next", 20);
        assertEquals(Ids.messageId(alice.userId(), 1), next.id());
        assertEquals(List.of("next", "kept for some instances only"),
                ops.profile("alice", 10, Long.MAX_VALUE).stream().map(Message::text).toList());
        f.drain();
        assertEquals(List.of("next", "kept for some instances only"), timeline(bob).stream().map(Message::text).toList(),
                "a local follower in another shard receives both");
    }

    @Test
    void shouldKeepCopiesOfARemoteUsersMessagesAndFanThemOutOnlyOnceFollowed() {
        UserOperations.Account bob = register("bob");
        long remoteUser = Ids.userId(7, f.directory.shardOfUser(bob.userId()), 0);
        UserOperations proxyShard = f.of(remoteUser);
        proxyShard.receiveDelivery(remoteUser, Ids.messageId(remoteUser, 0), 10, "zoe@ulb.be", "before");
        assertEquals(null, f.reader().message(Ids.messageId(remoteUser, 0)), "nobody follows zoe here: no copy");

        CompletableFuture<Object> call = new CompletableFuture<>();
        long correlation = f.remoteCalls[f.directory.shardOfUser(bob.userId())].register(call); // as bob's follow did
        Backfill backfill = new Backfill().reset(bob.userId(), remoteUser);
        long old = Ids.messageId(remoteUser, 1);
        proxyShard.keepCopy(old, 20, "zoe@ulb.be", "old");
        backfill.add(20, old);
        proxyShard.followAccepted(correlation, backfill);
        assertTrue(!call.isDone(), "answered only once bob's shard recorded the edge");
        f.drain();
        assertTrue(call.isDone(), "the remote-followed hand-over completes the follow");
        Message later = new Message(Ids.messageId(remoteUser, 2), "zoe@ulb.be", "later", 30);
        proxyShard.receiveDelivery(remoteUser, later.id(), 30, later.sender(), later.text());
        f.drain();
        assertEquals(List.of(later, new Message(old, "zoe@ulb.be", "old", 20)), timeline(bob));
    }
}
