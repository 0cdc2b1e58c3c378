package dev.starling.engine;

import dev.starling.api.Message;
import dev.starling.engine.store.LongCell;
import dev.starling.engine.store.PairKey;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.TimelineWindow;
import dev.starling.engine.store.UserRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        return f.of(userId).timeline(userId, 10_000, Long.MAX_VALUE, Long.MIN_VALUE);
    }
}
