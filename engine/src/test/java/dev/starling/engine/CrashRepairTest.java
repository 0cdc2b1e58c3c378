package dev.starling.engine;

import dev.starling.api.Message;
import dev.starling.engine.store.LongCell;
import dev.starling.engine.store.UserRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
