package dev.starling.sampling.protocol;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.time.Duration;

import static dev.starling.sampling.protocol.ViewTest.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The duplicate table a merge falls back to when the view holds an address twice (open addressing, each key
 * tagged with the merge's generation): addresses that all land on one slot, and the generation wrapping after
 * 2^32 such merges. Each result is the plain one of steps 1 and 2 (append, then keep one copy per address).
 *
 * <p>A view of capacity 8 has a table of 128 slots, hashed by the top 7 bits of {@code address * 0x9E3779B9}:
 * 1, 90, 234, 323, 467 and 611 all start at slot 79. Under another hash the same cases still check the results,
 * only less sharply, and {@link #shouldUseAddressesThatStartAtOneTableSlot} fails.
 */
class ViewDuplicateTableTest {

    @Test
    void shouldUseAddressesThatStartAtOneTableSlot() {
        for (int id : new int[] {1, 90, 234, 323, 467, 611}) {
            assertEquals(79, View.homeSlot(id, View.tableShift(8)), "slot of " + id);
        }
    }

    /**
     * Six addresses probing on from one slot: each is found or given a free slot of its own. A probe that went
     * round in a cycle of taken slots would never return, hence the time limit (it is not a speed bound).
     */
    @Test
    void shouldFindEveryAddressOfAProbeSequence() {
        for (Duplicates policy : Duplicates.values()) {
            View v = view(8, 1, 0, 90, 4, 234, 0, 1, 3, 323, 0);
            View buffer = view(3, 467, 0, 90, 2, 611, 1);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> v.appendDistinct(buffer, 99, policy));
            assertEquals(policy == Duplicates.FIRST ? "1:0;90:2;234:0;323:0;467:0;611:1"
                    : "1:0;234:0;323:0;467:0;90:2;611:1", v.toString(), policy.toString());
        }
    }

    /**
     * After 2^32 merges by the table its generation comes round to the values of old merges; the table is cleared
     * then, so that a key an old merge tagged is not read as one of this merge. The count is set by reflection:
     * 2^32 merges take minutes.
     */
    @Test
    void shouldForgetOldMergesWhenTheGenerationWraps() throws ReflectiveOperationException {
        Field generation = View.class.getDeclaredField("generation");
        generation.setAccessible(true);
        for (Duplicates policy : Duplicates.values()) {
            View v = view(6, 1, 0, 1, 2, 2, 0); // 1 held twice: the merge goes through the table
            v.appendDistinct(view(1, 5, 0), 99, policy); // generation 1 enters 5 at the fourth position
            assertEquals("1:0;2:0;5:0", v.toString());
            assertEquals(1, generation.getInt(v), "the field counts merges (what setting it below relies on)");
            v.clear();
            v.add(3, 0);
            v.add(3, 1); // 5:0 is left past the end, where the old key of 5 points
            generation.setInt(v, -1); // the next merge's generation wraps to 0, and then starts again at 1
            v.appendDistinct(view(1, 5, 3), 99, policy);
            assertEquals("3:0;5:3", v.toString(), policy.toString());
        }
    }
}
