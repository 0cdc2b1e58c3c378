package dev.starling.engine;

import dev.starling.api.Message;
import dev.starling.engine.store.FederationJournal;
import dev.starling.engine.store.Ids;
import dev.starling.engine.store.LongCell;
import dev.starling.engine.store.PairKey;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.StoredMessage;
import dev.starling.engine.store.TimelineWindow;
import dev.starling.engine.store.UserRecord;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link CrashRepair} restores after a kill lost the hand-overs in flight between shards. */
class CrashRepairTest {

    private static final int USERS = 400;
    private static final int LOST = 40;

    /**
     * Follows acknowledged just before a kill: each edge is in its follower's shard, while the
     * hand-over that tells the followed user's shard (its follower-shard bit, the backfill) was
     * only in memory. Enough users that the stores' walks cross many segments.
     */
    @Test
    void shouldRestoreEveryFollowWhoseHandOverAKillLost(@TempDir Path dir) {
        List<UserOperations.Account> users = new ArrayList<>();
        List<Message> firstOf = new ArrayList<>();
        long[] followers = new long[LOST];
        long[] followed = new long[LOST];
        try (ShardFixture f = new ShardFixture(dir, 4)) {
            for (int i = 0; i < USERS; i++) {
                UserOperations.Account user = f.of("u" + i).register("u" + i);
                users.add(user);
                firstOf.add(f.of(user.userId()).send(user.userId(), "u" + i + "@vub.be", "first of u" + i, 1_000 + i));
            }
            for (int i = 0; i < USERS; i++) { // edges that completed, so the stores hold many entries
                UserOperations.Account follower = users.get(i);
                for (int j = 1; j <= 3; j++) {
                    f.of(follower.userId()).follow(follower.userId(), follower.localName() + "@vub.be",
                            "u" + (i + j * 7) % USERS);
                }
            }
            f.drain();
            for (int k = 0; k < LOST; k++) { // acknowledged, then the process is killed before any hand-over
                UserOperations.Account follower = users.get(k * 9);
                UserOperations.Account target = users.get(crossShardTarget(f, users, k * 9));
                f.of(follower.userId()).follow(follower.userId(), follower.localName() + "@vub.be", target.localName());
                followers[k] = follower.userId();
                followed[k] = target.userId();
            }
        }
        try (ShardFixture f = new ShardFixture(dir, 4)) { // the next start: inboxes empty
            CrashRepair.repair(ShardFixture.DOMAIN, ShardFixture.INSTANCE, f.stores, ShardFixture.BACKFILL);
            for (int k = 0; k < LOST; k++) {
                int followerShard = f.directory.shardOfUser(followers[k]);
                UserRecord record = f.stores[f.directory.shardOfUser(followed[k])].users
                        .getUsing(LongCell.of(followed[k]), new UserRecord());
                assertTrue((record.followerShards() & (1L << followerShard)) != 0,
                        "edge " + k + ": the follower's shard bit is back in the followed user's record");
                assertTrue(timeline(f, followers[k]).contains(firstOf.get(users.indexOf(account(users, followed[k])))),
                        "edge " + k + ": the followed user's message is backfilled");
            }
            for (int k = 0; k < LOST; k++) {
                UserOperations.Account target = account(users, followed[k]);
                Message probe = f.of(target.userId()).send(target.userId(), target.localName() + "@vub.be",
                        "probe " + k, 1_000_000 + k);
                f.drain();
                assertTrue(timeline(f, followers[k]).contains(probe), "edge " + k + ": a new message arrives");
            }
        }
    }

    /**
     * A timeline update cut short by a kill shows one entry twice, the copy possibly with its
     * neighbour's stamp ({@code TimelineWindowCrashTest}). Planted here in many timelines, each
     * copy with a stamp that is not the message's own: after the repair every timeline reads as
     * before, as a list (each message once, newest first).
     */
    @Test
    void shouldRemoveTheDuplicatesTornTimelineUpdatesLeave(@TempDir Path dir) {
        int users = 60;
        int perUser = 3;
        long[] ids = new long[users];
        Map<Long, List<Message>> before = new LinkedHashMap<>();
        try (ShardFixture f = new ShardFixture(dir, 4)) {
            for (int i = 0; i < users; i++) {
                ids[i] = f.of("d" + i).register("d" + i).userId();
            }
            for (int i = 0; i < users; i++) {
                for (int j = 1; j <= 2; j++) {
                    f.of(ids[i]).follow(ids[i], "d" + i + "@vub.be", "d" + (i + j) % users);
                }
            }
            f.drain();
            for (int m = 0; m < perUser; m++) { // rising stamps 10 apart: a copy one below stays next to its original
                for (int i = 0; i < users; i++) {
                    f.of(ids[i]).send(ids[i], "d" + i + "@vub.be", "m" + m + " of d" + i, 10_000 + 10L * (m * users + i));
                }
            }
            f.drain();
            for (int i = 0; i < users; i++) {
                List<Message> timeline = timeline(f, ids[i]);
                assertEquals(2 * perUser, timeline.size(), "d" + i + " sees both followed users' messages");
                before.put(ids[i], timeline);
                ShardStores home = f.stores[f.directory.shardOfUser(ids[i])];
                long windowNumber = home.users.getUsing(LongCell.of(ids[i]), new UserRecord()).windowNumber();
                TimelineWindow window = home.timelines.getUsing(new PairKey().set(ids[i], windowNumber), new TimelineWindow());
                int k = i % window.size();
                assertTrue(window.insertBackfill(window.stampAt(k) - 1, window.messageIdAt(k)), "planted at " + k);
                assertEquals(window.messageIdAt(k), window.messageIdAt(k + 1), "the copy sits next to its original");
            }
        }
        try (ShardFixture f = new ShardFixture(dir, 4)) {
            CrashRepair.repair(ShardFixture.DOMAIN, ShardFixture.INSTANCE, f.stores, ShardFixture.BACKFILL);
            for (int i = 0; i < users; i++) {
                assertEquals(before.get(ids[i]), timeline(f, ids[i]), "d" + i + "'s timeline, entry by entry");
            }
        }
    }

