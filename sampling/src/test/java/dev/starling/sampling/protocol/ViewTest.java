package dev.starling.sampling.protocol;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewTest {

    /** A view of {@code capacity} holding the descriptors {@code id, age, id, age, ...} in order. */
    static View view(int capacity, int... idAgePairs) {
        View v = new View(capacity);
        for (int i = 0; i < idAgePairs.length; i += 2) {
            v.add(idAgePairs[i], idAgePairs[i + 1]);
        }
        return v;
    }

    /** A generator whose every bounded draw is the highest index: step 5 then removes the tail entry. */
    private static java.util.random.RandomGenerator highestIndex() {
        return new java.util.random.RandomGenerator() {
            @Override
            public long nextLong() {
                return -1L;
            }

            @Override
            public int nextInt(int bound) {
                return bound - 1;
            }
        };
    }

    private static ProtocolConfig config(int c, int h, int s) {
        return ProtocolConfig.builder().viewSize(c).healing(h).swap(s).build();
    }

    @Test
    void shouldAppendBufferAtTheTailDroppingOwnDescriptor() {
        View v = view(10, 1, 3, 2, 5);
        v.append(view(3, 9, 0, 7, 0, 4, 2), 7);
        assertEquals("1:3;2:5;9:0;4:2", v.toString());
    }

    @Test
    void shouldKeepTheFreshestDuplicateAtItsOwnPosition() {
        View v = view(10, 1, 3, 2, 5, 3, 1, 2, 0, 1, 4, 3, 1);
        v.removeDuplicates();
        // 1: age 3 beats 4; 2: age 0 (later) beats 5; 3: equal ages keep the earlier one
        assertEquals("1:3;3:1;2:0", v.toString());
    }

    @Test
    void shouldRemoveTheOldestDescriptors() {
        View v = view(10, 1, 3, 2, 9, 3, 1, 4, 9, 5, 7);
        v.removeOldest(3);
        assertEquals("1:3;3:1", v.toString());
    }

    @Test
    void shouldRemoveTheOldestNearestTheHeadFirstOnEqualAges() {
        View v = view(10, 1, 5, 2, 5, 3, 5, 4, 1, 5, 6);
        v.removeOldest(3);
        assertEquals("3:5;4:1", v.toString());
        v.removeOldest(5);
        assertEquals(0, v.size());
    }

    @Test
    void shouldRemoveFromTheHead() {
        View v = view(10, 1, 3, 2, 9, 3, 1, 4, 9);
        v.removeHead(3);
        assertEquals("4:9", v.toString());
    }

    @Test
    void shouldRemoveAtRandomDownToTheRequestedSize() {
        View v = view(10, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0);
        v.removeRandom(2, new SplittableRandom(3));
        assertEquals(4, v.size());
        int[] ids = v.ids();
        for (int i = 1; i < ids.length; i++) {
            assertTrue(ids[i - 1] < ids[i], "survivors keep their order: " + v);
        }
    }

    @Test
    void shouldMergeInTheFiveStepsOrder() {
        // c = 4, H = 1, S = 1: view of 4 + buffer of 3 (one own, one duplicate, one new)
        View v = view(8, 10, 2, 11, 6, 12, 1, 13, 4);
        View buffer = view(3, 20, 0, 12, 0, 5, 3);
        v.merge(5, config(4, 1, 1), buffer, new SplittableRandom(1));
        // 1: 10:2 11:6 12:1 13:4 20:0 12:0  (5:3 is self, dropped)
        // 2: 10:2 11:6 12:0 13:4 20:0       (12 keeps its first place, with the fresher age 0: the default)
        // 3: remove min(H=1, 5-4)=1 oldest -> 11:6 goes
        // 4: size is c, nothing more from the head; 5: nothing at random
        assertEquals("10:2;12:0;13:4;20:0", v.toString());
    }

    @Test
    void shouldPlaceTheKeptDuplicateWhereThePolicySays() {
        // c = 4, H = 0, S = 1; 10 was sent (it is at the head) and comes back fresher in the answer
        // 1: 10:2 11:6 12:1 13:4 20:0 10:0   (5:3 is self, dropped)
        View fresher = view(8, 10, 2, 11, 6, 12, 1, 13, 4);
        fresher.merge(5, ProtocolConfig.builder().viewSize(4).swap(1).duplicates(Duplicates.FRESHER).build(),
                view(3, 20, 0, 10, 0, 5, 3), new SplittableRandom(1));
        // fresher: 10:0 stays at the tail, the head copy goes: 11:6 12:1 13:4 20:0 10:0; S drops 11:6 from the head
        assertEquals("12:1;13:4;20:0;10:0", fresher.toString());
        View first = view(8, 10, 2, 11, 6, 12, 1, 13, 4);
        first.merge(5, ProtocolConfig.builder().viewSize(4).swap(1).duplicates(Duplicates.FIRST).build(),
                view(3, 20, 0, 10, 0, 5, 3), new SplittableRandom(1));
        // first: the head copy stays with age 0: 10:0 11:6 12:1 13:4 20:0; S drops 10:0 from the head
        assertEquals("11:6;12:1;13:4;20:0", first.toString());
    }

    @Test
    void shouldKeepTheFirstPlaceWithTheLowestAgeUnderFirst() {
        View v = view(10, 1, 3, 2, 5, 3, 1, 2, 0, 1, 4, 3, 1);
        v.removeDuplicates(Duplicates.FIRST);
        assertEquals("1:3;2:0;3:1", v.toString());
        assertEquals(Duplicates.FIRST, Duplicates.parse("First"));
        assertThrows(IllegalArgumentException.class, () -> Duplicates.parse("last"));
    }

    @Test
    void shouldSelectOnlyLivePartners() {
        View v = view(8, 1, 5, 2, 9, 3, 9, 4, 0);
        boolean[] alive = {true, true, false, true, true};
        // tail: 2 and 3 are the oldest (9); 2 is dead, so 3
        assertEquals(3, v.selectLivePartner(PeerSelection.TAIL, new SplittableRandom(1), alive));
        SplittableRandom rng = new SplittableRandom(7);
        boolean[] seen = new boolean[5];
        for (int i = 0; i < 300; i++) {
            seen[v.selectLivePartner(PeerSelection.RAND, rng, alive)] = true;
        }
        assertTrue(seen[1] && seen[3] && seen[4] && !seen[2], java.util.Arrays.toString(seen));
        boolean[] none = {true, false, false, false, false};
        assertEquals(-1, v.selectLivePartner(PeerSelection.RAND, rng, none));
        assertEquals(-1, v.selectLivePartner(PeerSelection.TAIL, rng, none));
    }

    @Test
    void shouldSwapOutTheHeadWhenHealingIsZero() {
        View v = view(8, 10, 2, 11, 6, 12, 1, 13, 4);
        View buffer = view(3, 20, 0, 21, 0, 22, 5);
        v.merge(5, config(4, 0, 2), buffer, new SplittableRandom(1));
        // 7 entries, excess 3: S removes min(2, 3) = 2 from the head (10, 11), then 1 at random
        assertEquals(4, v.size());
        assertFalse(v.contains(10));
        assertFalse(v.contains(11));
    }

    @Test
    void shouldRemoveSViewEntriesFromTheHeadWhenSCountsViewEntries() {
        // c = 6, H = 0, S = c/2 = 3. The buffer sent was the own descriptor and c/2 - 1 = 2 view entries, 1 and 2,
        // which buildBuffer left at the head. The answer brings 3 new descriptors: 9 entries, excess 3.
        View v = view(9, 1, 4, 2, 4, 3, 4, 4, 4, 5, 4, 6, 4);
        ProtocolConfig cfg = ProtocolConfig.builder().viewSize(6).swap(3).swapCount(SwapCount.VIEW).build();
        v.merge(50, cfg, view(3, 9, 0, 7, 1, 8, 2), new SplittableRandom(1));
        // step 4 removes min(S = 3, 3) = 3 from the head: the two sent (1, 2) and 3, which was never sent;
        // the size is c, so step 5 removes nothing
        assertEquals("4:4;5:4;6:4;9:0;7:1;8:2", v.toString());
    }

    @Test
    void shouldRemoveSMinusOneViewEntriesWhenSCountsTheBufferItems() {
        // the same merge with S counting the 3 buffer items, own descriptor first: it is not in the view, so
        // step 4 removes min(S - 1 = 2, 3) = 2 from the head, exactly the two sent (1, 2), and step 5 removes one
        // of the remaining 7 at random: the last one, with a generator that always draws the highest index
        View v = view(9, 1, 4, 2, 4, 3, 4, 4, 4, 5, 4, 6, 4);
        ProtocolConfig cfg = ProtocolConfig.builder().viewSize(6).swap(3).swapCount(SwapCount.BUFFER).build();
        v.merge(50, cfg, view(3, 9, 0, 7, 1, 8, 2), highestIndex());
        assertEquals("3:4;4:4;5:4;6:4;9:0;7:1", v.toString());
        // with S counting view entries the same generator is never asked: 3 goes from the head instead
        View w = view(9, 1, 4, 2, 4, 3, 4, 4, 4, 5, 4, 6, 4);
        w.merge(50, cfg.toBuilder().swapCount(SwapCount.VIEW).build(), view(3, 9, 0, 7, 1, 8, 2), highestIndex());
        assertEquals("4:4;5:4;6:4;9:0;7:1;8:2", w.toString());
        // S = 1 counts only the own descriptor: nothing leaves the head, the whole excess goes at random
        assertEquals(0, SwapCount.BUFFER.removals(1, 3));
        assertEquals(0, SwapCount.BUFFER.removals(0, 3));
        assertEquals(1, SwapCount.VIEW.removals(1, 3));
        assertEquals(2, SwapCount.BUFFER.removals(15, 2));
        assertEquals(SwapCount.BUFFER, SwapCount.parse("Buffer"));
        assertThrows(IllegalArgumentException.class, () -> SwapCount.parse("items"));
        assertEquals(SwapCount.VIEW, ProtocolConfig.builder().build().swapCount(), "the pseudo-code's reading is the default");
    }

    @Test
    void shouldHealBeforeSwapping() {
        View v = view(8, 10, 2, 11, 6, 12, 1, 13, 4);
        View buffer = view(3, 20, 0, 21, 0, 22, 9);
        v.merge(5, config(4, 1, 5), buffer, new SplittableRandom(1));
        // excess 3: H drops 22:9 (oldest), then S drops min(5, 2) = 2 from the head (10, 11)
        assertEquals("12:1;13:4;20:0;21:0", v.toString());
    }

    @Test
    void shouldNotShrinkAViewBelowC() {
        View v = view(8, 10, 2, 11, 6);
        v.merge(5, config(4, 4, 4), view(3, 20, 0), new SplittableRandom(1));
        assertEquals("10:2;11:6;20:0", v.toString());
    }

    @Test
    void shouldMoveTheOldestToTheEndKeepingTheRestInOrder() {
        View v = view(8, 1, 5, 2, 1, 3, 9, 4, 0, 5, 7);
        v.moveOldestToEnd(2);
        assertEquals("1:5;2:1;4:0;5:7;3:9", v.toString());
    }

    /** The definition: h times, move the oldest (the first on ties) of the not yet moved part to its end. */
    private static String moveOldestByDefinition(int[] ids, int[] ages, int h) {
        int[] id = ids.clone();
        int[] age = ages.clone();
        int n = id.length;
        for (int k = 0; k < Math.min(h, n); k++) {
            int end = n - k;
            int oldest = 0;
            for (int i = 1; i < end; i++) {
                if (age[i] > age[oldest]) {
                    oldest = i;
                }
            }
            int oi = id[oldest];
            int oa = age[oldest];
            System.arraycopy(id, oldest + 1, id, oldest, end - oldest - 1);
            System.arraycopy(age, oldest + 1, age, oldest, end - oldest - 1);
            id[end - 1] = oi;
            age[end - 1] = oa;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ";").append(id[i]).append(':').append(age[i]);
        }
        return sb.toString();
    }

    @Test
    void shouldMoveTheOldestAsTheDefinitionDoesForNarrowAndWideAgeRanges() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 3000; trial++) {
            int n = 1 + rng.nextInt(45);
            int spread = trial % 3 == 0 ? 1000 : 1 + rng.nextInt(20); // wide ranges take the general path
            View v = new View(45);
            int[] ids = new int[n];
            int[] ages = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = i;
                ages[i] = 100 + rng.nextInt(spread);
                v.add(ids[i], ages[i]);
            }
            int h = rng.nextInt(n + 2);
            v.moveOldestToEnd(h);
            assertEquals(moveOldestByDefinition(ids, ages, h), v.toString(), "n=" + n + " h=" + h + " spread=" + spread);
        }
    }

    /**
     * Ages spanning 256 or more are not counted: the moved ones are sorted by a stable insertion sort and the
     * threshold age found by repeated passes. Hand-checked: H=3 moves 4:999 first (it ends last), then the two
     * 300s nearest the head (1 before 3, so 1 ends after 3); 5:300 stays.
     */
    @Test
    void shouldMoveTiedOldestInReverseListOrderWhenAgesSpanBeyondTheCountedRange() {
        View v = view(8, 1, 300, 2, 0, 3, 300, 4, 999, 5, 300, 6, 5);
        v.moveOldestToEnd(3);
        assertEquals("2:0;5:300;6:5;3:300;1:300;4:999", v.toString());
        View all = view(8, 1, 300, 2, 0, 3, 300, 4, 999, 5, 300, 6, 5);
        all.moveOldestToEnd(8);
        assertEquals("2:0;6:5;5:300;3:300;1:300;4:999", all.toString(), "sorted by age, ties in reverse list order");
    }

    /**
     * Views whose ages span 256 or more, drawn from a few distinct ages so that most of them tie, and H reaching
     * into a tie at the threshold age: the general path moves what H moves of the oldest, one at a time, would.
     */
    @Test
    void shouldMoveTheOldestAsTheDefinitionDoesWhenManyAgesTieAcrossAWideRange() {
        SplittableRandom rng = new SplittableRandom(23);
        for (int trial = 0; trial < 3000; trial++) {
            int n = 2 + rng.nextInt(44);
            int base = rng.nextInt(1000);
            int[] pool = {base, base + 1 + rng.nextInt(3), base + 256 + rng.nextInt(500), base + 800 + rng.nextInt(2)};
            View v = new View(45);
            int[] ids = new int[n];
            int[] ages = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = i;
                ages[i] = i < 2 ? pool[3 * i] : pool[rng.nextInt(pool.length)]; // span at least 800
                v.add(ids[i], ages[i]);
            }
            int h = 1 + rng.nextInt(n + 1);
            v.moveOldestToEnd(h);
            assertEquals(moveOldestByDefinition(ids, ages, h), v.toString(), "n=" + n + " h=" + h);
        }
    }

    /** Step 3 with ages spanning 256 or more and ties at the threshold age: nearest the head go first. */
    @Test
    void shouldRemoveTheOldestNearestTheHeadFirstWhenAgesSpanBeyondTheCountedRange() {
        View v = view(10, 1, 400, 2, 0, 3, 400, 4, 900, 5, 400, 6, 7, 7, 900);
        v.removeOldest(3);
        assertEquals("2:0;3:400;5:400;6:7", v.toString());
        SplittableRandom rng = new SplittableRandom(29);
        for (int trial = 0; trial < 2000; trial++) {
            int n = 2 + rng.nextInt(44);
            int[] pool = {rng.nextInt(10), 300 + rng.nextInt(3), 300 + rng.nextInt(3), 700};
            View w = new View(45);
            java.util.List<int[]> reference = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int age = i < 2 ? pool[3 * i] : pool[rng.nextInt(pool.length)];
                w.add(i, age);
                reference.add(new int[] {i, age});
            }
            int k = 1 + rng.nextInt(n);
            for (int t = 0; t < k; t++) { // SAMPLING.md: remove the oldest, the one nearest the head on ties
                int oldest = 0;
                for (int i = 1; i < reference.size(); i++) {
                    if (reference.get(i)[1] > reference.get(oldest)[1]) {
                        oldest = i;
                    }
                }
                reference.remove(oldest);
            }
            w.removeOldest(k);
            StringBuilder expected = new StringBuilder();
            for (int[] d : reference) {
                expected.append(expected.length() == 0 ? "" : ";").append(d[0]).append(':').append(d[1]);
            }
            assertEquals(expected.toString(), w.toString(), "n=" + n + " k=" + k);
        }
    }

    /**
     * Ages spanning 255 (counted), exactly 256 (the lowest and the highest would share a count) and 257: step 3
     * and the H-oldest move give what their definitions give.
     */
    @Test
    void shouldFindTheOldestAtTheEdgeOfTheCountedAgeRange() {
        for (int span = 255; span <= 257; span++) {
            View removed = view(8, 1, 0, 2, span, 3, 100);
            removed.removeOldest(2);
            assertEquals("1:0", removed.toString(), "span " + span);
            for (int h = 1; h <= 3; h++) {
                int[] ids = {1, 2, 3, 4, 5};
                int[] ages = {0, span, 100, 0, span};
                View moved = view(8, 1, 0, 2, span, 3, 100, 4, 0, 5, span);
                moved.moveOldestToEnd(h);
                assertEquals(moveOldestByDefinition(ids, ages, h), moved.toString(), "span " + span + " h=" + h);
            }
        }
    }

    /**
     * A view that was empty when it built a buffer (nothing to move: the buffer holds the own descriptor only)
     * still finds its oldest when it holds descriptors again.
     */
    @Test
    void shouldFindTheOldestAfterBuildingABufferWhileEmpty() {
        View v = new View(8);
        View buffer = new View(4);
        v.buildBuffer(99, config(8, 3, 0), new SplittableRandom(3), buffer);
        assertEquals("99:0", buffer.toString());
        v.add(1, 255);
        v.add(2, 0);
        v.add(3, 100);
        v.moveOldestToEnd(1);
        assertEquals("2:0;3:100;1:255", v.toString());
        v.removeOldest(1);
        assertEquals("2:0;3:100", v.toString());
    }

    @Test
    void shouldMoveTiedOldestInReverseListOrder() {
        // hand-checked: ages 5,9,9,1,9 and H=2: the first 9 (id 2) moves first and ends last, then id 3
        View v = view(8, 1, 5, 2, 9, 3, 9, 4, 1, 5, 9);
        v.moveOldestToEnd(2);
        assertEquals("1:5;4:1;5:9;3:9;2:9", v.toString());
    }

    @Test
    void shouldBuildABufferOfOwnDescriptorAndHalfTheViewMinusOne() {
        View v = view(12, 1, 5, 2, 1, 3, 9, 4, 0, 5, 7, 6, 2, 7, 3, 8, 4);
        View buffer = new View(4);
        v.buildBuffer(99, config(8, 2, 0), new SplittableRandom(42), buffer);
        assertEquals(4, buffer.size());
        assertEquals(99, buffer.id(0));
        assertEquals(0, buffer.age(0));
        // the view was reordered: its head is what was sent, its two oldest are at the end
        for (int i = 1; i < 4; i++) {
            assertEquals(v.id(i - 1), buffer.id(i));
        }
        assertEquals(3, v.id(7));
        assertEquals(5, v.id(6));
        int[] sorted = v.ids();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, sorted);
    }

    @Test
    void shouldNeverSendTheOldestWhenHealing() {
        View v = view(12, 1, 50, 2, 1, 3, 40, 4, 0);
        View buffer = new View(3);
        for (int seed = 0; seed < 50; seed++) {
            v.buildBuffer(99, config(6, 2, 0), new SplittableRandom(seed), buffer);
            for (int i = 1; i < buffer.size(); i++) {
                assertTrue(buffer.id(i) != 1 && buffer.id(i) != 3, buffer.toString());
            }
        }
    }

    @Test
    void shouldSelectTheOldestWithTailAndAnyWithRand() {
        View v = view(8, 1, 5, 2, 9, 3, 9, 4, 0);
        assertEquals(2, v.selectPartner(PeerSelection.TAIL, new SplittableRandom(1)));
        SplittableRandom rng = new SplittableRandom(7);
        boolean[] seen = new boolean[5];
        for (int i = 0; i < 200; i++) {
            seen[v.selectPartner(PeerSelection.RAND, rng)] = true;
        }
        assertTrue(seen[1] && seen[2] && seen[3] && seen[4]);
        assertEquals(-1, new View(2).selectPartner(PeerSelection.RAND, rng));
    }

    @Test
    void shouldAgeEveryDescriptorByOne() {
        View v = view(4, 1, 0, 2, 3);
        v.incrementAges();
        assertEquals("1:1;2:4", v.toString());
    }

    @Test
    void shouldRejectNegativeAgesAndOverflow() {
        View v = new View(1);
        assertThrows(IllegalArgumentException.class, () -> v.add(1, -1));
        v.add(1, 0);
        assertThrows(IllegalStateException.class, () -> v.add(2, 0));
    }

    @Test
    void shouldKeepViewsDuplicateFreeAndBoundedOverManyMerges() {
        ProtocolConfig cfg = config(7, 4, 3);
        SplittableRandom rng = new SplittableRandom(5);
        View a = new View(cfg.viewCapacity());
        View b = new View(cfg.viewCapacity());
        for (int i = 1; i <= 7; i++) {
            a.add(i, i);
            b.add(i + 5, i);
        }
        View ba = new View(cfg.bufferSize());
        View bb = new View(cfg.bufferSize());
        for (int round = 0; round < 500; round++) {
            a.buildBuffer(100, cfg, rng, ba);
            b.buildBuffer(200, cfg, rng, bb);
            a.merge(100, cfg, bb, rng);
            b.merge(200, cfg, ba, rng);
            a.incrementAges();
            b.incrementAges();
            for (View v : new View[] {a, b}) {
                assertTrue(v.size() <= 7);
                assertEquals(v.size(), Arrays.stream(v.ids()).distinct().count(), v.toString());
            }
            assertFalse(a.contains(100));
            assertFalse(b.contains(200));
        }
    }
}
