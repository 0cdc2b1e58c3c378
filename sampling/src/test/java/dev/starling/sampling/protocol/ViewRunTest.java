package dev.starling.sampling.protocol;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A view as the simulator holds it, one run of a flat array among others, and its accessors: the
 * descriptor encoding, flyweights pointed at runs, copies between runs, reads by position and their
 * bounds, and the {@code id:age} text of views.csv.
 */
class ViewRunTest {

    @Test
    void shouldEncodeAnAddressAndAnAgeInOneDescriptorAndReadBothBack() {
        for (int[] pair : new int[][] {{0, 0}, {7, 3}, {Integer.MAX_VALUE, 0}, {0, Integer.MAX_VALUE},
                {123_456, 1 << 20}, {Integer.MAX_VALUE, Integer.MAX_VALUE}}) {
            long d = View.descriptor(pair[0], pair[1]);
            assertEquals(pair[0], View.idOf(d), "address of " + pair[0] + ":" + pair[1]);
            assertEquals(pair[1], View.ageOf(d), "age of " + pair[0] + ":" + pair[1]);
        }
        assertTrue(View.descriptor(5, 2) < View.descriptor(5, 3), "same address: the lower long is the lower age");
        assertEquals(1 + 30, View.stride(30), "the size, then one long per descriptor");
    }

    /** Two flyweights over neighbouring runs of one array: each works on its own run only. */
    @Test
    void shouldWorkInPlaceOnItsOwnRunOfAFlatArray() {
        int capacity = 4;
        int stride = View.stride(capacity);
        long[] runs = new long[3 * stride];
        View first = View.flyweight(capacity).wrap(runs, 0);
        View second = View.flyweight(capacity).wrap(runs, stride);
        View third = View.flyweight(capacity).wrap(runs, 2 * stride);
        assertTrue(second.isEmpty());
        assertEquals(capacity, second.capacity());
        second.add(11, 1);
        second.add(12, 2);
        third.add(21, 5);
        assertFalse(second.isEmpty());
        assertTrue(first.isEmpty(), "a neighbour's run is untouched");
        assertEquals(2, runs[stride], "the run starts with its size");
        assertEquals(View.descriptor(11, 1), runs[stride + 1]);
        assertArrayEquals(new int[] {11, 12}, second.ids());
        assertArrayEquals(new int[] {1, 2}, second.ages());
        assertArrayEquals(new int[] {21}, third.ids());

        second.incrementAges();
        assertArrayEquals(new int[] {2, 3}, second.ages());
        assertEquals(2, second.age(0));
        assertEquals(3, second.age(1));
        assertArrayEquals(new int[] {5}, third.ages(), "aging one run leaves the next alone");

        first.copyFrom(second);
        assertArrayEquals(new int[] {11, 12}, first.ids());
        assertArrayEquals(new int[] {2, 3}, first.ages());
        third.copyFrom(first);
        assertEquals("11:2;12:3", third.toString());
        View own = new View(capacity);
        own.add(99, 9);
        second.copyFrom(own);
        assertEquals("99:9", second.toString());
        assertEquals("11:2;12:3", first.toString(), "copies are values, not views of each other");

        View reused = View.flyweight(capacity);
        assertEquals("11:2;12:3", reused.wrap(runs, 2 * stride).toString());
        assertEquals("99:9", reused.wrap(runs, stride).toString(), "a flyweight moves from run to run");
    }

    /**
     * A full run between two others: aging, searching and printing it stop at its last entry, so
     * the next run's size word (the long right after it) is neither changed nor read as an entry.
     */
    @Test
    void shouldStopAtTheEndOfAFullRun() {
        int capacity = 3;
        int stride = View.stride(capacity);
        long[] runs = new long[3 * stride];
        View full = View.flyweight(capacity).wrap(runs, stride);
        View next = View.flyweight(capacity).wrap(runs, 2 * stride);
        for (int id = 4; id < 4 + capacity; id++) {
            full.add(id, 1);
        }
        full.incrementAges();
        assertEquals("4:2;5:2;6:2", full.toString());
        assertTrue(next.isEmpty(), "the next run's size word is not aged");
        next.add(8, 0);
        next.add(9, 0); // the next run's size word reads as address 2, age 0
        assertFalse(full.contains(2), "the next run's size word is no entry");
        assertArrayEquals(new int[] {4, 5, 6}, full.ids());
        assertThrows(IndexOutOfBoundsException.class, () -> full.id(capacity));
        assertThrows(IllegalStateException.class, () -> full.add(1, 0), "a full run takes no more");
        assertEquals(2, next.size());
    }