    /**
     * A send killed after its message was stored and its delivery kept for one of its sender's
     * two other instances, before the message was counted: the repair counts it (with its stamp),
     * keeps it for the other instance too, and local followers receive it.
     */
    @Test
    void shouldCompleteASendCutShortAfterADeliveryWasKept(@TempDir Path dir) {
        long alice;
        long bob;
        long cutShort;
        try (ShardFixture f = new ShardFixture(dir, 4)) {
            alice = f.of("alice").register("alice").userId();
            String bobName = otherShardName(f, "alice");
            bob = f.of(bobName).register(bobName).userId();
            f.of(bob).follow(bob, bobName + "@vub.be", "alice");
            f.of(alice).acceptRemoteFollower("alice", 1);
            f.of(alice).acceptRemoteFollower("alice", 5);
            f.of(alice).send(alice, "alice@vub.be", "counted", 1_000);
            f.drain();
            cutShort = plantCutShortSend(f, alice, 2_000, "cut short");
            journalOf(f, alice).keepNext(1, 2, cutShort, new UnsafeBuffer("the delivery".getBytes(StandardCharsets.US_ASCII)), 12);
        }
        try (ShardFixture f = new ShardFixture(dir, 4)) {
            CrashRepair.repair(ShardFixture.DOMAIN, ShardFixture.INSTANCE, f.stores, ShardFixture.BACKFILL);
            List<Message> profile = f.of(alice).profile("alice", 10, Long.MAX_VALUE);
            assertEquals(List.of("cut short", "counted"), profile.stream().map(Message::text).toList());
            assertEquals(2_000, profile.get(0).timestampMicros());
            assertEquals(profile, timeline(f, bob), "bob, in another shard, receives it too");
            FederationJournal journal = journalOf(f, alice);
            assertEquals("[1]", journal.keptByDestination().get(1).toString());
            assertEquals("[1]", journal.keptByDestination().get(5).toString(), "kept for the other instance too");
            ByteBuffer copy = journal.kept(5, 1);
            assertEquals(cutShort, FederationJournal.keptMessage(copy));
            assertEquals(2, FederationJournal.keptShard(copy));
            Message next = f.of(alice).send(alice, "alice@vub.be", "next", 1_500);
            assertEquals(Ids.messageId(alice, 2), next.id(), "the number is not given twice");
            assertTrue(next.timestampMicros() > 2_000, "stamps keep increasing");
        }
    }

    /** A send killed after storing its message and before keeping any delivery never happened. */
    @Test
    void shouldLeaveUncountedASendKeptNowhere(@TempDir Path dir) {
        long alice;
        try (ShardFixture f = new ShardFixture(dir, 4)) {
            alice = f.of("alice").register("alice").userId();
            f.of(alice).acceptRemoteFollower("alice", 1);
            f.of(alice).send(alice, "alice@vub.be", "counted", 1_000);
            plantCutShortSend(f, alice, 2_000, "cut short");
        }
        try (ShardFixture f = new ShardFixture(dir, 4)) {
            CrashRepair.repair(ShardFixture.DOMAIN, ShardFixture.INSTANCE, f.stores, ShardFixture.BACKFILL);
            assertEquals(List.of("counted"), f.of(alice).profile("alice", 10, Long.MAX_VALUE).stream()
                    .map(Message::text).toList());
            assertEquals(0, journalOf(f, alice).keptCount());
        }
    }

    /** What a kill inside a send leaves before any counting: the next message of {@code sender} stored. */
    private static long plantCutShortSend(ShardFixture f, long sender, long stamp, String text) {
        ShardStores home = f.stores[f.directory.shardOfUser(sender)];
        long count = home.users.getUsing(LongCell.of(sender), new UserRecord()).messageCount();
        long messageId = Ids.messageId(sender, count);
        home.messages.put(LongCell.of(messageId), new StoredMessage().set(stamp, "alice@vub.be", text));
        return messageId;
    }

    private static FederationJournal journalOf(ShardFixture f, long userId) {
        return f.stores[f.directory.shardOfUser(userId)].federationJournal();
    }

    /** A name that lives in another shard than {@code name}. */
    private static String otherShardName(ShardFixture f, String name) {
        for (int i = 0; ; i++) {
            if (f.directory.shardOfName("bob" + i) != f.directory.shardOfName(name)) {
                return "bob" + i;
            }
        }
    }

    /** A user in another shard than user {@code i}, that {@code i} does not follow yet. */
    private static int crossShardTarget(ShardFixture f, List<UserOperations.Account> users, int i) {
        for (int t = i + 1; ; t++) {
            int candidate = t % USERS;
            boolean followedAlready = (candidate - i + USERS) % USERS % 7 == 0 && (candidate - i + USERS) % USERS / 7 <= 3;
            if (!followedAlready && f.directory.shardOfUser(users.get(candidate).userId())
                    != f.directory.shardOfUser(users.get(i).userId())) {
                return candidate;
            }
        }
    }

    private static UserOperations.Account account(List<UserOperations.Account> users, long userId) {
        return users.stream().filter(u -> u.userId() == userId).findFirst().orElseThrow();
    }

    private static List<Message> timeline(ShardFixture f, long userId) {
        return f.timeline(userId);
    }
}
