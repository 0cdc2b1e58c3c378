package dev.starling.sampling.protocol;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link View}'s one-pass steps (counted ages, the merged append and duplicate removal, the flat layout) against a
 * plain list written straight from SAMPLING.md, on random views and buffers: the same list, the same ages and the
 * same random draws after every buffer and merge. This is what keeps the simulator's output the same when the
 * steps are made faster.
 */
class ViewReferenceTest {

    /** SAMPLING.md's steps on a list of {id, age} pairs, one descriptor at a time. */
    private static final class Reference {
        final List<int[]> items = new ArrayList<>();

        void buildBuffer(int self, ProtocolConfig cfg, SplittableRandom rng, List<int[]> buffer) {
            buffer.clear();
            buffer.add(new int[] {self, 0});
            for (int i = items.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int[] t = items.get(i);
                items.set(i, items.get(j));
                items.set(j, t);
            }
            // the H oldest go to the end one by one, the oldest (nearest the head on ties) to the very end
            List<int[]> moved = new ArrayList<>();
            for (int t = Math.min(cfg.healing(), items.size()); t > 0; t--) {
                moved.add(items.remove(oldest()));
            }
            for (int i = moved.size() - 1; i >= 0; i--) {
                items.add(moved.get(i));
            }
            for (int i = 0; i < Math.min(items.size(), cfg.viewSize() / 2 - 1); i++) {
                buffer.add(items.get(i).clone());
            }
        }

        void merge(int self, ProtocolConfig cfg, List<int[]> buffer, SplittableRandom rng) {
            int c = cfg.viewSize();
            for (int[] d : buffer) {
                if (d[0] != self) {
                    items.add(d.clone());
                }
            }
            removeDuplicates(cfg.duplicates());
            for (int k = Math.min(cfg.healing(), items.size() - c); k > 0; k--) {
                items.remove(oldest());
            }
            int head = cfg.swapCount() == SwapCount.BUFFER ? Math.max(0, cfg.swap() - 1) : cfg.swap();
            for (int k = Math.min(head, items.size() - c); k > 0; k--) {
                items.remove(0);
            }
            while (items.size() > c) {
                items.remove(rng.nextInt(items.size()));
            }
        }

        private void removeDuplicates(Duplicates policy) {
            List<int[]> kept = new ArrayList<>();
            for (int[] d : items) {
                int at = -1;
                for (int i = 0; i < kept.size(); i++) {
                    if (kept.get(i)[0] == d[0]) {
                        at = i;
                    }
                }
                if (at < 0) {
                    kept.add(d);
                } else if (policy == Duplicates.FIRST) {
                    kept.get(at)[1] = Math.min(kept.get(at)[1], d[1]);
                } else if (d[1] < kept.get(at)[1]) {
                    kept.remove(at);
                    kept.add(d); // the fresher copy keeps its own place: every kept one before it stays before it
                }
            }
            items.clear();
            items.addAll(kept);
        }