    /**
     * Every step of a merge on a flyweight whose run starts deep in a flat array gives what the
     * same steps give a view of its own: positions are the run's, not the array's.
     */
    @Test
    void shouldMergeARunAtAnOffsetAsAViewOfItsOwn() {
        ProtocolConfig config = ProtocolConfig.builder().viewSize(6).healing(1).swap(1)
                .duplicates(Duplicates.FRESHER).build();
        int capacity = config.viewCapacity();
        java.util.SplittableRandom seeds = new java.util.SplittableRandom(5);
        for (int round = 0; round < 200; round++) {
            long seed = seeds.nextLong();
            View own = new View(capacity);
            long[] runs = new long[3 * View.stride(capacity)];
            View run = View.flyweight(capacity).wrap(runs, 2 * View.stride(capacity));
            View buffer = new View(config.bufferSize());
            java.util.SplittableRandom fill = new java.util.SplittableRandom(seed);
            for (int i = 0; i < 6; i++) {
                int id = fill.nextInt(12);
                int age = fill.nextInt(300); // wider than the age counts' range now and then
                own.add(id, age);
                run.add(id, age);
            }
            for (int i = 0; i < buffer.capacity(); i++) {
                buffer.add(fill.nextInt(12), fill.nextInt(4));
            }
            own.merge(99, config, buffer, new java.util.SplittableRandom(seed));
            run.merge(99, config, buffer, new java.util.SplittableRandom(seed));
            assertEquals(own.toString(), run.toString(), "round " + round);
            View sent = new View(config.bufferSize());
            View sentFromRun = new View(config.bufferSize());
            own.buildBuffer(99, config, new java.util.SplittableRandom(seed + 1), sent);
            run.buildBuffer(99, config, new java.util.SplittableRandom(seed + 1), sentFromRun);
            assertEquals(sent.toString(), sentFromRun.toString(), "round " + round);
            assertEquals(own.toString(), run.toString(), "round " + round);
        }
    }

    @Test
    void shouldRefuseToBuildIntoABufferWithoutRoom() {
        View v = new View(10);
        for (int i = 0; i < 10; i++) {
            v.add(i, i);
        }
        ProtocolConfig config = ProtocolConfig.builder().viewSize(10).build(); // own descriptor and 4 entries
        View small = new View(4);
        assertThrows(IllegalStateException.class,
                () -> v.buildBuffer(99, config, new java.util.SplittableRandom(1), small));
        View enough = new View(5);
        v.buildBuffer(99, config, new java.util.SplittableRandom(1), enough);
        assertEquals(5, enough.size());
    }

    @Test
    void shouldTakeABufferThatFillsTheViewExactlyAndRefuseOneMore() {
        View v = new View(4);
        v.add(1, 0);
        v.add(2, 0);
        View buffer = new View(2);
        buffer.add(3, 0);
        buffer.add(4, 0);
        v.appendDistinct(buffer, 99, Duplicates.FRESHER);
        assertEquals("1:0;2:0;3:0;4:0", v.toString());
        View over = new View(4);
        over.add(1, 0);
        over.add(2, 0);
        over.add(5, 0);
        View more = new View(2);
        more.add(6, 0);
        more.add(7, 0);
        assertThrows(IllegalStateException.class, () -> over.appendDistinct(more, 99, Duplicates.FRESHER));
    }

    /**
     * A merge into a run deep in a flat array that would take the run past its capacity is refused, and nothing
     * is written into the next run: checked for the filter's path (addresses held once) and the duplicate table's
     * (an address held twice), and beside each a merge that fills the run exactly.
     */
    @Test
    void shouldRefuseAMergeOverflowingARunAtAnOffsetWithoutTouchingTheNextRun() {
        int capacity = 4;
        int stride = View.stride(capacity);
        for (boolean twice : new boolean[] {false, true}) {
            long[] runs = new long[3 * stride];
            View run = View.flyweight(capacity).wrap(runs, stride);
            View next = View.flyweight(capacity).wrap(runs, 2 * stride);
            next.add(8, 0);
            run.add(1, 0);
            run.add(twice ? 1 : 2, twice ? 2 : 0);
            run.add(3, 0);
            long[] before = runs.clone();
            View over = new View(2);
            over.add(5, 0);
            over.add(6, 0);
            assertThrows(IllegalStateException.class, () -> run.appendDistinct(over, 99, Duplicates.FRESHER),
                    twice ? "table path" : "filter path");
            assertArrayEquals(Arrays.copyOfRange(before, 2 * stride, 3 * stride),
                    Arrays.copyOfRange(runs, 2 * stride, 3 * stride), "the next run is untouched");
            assertArrayEquals(Arrays.copyOfRange(before, 0, stride), Arrays.copyOfRange(runs, 0, stride),
                    "and so is the one before");

            run.clear();
            run.add(1, 0);
            run.add(twice ? 1 : 2, twice ? 2 : 0);
            run.add(3, 0);
            View fits = new View(1);
            fits.add(5, 0);
            run.appendDistinct(fits, 99, Duplicates.FRESHER);
            assertEquals(twice ? "1:0;3:0;5:0" : "1:0;2:0;3:0;5:0", run.toString());
            assertEquals("8:0", next.toString(), "the next run is untouched");
        }
    }

    @Test
    void shouldRemoveAtRandomNoMoreThanItHolds() {
        View v = new View(4);
        v.add(1, 0);
        v.add(2, 0);
        v.removeRandom(5, new java.util.SplittableRandom(3));
        assertTrue(v.isEmpty());
    }

