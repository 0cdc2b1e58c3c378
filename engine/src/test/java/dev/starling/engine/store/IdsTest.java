package dev.starling.engine.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule that places a user's name on a shard: every instance applies it to find another
 * instance's shard from its shard count, and a data directory keeps users where it put them, so
 * it may never change; it ignores case and spreads similar names evenly.
 */
class IdsTest {

    /** Shards of a few names under the rule as released: a changed rule would strand existing users. */
    @Test
    void shouldPlaceNamesOnTheShardsTheyHaveAlwaysHad() {
        String[] names = {"alice", "bob", "carol", "u0", "u1", "u2", "user12345", "x"};
        int[] of16 = {7, 0, 7, 15, 0, 12, 1, 15};
        int[] of7 = {6, 3, 6, 6, 4, 2, 5, 0};
        for (int i = 0; i < names.length; i++) {
            assertEquals(of16[i], Ids.shardOfName(names[i], 16), names[i] + " of 16 shards");
            assertEquals(of7[i], Ids.shardOfName(names[i], 7), names[i] + " of 7 shards");
        }
        assertEquals(Ids.shardOfName("alice", 16), Ids.shardOfName("ALICE", 16), "case is ignored");
    }

    /** 16,000 names that differ in their last characters only: each of 16 shards gets 1,000 give or take 15%. */
    @Test
    void shouldSpreadSimilarNamesEvenly() {
        int shards = 16;
        int names = 16_000;
        int[] count = new int[shards];
        for (int i = 0; i < names; i++) {
            count[Ids.shardOfName("user" + i, shards)]++;
        }
        int mean = names / shards;
        for (int s = 0; s < shards; s++) {
            assertTrue(Math.abs(count[s] - mean) < mean * 0.15, "shard " + s + " holds " + count[s] + " of " + names);
        }
    }

    /** A user id and a message id give back every part they were built from, at the edges of each field. */
    @Test
    void shouldGiveBackTheShardInstanceSenderAndNumberOfAnId() {
        int[] shards = {0, 1, Ids.MAX_SHARDS - 1};
        int[] instances = {0, 1, Ids.MAX_INSTANCES - 1};
        long[] sequences = {0, 1, Ids.MAX_USERS_PER_SHARD - 1};
        long[] numbers = {0, 1, Ids.MAX_MESSAGES_PER_USER - 1};
        for (int shard : shards) {
            for (int instance : instances) {
                for (long sequence : sequences) {
                    long user = Ids.userId(instance, shard, sequence);
                    assertEquals(shard, Ids.shardOfUser(user));
                    assertEquals(instance, Ids.instanceOfUser(user));
                    assertTrue(user >= 0, "user ids are not negative");
                    for (long number : numbers) {
                        long message = Ids.messageId(user, number);
                        assertEquals(user, Ids.senderOf(message));
                        assertEquals(number, Ids.numberOf(message));
                        assertTrue(message >= 0, "message ids are not negative");
                    }
                }
            }
        }
        assertTrue(Ids.messageId(Ids.userId(0, 0, 1), 0) > Ids.messageId(Ids.userId(0, 0, 0), Ids.MAX_MESSAGES_PER_USER - 1),
                "a user's messages form one run of ids");
    }
}