        /** The index of the oldest descriptor, the one nearest the head among equal ages. */
        private int oldest() {
            int best = 0;
            for (int i = 1; i < items.size(); i++) {
                if (items.get(i)[1] > items.get(best)[1]) {
                    best = i;
                }
            }
            return best;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int[] d : items) {
                sb.append(sb.length() == 0 ? "" : ";").append(d[0]).append(':').append(d[1]);
            }
            return sb.toString();
        }
    }

    private static String text(List<int[]> list) {
        Reference r = new Reference();
        r.items.addAll(list);
        return r.toString();
    }

    @Test
    void shouldMatchTheStepByStepListOnRandomViewsAndBuffers() {
        compareOnRandomViews(42, false, false);
    }

    /**
     * Addresses spread over the whole int range, a few dozen per trial: two of them often share a slot of the
     * merge's filter, so a duplicate is sometimes found behind a slot that another address took.
     */
    @Test
    void shouldMatchTheStepByStepListWithAddressesOverTheWholeRange() {
        compareOnRandomViews(44, false, true);
    }

    /**
     * Views built by hand may hold an address twice (a merge never leaves one so): the merge settles those by the
     * duplicate table, not by the filter that assumes distinct addresses, and must still give the plain list's
     * result. Here also before later rounds, when the filter still holds the stamps and positions of the last
     * merge.
     */
    @Test
    void shouldMatchTheStepByStepListWhenViewsHoldAnAddressTwice() {
        compareOnRandomViews(43, true, false);
    }

    private static void compareOnRandomViews(long seed0, boolean repeats, boolean wide) {
        SplittableRandom setup = new SplittableRandom(seed0);
        for (int trial = 0; trial < 2000; trial++) {
            int c = 2 + setup.nextInt(31);
            ProtocolConfig cfg = ProtocolConfig.builder().viewSize(c).healing(setup.nextInt(c + 1))
                    .swap(setup.nextInt(c + 1)).duplicates(Duplicates.values()[setup.nextInt(2)])
                    .swapCount(SwapCount.values()[setup.nextInt(2)]).build();
            int ids = c + 1 + setup.nextInt(2 * c); // few addresses: many duplicates between view and buffer
            // ages mostly close together (ties), sometimes far apart (beyond the counted range)
            int ageSpread = setup.nextInt(4) == 0 ? 1000 : 1 + setup.nextInt(8);
            View a = new View(cfg.viewCapacity() + (repeats ? 1 : 0)); // room for one address added twice
            View b = new View(cfg.viewCapacity() + (repeats ? 1 : 0));
            Reference ra = new Reference();
            Reference rb = new Reference();
            int[] pool = new int[ids];
            for (int i = 0; i < ids; i++) {
                pool[i] = wide ? 3000 + setup.nextInt(Integer.MAX_VALUE - 3000) : i;
            }
            fill(a, ra, c, pool, ageSpread, setup, 1000, repeats);
            fill(b, rb, c, pool, ageSpread, setup, 2000, repeats);
            long seed = setup.nextLong();
            SplittableRandom rngView = new SplittableRandom(seed);
            SplittableRandom rngRef = new SplittableRandom(seed);
            View ba = new View(cfg.bufferSize());
            View bb = new View(cfg.bufferSize());
            List<int[]> la = new ArrayList<>();
            List<int[]> lb = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                if (repeats && round > 0) {
                    addTwice(a, ra, setup);
                    addTwice(b, rb, setup);
                }
                a.buildBuffer(1000, cfg, rngView, ba);
                ra.buildBuffer(1000, cfg, rngRef, la);
                b.buildBuffer(2000, cfg, rngView, bb);
                rb.buildBuffer(2000, cfg, rngRef, lb);
                String where = "trial " + trial + " round " + round + " " + cfg + " " + cfg.duplicates();
                assertEquals(text(la), ba.toString(), where + ": buffer");
                assertEquals(ra.toString(), a.toString(), where + ": view after its buffer");
                b.merge(2000, cfg, ba, rngView);
                rb.merge(2000, cfg, la, rngRef);
                a.merge(1000, cfg, bb, rngView);
                ra.merge(1000, cfg, lb, rngRef);
                assertEquals(rb.toString(), b.toString(), where + ": passive merge");
                assertEquals(ra.toString(), a.toString(), where + ": active merge");
                a.incrementAges();
                b.incrementAges();
                for (Reference r : new Reference[] {ra, rb}) {
                    for (int[] d : r.items) {
                        d[1]++;
                    }
                }
                assertEquals(rngRef.nextLong(), rngView.nextLong(), where + ": same number of draws");
            }
        }
    }

    @Test
    void shouldPickTheSamePartnerWhenEveryEntryIsAlive() {
        SplittableRandom setup = new SplittableRandom(7);
        boolean[] alive = new boolean[64];
        Arrays.fill(alive, true);
        for (int trial = 0; trial < 500; trial++) {
            View v = new View(30);
            Reference unused = new Reference();
            fill(v, unused, 1 + setup.nextInt(30), IntStream.range(0, 64).toArray(),
                    1 + setup.nextInt(5), setup, 99, false);
            for (PeerSelection selection : PeerSelection.values()) {
                long seed = setup.nextLong();
                assertEquals(v.selectPartner(selection, new SplittableRandom(seed)),
                        v.selectLivePartner(selection, new SplittableRandom(seed), alive), v + " " + selection);
            }
        }
    }

    /** Adds, now and then, a second copy of an address the view holds, with an age of its own, to both. */
    private static void addTwice(View v, Reference r, SplittableRandom rng) {
        if (v.isEmpty() || rng.nextInt(4) == 0) {
            return;
        }
        int id = v.id(rng.nextInt(v.size()));
        int age = rng.nextInt(8);
        v.add(id, age);
        r.items.add(new int[] {id, age});
    }

    /**
     * Up to {@code c} addresses from {@code pool}, never {@code self}, with random ages, in both: distinct, or with
     * {@code repeats} one address in four drawn again from those already there.
     */
    private static void fill(View v, Reference r, int c, int[] pool, int ageSpread, SplittableRandom rng, int self,
                             boolean repeats) {
        int size = 1 + rng.nextInt(c);
        while (v.size() < size) {
            int id = repeats && v.size() > 0 && rng.nextInt(4) == 0 ? v.id(rng.nextInt(v.size())) : pool[rng.nextInt(pool.length)];
            if (id != self && (repeats || !v.contains(id))) {
                int age = rng.nextInt(ageSpread);
                v.add(id, age);
                r.items.add(new int[] {id, age});
            }
        }
    }
}
