package dev.starling.sampling.protocol;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;

import static dev.starling.sampling.protocol.ViewTest.view;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The filter a merge enters the view's addresses in (1,024 slots, each stamped with the merge's number and
 * holding a position): received addresses that share a slot with another, descriptors left past the view's end,
 * the descriptor {@code 0:0} (a long of 0), and the stamp wrapping after 2^32 merges. Each result is the plain
 * one of steps 1 and 2 (append, then keep one copy per address), which does not depend on the filter.
 *
 * <p>The addresses were picked to share a slot as {@code View} hashes them (Fibonacci hashing, the top 10 bits of
 * {@code address * 0x9E3779B9}): 7, 617 and 1604 share one slot, 0 and 610 share slot 0. Under another hash the
 * same cases still check the results, only less sharply, and {@link #shouldUseAddressesThatShareAFilterSlot} fails.
 */
class ViewMergeFilterTest {

    private static final int[] SLOT_334 = {7, 617, 1604};
    private static final int[] SLOT_0 = {0, 610};

    @Test
    void shouldUseAddressesThatShareAFilterSlot() {
        for (int[] group : new int[][] {SLOT_334, SLOT_0}) {
            for (int id : group) {
                assertEquals(View.filterSlot(group[0]), View.filterSlot(id), "slot of " + id);
            }
        }
    }

    /**
     * A received address whose slot another address of the view took is looked up in the list: found when the
     * view holds it, and not found in a descriptor left just past the view's end (a shorter view in the same
     * run), which the view no longer holds.
     */
    @Test
    void shouldLookBehindATakenSlotWithinTheViewOnly() {
        for (Duplicates policy : Duplicates.values()) {
            View v = view(6, 7, 0, 5, 0, 617, 3);
            v.clear();
            v.add(7, 0);
            v.add(5, 0); // 617:3 is left just past the end
            v.appendDistinct(view(2, 617, 1), 99, policy);
            assertEquals("7:0;5:0;617:1", v.toString(), policy + ": fresher than the stale copy");

            View older = view(6, 7, 0, 5, 0, 617, 3);
            older.clear();
            older.add(7, 0);
            older.add(5, 0);
            older.appendDistinct(view(2, 617, 5), 99, policy);
            assertEquals("7:0;5:0;617:5", older.toString(), policy + ": older than the stale copy");

            View held = view(6, 617, 4, 5, 0, 7, 0); // 7 took the slot after 617
            held.appendDistinct(view(3, 617, 1, 1604, 2), 99, policy);
            assertEquals(policy == Duplicates.FIRST ? "617:1;5:0;7:0;1604:2" : "5:0;7:0;617:1;1604:2",
                    held.toString(), policy + ": found behind the slot's other address");
        }
    }

    /** The descriptor of address 0 at age 0 is the long 0: it is a held descriptor, not a removed one. */
    @Test
    void shouldFindAddressZeroAtAgeZeroBehindATakenSlot() {
        for (Duplicates policy : Duplicates.values()) {
            View v = view(4, 0, 0, 610, 5); // 610 took slot 0 after address 0
            v.appendDistinct(view(2, 0, 2), 99, policy);
            assertEquals("0:0;610:5", v.toString(), policy.toString());
            View fresher = view(4, 0, 3, 610, 5);
            fresher.appendDistinct(view(2, 0, 0), 99, policy);
            assertEquals(policy == Duplicates.FIRST ? "0:0;610:5" : "610:5;0:0", fresher.toString(),
                    policy.toString());
        }
    }

    /**
     * One flyweight merges into run after run, as the simulator's does, so its filter holds the positions of the
     * last merge into another run. A run that holds an address twice (built by hand) must still be seen as such:
     * here the other run's positions name other addresses (2 was at position 1, where this run holds 1).
     */
    @Test
    void shouldSettleAnAddressHeldTwiceWhenTheFilterHoldsAnotherRunsPositions() {
        for (Duplicates policy : Duplicates.values()) {
            int capacity = 6;
            long[] runs = new long[2 * View.stride(capacity)];
            View flyweight = View.flyweight(capacity);
            View empty = flyweight.wrap(runs, 0);
            empty.appendDistinct(view(3, 1, 0, 2, 0, 3, 0), 99, policy);
            assertEquals("1:0;2:0;3:0", empty.toString());
            View twice = flyweight.wrap(runs, View.stride(capacity));
            twice.add(2, 0);
            twice.add(1, 0);
            twice.add(2, 3);
            twice.appendDistinct(view(1, 5, 0), 99, policy);
            assertEquals("2:0;1:0;5:0", twice.toString(), policy.toString());
        }
    }

    /**
     * After 2^32 merges the stamp comes round to the values of old merges; the filter is cleared then, so that a
     * slot an old merge stamped is not read as holding a position of this one. The count is set by reflection:
     * 2^32 merges take minutes.
     */
    @Test
    void shouldForgetOldMergesWhenTheStampWraps() throws ReflectiveOperationException {
        Field stamp = View.class.getDeclaredField("filterStamp");
        stamp.setAccessible(true);
        for (Duplicates policy : Duplicates.values()) {
            View v = view(6, 1, 0, 2, 0);
            v.appendDistinct(view(1, 5, 0), 99, policy); // merge number 1 enters 5 at position 2
            assertEquals("1:0;2:0;5:0", v.toString());
            assertEquals(1, stamp.getInt(v), "the field counts merges (what setting it below relies on)");
            v.clear();
            v.add(3, 0);
            v.add(4, 0); // 5:0 is left past the end, at the position merge 1 gave it
            stamp.setInt(v, -1); // the next merge's number wraps to 0, and then starts again at 1
            v.appendDistinct(view(1, 5, 3), 99, policy);
            assertEquals("3:0;4:0;5:3", v.toString(), policy.toString());
        }
    }
}