    /** Tail selection looks at the entries the view holds, not at one left past its end. */
    @Test
    void shouldSelectTheOldestAmongTheEntriesHeldOnly() {
        View v = new View(4);
        v.add(1, 1);
        v.add(2, 3);
        v.add(3, 9);
        v.clear();
        v.add(4, 1);
        v.add(5, 2);
        assertEquals(5, v.selectPartner(PeerSelection.TAIL, null));
    }

    /** Among live entries of the same highest age, tail selection picks the one nearest the head. */
    @Test
    void shouldPickTheFirstOfTiedOldestLiveEntries() {
        View v = new View(6);
        v.add(0, 9); // dead
        v.add(1, 4);
        v.add(2, 7);
        v.add(3, 7);
        v.add(4, 7);
        boolean[] alive = {false, true, true, true, true};
        assertEquals(2, v.selectLivePartner(PeerSelection.TAIL, null, alive));
        assertEquals(0, v.selectPartner(PeerSelection.TAIL, null), "dead or alive: the oldest");
    }

    @Test
    void shouldRefuseACopyLargerThanItsCapacity() {
        View large = new View(5);
        for (int i = 0; i < 5; i++) {
            large.add(i, i);
        }
        View small = new View(4);
        small.add(42, 1);
        assertThrows(IllegalStateException.class, () -> small.copyFrom(large));
        assertEquals("42:1", small.toString(), "left as it was");
        View same = new View(5);
        same.copyFrom(large);
        assertEquals(large.toString(), same.toString(), "a view of the same capacity fits");
    }

    @Test
    void shouldReadByPositionOnlyWithinItsSize() {
        View v = new View(4);
        v.add(3, 30);
        v.add(4, 40);
        assertEquals(3, v.id(0));
        assertEquals(40, v.age(1));
        assertThrows(IndexOutOfBoundsException.class, () -> v.id(2));
        assertThrows(IndexOutOfBoundsException.class, () -> v.age(2));
        assertThrows(IndexOutOfBoundsException.class, () -> v.id(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> v.age(-1));
        v.clear();
        assertTrue(v.isEmpty());
        assertThrows(IndexOutOfBoundsException.class, () -> v.id(0), "entries past the size are gone");
        assertThrows(IndexOutOfBoundsException.class, () -> v.age(0));
        assertFalse(v.contains(3), "nor found");
    }

    @Test
    void shouldFindAnAddressAnywhereInTheViewAndNothingPastItsEnd() {
        View v = new View(4);
        v.add(1, 0);
        v.add(2, 0);
        v.add(3, 0);
        assertTrue(v.contains(1));
        assertTrue(v.contains(3), "the last entry");
        assertFalse(v.contains(4));
        v.removeHead(1);
        assertArrayEquals(new int[] {2, 3}, v.ids());
        assertFalse(v.contains(1));
        v.clear();
        v.add(7, 0);
        assertTrue(v.contains(7));
        assertFalse(v.contains(3), "entries left beyond the size are not searched");
        assertFalse(v.contains(2), "not even the one right after it");
        assertEquals("", new View(2).toString(), "an empty view prints nothing");
    }

    /**
     * The lower-case names the command line takes and prints: every constant's label parses back to
     * it, and a bad name is refused with the accepted ones listed.
     */
    @Test
    void shouldNameEveryPolicyInLowerCaseAndParseItBack() {
        assertEquals("rand", PeerSelection.RAND.label());
        assertEquals("tail", PeerSelection.TAIL.label());
        assertEquals("push", Propagation.PUSH.label());
        assertEquals("pushpull", Propagation.PUSHPULL.label());
        assertEquals("fresher", Duplicates.FRESHER.label());
        assertEquals("first", Duplicates.FIRST.label());
        assertEquals("view", SwapCount.VIEW.label());
        assertEquals("buffer", SwapCount.BUFFER.label());
        for (Duplicates d : Duplicates.values()) {
            assertEquals(d, Duplicates.parse(" " + d.label().toUpperCase(java.util.Locale.ROOT) + " "));
        }
        for (SwapCount s : SwapCount.values()) {
            assertEquals(s, SwapCount.parse(s.label()));
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Duplicates.parse("last"));
        assertEquals("duplicates must be one of fresher, first, not 'last'", bad.getMessage());
        assertEquals("swapcount must be one of view, buffer, not 'both'",
                assertThrows(IllegalArgumentException.class, () -> SwapCount.parse("both")).getMessage());
    }

    @Test
    void shouldDescribeAConfigurationByItsParametersAndPolicies() {
        ProtocolConfig plain = ProtocolConfig.builder().viewSize(30).healing(15).swap(0)
                .selection(PeerSelection.TAIL).propagation(Propagation.PUSH).build();
        assertEquals(PeerSelection.TAIL, plain.selection());
        assertEquals(Propagation.PUSH, plain.propagation());
        assertEquals("c=30 H=15 S=0 tail push", plain.toString());
        ProtocolConfig buffer = ProtocolConfig.builder().viewSize(8).swap(4).swapCount(SwapCount.BUFFER).build();
        assertEquals(SwapCount.BUFFER, buffer.swapCount());
        assertEquals("c=8 H=0 S=4 rand pushpull swap-counts=buffer", buffer.toString());
    }
}
