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
}
