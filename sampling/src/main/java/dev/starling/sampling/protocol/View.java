package dev.starling.sampling.protocol;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A peer's view: an ordered list of descriptors {@code (address, age)}, at most one per address once a merge is
 * done. The same class runs in the agent runtime and in the simulator, and also serves as the buffer of an
 * exchange. Not thread-safe: a view belongs to the one thread hosting its peer. Nothing here allocates after
 * its first merge.
 *
 * <p>Layout: one long run {@code [size, d0, d1, ...]} of {@link #stride(int)} longs, each descriptor one long
 * {@code age << 32 | address} (addresses and ages are non-negative ints), so a swap, a move or a copy is one load
 * and one store, and aging a view is one vectorizable pass. A plain {@code new View(capacity)} owns its run; the
 * simulator keeps every peer's run in one flat array and points a {@link #flyweight(int) flyweight} at the run of
 * the peer it works on ({@link #wrap}), so a view is one contiguous, cache-friendly block and a million views are
 * one array, not three million objects.
 */
public final class View {
    private static final int COUNTS = 256;
    private static final int COUNT_MASK = COUNTS - 1;
    private static final long ONE_AGE = 1L << 32;
    private static final long ID_MASK = 0xFFFF_FFFFL;
    /** Or-ed into a descriptor to mark it removed: its age reads -1, so the long is negative. */
    private static final long REMOVED = 0xFFFF_FFFFL << 32;
    private static final int FILTER_LOG = 10;
    /** Slots of the filter a merge enters its addresses in: about 34 per descriptor of a c = 30 view. */
    private static final int FILTER_SLOTS = 1 << FILTER_LOG;

    private final int capacity;
    private final long[] scratch;
    private final int[] counts = new int[COUNTS];
    /**
     * Per filter slot, {@code stamp << 32 | position}: the {@link #filterStamp} of the last merge that entered an
     * address there, and where in the list that address stands.
     */
    private final long[] filter = new long[FILTER_SLOTS];
    private int filterStamp;
    /** Duplicate table: {@code generation << 32 | address} per used slot, and the position of that address. */
    private long[] slotKey;
    private int[] slotIndex;
    private int slotShift;
    private int generation;
    /** After {@link #threshold}: the lowest and highest age when ages were counted into {@code counts}, else -1. */
    private int countedMin = -1;
    private int countedMax;
    private long[] data;
    private int base;

    /**
     * @param capacity the most descriptors the list may hold at once (a view needs
     *                 {@link ProtocolConfig#viewCapacity()} to merge a buffer)
     */
    public View(int capacity) {
        this(capacity, new long[stride(capacity)]);
    }

    private View(int capacity, long[] data) {
        this.capacity = capacity;
        this.data = data;
        this.scratch = new long[capacity + 1];
    }

    /**
     * @param capacity descriptors per run
     * @return a view that works on runs of an external array; point it at one with {@link #wrap}
     */
    public static View flyweight(int capacity) {
        return new View(capacity, null);
    }

    /**
     * @param capacity descriptors a run holds
     * @return longs per run: the size plus one long per descriptor
     */
    public static int stride(int capacity) {
        return 1 + capacity;
    }

    /**
     * @param id  address, at least 0
     * @param age age, at least 0
     * @return the descriptor as one long, as a run stores it
     */
    public static long descriptor(int id, int age) {
        return (long) age << 32 | (id & ID_MASK);
    }

    /** @param descriptor a run's long @return its address */
    public static int idOf(long descriptor) {
        return (int) descriptor;
    }

    /** @param descriptor a run's long @return its age */
    public static int ageOf(long descriptor) {
        return (int) (descriptor >>> 32);
    }

    /**
     * Points this view at the run starting at {@code start} (its size first); the run is used in place.
     *
     * @param array the flat array of runs
     * @param start index of the run's first long
     * @return this
     */
    public View wrap(long[] array, int start) {
        this.data = array;
        this.base = start;
        return this;
    }

    private int at(int i) {
        return base + 1 + i;
    }

    /** @return how many descriptors the view holds */
    public int size() {
        return (int) data[base];
    }

    private void setSize(int n) {
        data[base] = n;
    }

    /** @return true when the view holds no descriptor */
    public boolean isEmpty() {
        return data[base] == 0;
    }

    /** @return the most descriptors the list can hold */
    public int capacity() {
        return capacity;
    }

    /** @param i position, 0 is the head @return the address at {@code i} */
    public int id(int i) {
        checkIndex(i);
        return (int) data[at(i)];
    }

    /** @param i position, 0 is the head @return the age at {@code i} */
    public int age(int i) {
        checkIndex(i);
        return (int) (data[at(i)] >>> 32);
    }

    /**
     * Appends a descriptor at the tail, duplicates included (a merge removes them).
     *
     * @param id  address
     * @param age age, at least 0
     */
    public void add(int id, int age) {
        int n = size();
        if (n == capacity) {
            throw new IllegalStateException("view full (capacity " + capacity + ")");
        }
        if (age < 0) {
            throw new IllegalArgumentException("age must be at least 0, was " + age);
        }
        data[at(n)] = descriptor(id, age);
        data[base] = n + 1;
    }

    /** @param id address @return true if some descriptor names {@code id} */
    public boolean contains(int id) {
        for (int k = base + 1, end = at(size()); k < end; k++) {
            if ((int) data[k] == id) {
                return true;
            }
        }
        return false;
    }

    /** Empties the view. */
    public void clear() {
        data[base] = 0;
    }

    /** @param other view whose descriptors replace these, in order */
    public void copyFrom(View other) {
        int n = other.size();
        if (n > capacity) {
            throw new IllegalStateException("view full (capacity " + capacity + ")");
        }
        System.arraycopy(other.data, other.base + 1, data, base + 1, n);
        data[base] = n;
    }

    /** Adds 1 to every age: done once per exchange a peer takes part in. */
    public void incrementAges() {
        long[] d = data;
        for (int k = base + 1, end = at(size()); k < end; k++) {
            d[k] += ONE_AGE;
        }
    }

    /**
     * Picks the partner of an exchange among all entries, alive or not.
     *
     * @param selection rand (uniform) or tail (highest age, the first such on ties)
     * @param rng       randomness
     * @return the partner's address, or -1 when the view is empty
     */
    public int selectPartner(PeerSelection selection, RandomGenerator rng) {
        int n = size();
        if (n == 0) {
            return -1;
        }
        if (selection == PeerSelection.RAND) {
            return (int) data[at(rng.nextInt(n))];
        }
        return (int) data[at(indexOfOldest(n))];
    }

    /**
     * Picks the partner among the entries that name live peers only: the paper's {@code selectPeer()}, which
     * "returns the address of a live node as found in the caller's current view".
     *
     * @param selection rand (uniform over the live entries) or tail (the oldest live entry, the first on ties)
     * @param rng       randomness (one draw for rand, none otherwise)
     * @param alive     liveness by address
     * @return the partner's address, or -1 when no entry names a live peer
     */
    public int selectLivePartner(PeerSelection selection, RandomGenerator rng, boolean[] alive) {
        int n = size();
        int end = at(n);
        if (selection == PeerSelection.RAND) {
            int live = 0;
            for (int k = base + 1; k < end; k++) {
                if (alive[(int) data[k]]) {
                    live++;
                }
            }
            if (live == 0) {
                return -1;
            }
            int pick = rng.nextInt(live);
            for (int k = base + 1; k < end; k++) {
                if (alive[(int) data[k]] && pick-- == 0) {
                    return (int) data[k];
                }
            }
            throw new AssertionError("unreachable");
        }
        int best = -1;
        long bestAge = -1;
        for (int k = base + 1; k < end; k++) {
            long d = data[k];
            if (alive[(int) d] && d >>> 32 > bestAge) {
                best = (int) d;
                bestAge = d >>> 32;
            }
        }
        return best;
    }

    /**
     * Builds the buffer to send (the same on both sides): own descriptor with age 0, then the view is
     * shuffled, its H oldest descriptors moved to its end, and its first {@code c/2 - 1} descriptors copied
     * after the own one. The view keeps that new order, which is what lets a later merge's step 4 drop the
     * descriptors just sent.
     *
     * @param self   own address
     * @param config c and H
     * @param rng    randomness for the shuffle
     * @param buffer cleared, then filled
     */
    public void buildBuffer(int self, ProtocolConfig config, RandomGenerator rng, View buffer) {
        buffer.clear();
        buffer.add(self, 0);
        permute(rng);
        moveOldestToEnd(config.healing());
        int n = Math.min(size(), config.viewSize() / 2 - 1);
        if (n > buffer.capacity - 1) {
            throw new IllegalStateException("view full (capacity " + buffer.capacity + ")");
        }
        System.arraycopy(data, base + 1, buffer.data, buffer.base + 2, n);
        buffer.data[buffer.base] = n + 1;
    }

    /**
     * Merges a received buffer: the paper's {@code select(c, H, S, buffer)}, five steps in this order.
     * Descriptors naming the peer itself are dropped on receipt.
     *
     * @param self   own address
     * @param config c, H, S, where duplicates are kept and what S counts
     * @param buffer the received buffer (left untouched)
     * @param rng    randomness for step 5
     */
    public void merge(int self, ProtocolConfig config, View buffer, RandomGenerator rng) {
        int c = config.viewSize();
        appendDistinct(buffer, self, config.duplicates());              // 1 and 2
        removeOldest(Math.min(config.healing(), size() - c));           // 3
        removeHead(config.swapCount().removals(config.swap(), size() - c)); // 4
        removeRandom(size() - c, rng);                                  // 5
    }

    /** Step 1 of a merge: appends the buffer's descriptors, except any naming {@code self}. */
    void append(View buffer, int self) {
        for (int k = buffer.base + 1, end = buffer.at(buffer.size()); k < end; k++) {
            long d = buffer.data[k];
            if ((int) d != self) {
                add((int) d, (int) (d >>> 32));
            }
        }
    }

    /**
     * Steps 1 and 2 in one pass, with the result of {@link #append} then {@link #removeDuplicates(Duplicates)}: the
     * view's own duplicates are settled first, then each received descriptor either updates the copy the view holds
     * or is appended; a received copy that step 2 would remove is never written.
     *
     * <p>A view holds each address once after any merge, and a buffer rarely names an address the view holds, so
     * the addresses are first entered in a filter of {@link #FILTER_SLOTS} slots, one store each (stamped with this
     * merge's number, so that nothing has to be cleared), with their positions: a received address whose slot is not
     * stamped is not in the view and is appended at once; a stamped slot that names the address gives its position,
     * and only one taken by another address (a few percent) sends the look-up through the list. A view that holds
     * an address twice (built by hand) goes through the duplicate table instead.
     */
    void appendDistinct(View buffer, int self, Duplicates policy) {
        long[] d = data;
        long[] f = filter;
        int stamp = ++filterStamp;
        if (stamp == 0) { // wrapped: clear so that no stale stamp matches
            Arrays.fill(f, 0);
            stamp = filterStamp = 1;
        }
        int start = base + 1;
        int w = start + size();
        long mark = (long) stamp << 32;
        for (int k = start; k < w; k++) {
            int id = (int) d[k];
            int h = filterSlot(id);
            long m = f[h];
            if ((int) (m >>> 32) == stamp && ((int) d[start + (int) m] == id || indexOf(id, start, k) >= 0)) {
                appendDistinctByTable(buffer, self, policy);
                return;
            }
            f[h] = mark | (k - start);
        }
        boolean any = false;
        long[] from = buffer.data;
        for (int k = buffer.base + 1, end = buffer.at(buffer.size()); k < end; k++) {
            long received = from[k];
            int id = (int) received;
            if (id == self) {
                continue;
            }
            int h = filterSlot(id);
            long m = f[h];
            if ((int) (m >>> 32) == stamp) {
                int ki = start + (int) m;
                if ((int) d[ki] != id) {
                    ki = indexOf(id, start, w);
                }
                if (ki >= 0) {
                    if (policy == Duplicates.FIRST) {
                        d[ki] = Math.min(d[ki], received); // same address: the lower long is the lower age
                        continue;
                    }
                    if (received >= d[ki]) {
                        continue;
                    }
                    d[ki] |= REMOVED;
                    any = true;
                }
            }
            if (w - start == capacity) {
                throw new IllegalStateException("view full (capacity " + capacity + ")");
            }
            f[h] = mark | (w - start);
            d[w++] = received;
        }
        setSize(w - start);
        if (any) {
            compact();
        }
    }

    /** @return the filter slot of an address, 0 to {@link #FILTER_SLOTS} - 1 */
    static int filterSlot(int id) {
        return (id * 0x9E3779B9) >>> (32 - FILTER_LOG);
    }

    /** @return the index in {@code data} of the copy of {@code id} not marked removed in {@code [from, to)}, or -1 */
    private int indexOf(int id, int from, int to) {
        long[] d = data;
        for (int k = from; k < to; k++) {
            long e = d[k];
            if ((int) e == id && e >= 0) {
                return k;
            }
        }
        return -1;
    }

    /** {@link #appendDistinct} with the duplicate table: for a view that may hold an address twice. */
    private void appendDistinctByTable(View buffer, int self, Duplicates policy) {
        long[] d = data;
        boolean any = settleOwn(policy);
        long[] from = buffer.data;
        int n = size();
        int w = at(n);
        for (int k = buffer.base + 1, end = buffer.at(buffer.size()); k < end; k++) {
            long received = from[k];
            int id = (int) received;
            if (id == self) {
                continue;
            }
            int slot = probe(id);
            if (slotKey[slot] == tagged(id)) {
                int ki = slotIndex[slot];
                if (policy == Duplicates.FIRST) {
                    d[ki] = Math.min(d[ki], received); // same address: the lower long is the lower age
                    continue;
                }
                if (received >= d[ki]) {
                    continue;
                }
                d[ki] |= REMOVED;
                any = true;
            }
            if (w - base - 1 == capacity) {
                throw new IllegalStateException("view full (capacity " + capacity + ")");
            }
            d[w] = received;
            slotKey[slot] = tagged(id);
            slotIndex[slot] = w;
            w++;
        }
        setSize(w - base - 1);
        if (any) {
            compact();
        }
    }

    /**
     * Starts a new table generation and enters the view's addresses, settling any address held twice by the
     * policy (the second copy, or the first, marked removed).
     *
     * @return whether some copy was marked removed
     */
    private boolean settleOwn(Duplicates policy) {
        if (slotKey == null) {
            // made on the first merge only: a view that is only read or sent (a copy, a buffer) never needs it.
            // About 16 slots per descriptor: a probe almost never meets another address, so its branch is predictable
            int slots = tableSlots(capacity);
            slotKey = new long[slots];
            slotIndex = new int[slots];
            slotShift = tableShift(capacity);
        }
        if (++generation == 0) {
            Arrays.fill(slotKey, 0);
            generation = 1;
        }
        long[] d = data;
        boolean any = false;
        for (int kj = base + 1, end = at(size()); kj < end; kj++) {
            int id = (int) d[kj];
            int slot = probe(id);
            if (slotKey[slot] != tagged(id)) {
                slotKey[slot] = tagged(id);
                slotIndex[slot] = kj;
                continue;
            }
            any = true;
            int ki = slotIndex[slot];
            if (policy == Duplicates.FIRST) {
                d[ki] = Math.min(d[ki], d[kj]);
                d[kj] |= REMOVED;
            } else if (d[kj] < d[ki]) {
                d[ki] |= REMOVED;
                slotIndex[slot] = kj;
            } else {
                d[kj] |= REMOVED;
            }
        }
        return any;
    }

    /** @return slots of the duplicate table of a view of {@code capacity}: about 16 per descriptor, a power of two */
    static int tableSlots(int capacity) {
        return Integer.highestOneBit(Math.max(2, capacity - 1)) << 5;
    }

    /** @return how far a hash is shifted right to index the duplicate table of a view of {@code capacity} */
    static int tableShift(int capacity) {
        return 32 - Integer.numberOfTrailingZeros(tableSlots(capacity));
    }

    /** @return the slot a probe for {@code id} starts at, in a table indexed by a hash shifted right {@code shift} */
    static int homeSlot(int id, int shift) {
        return (id * 0x9E3779B9) >>> shift;
    }

    private long tagged(int id) {
        return (long) generation << 32 | (id & ID_MASK);
    }

    /**
     * Linear probing in this generation's table.
     *
     * @return the slot that holds {@code id}, or else the free slot where it would go
     */
    private int probe(int id) {
        long key = tagged(id);
        int mask = slotKey.length - 1;
        int slot = homeSlot(id, slotShift);
        while (true) {
            long k = slotKey[slot];
            if (k == key || (int) (k >>> 32) != generation) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * Step 2: keeps one descriptor per address, the freshest (lowest age; the earlier one on equal ages), at
     * its own position; the others keep their order.
     */
    void removeDuplicates() {
        removeDuplicates(Duplicates.FRESHER);
    }

    /**
     * Step 2 with the placement policy: {@link Duplicates#FRESHER} keeps the freshest copy where it stands (the
     * earlier one on equal ages); {@link Duplicates#FIRST} keeps the first copy's place with the lowest age. One
     * pass with a small open-addressing table from address to the position of its surviving copy.
     *
     * @param policy where the kept copy stands
     */
    void removeDuplicates(Duplicates policy) {
        if (settleOwn(policy)) {
            compact();
        }
    }

    /**
     * Step 3: removes the {@code k} oldest descriptors; among equal ages the ones nearest the head go
     * first. One pass counts the ages and finds the threshold age, one more removes.
     */
    void removeOldest(int k) {
        int n = size();
        if (k <= 0) {
            return;
        }
        if (k >= n) {
            setSize(0);
            return;
        }
        int left = threshold(n, k);
        clearCounts();
        int threshold = thresholdAge;
        long[] d = data;
        // a descriptor goes when its age is above the threshold's, or equal and among the first `left` of that age;
        // branch-free: each one is written, and the write index advances only for one that stays
        int w = base + 1;
        for (int r = base + 1, end = at(n); r < end; r++) {
            long e = d[r];
            int a = (int) (e >>> 32);
            int above = (threshold - a) >>> 31;
            int tie = (((a ^ threshold) - 1) & -left) >>> 31;
            left -= tie;
            d[w] = e;
            w += 1 - (above | tie);
        }
        setSize(w - base - 1);
    }

    /** Set by {@link #threshold}: the age at or above which the k oldest lie. */
    private int thresholdAge;

    /**
     * Finds the age at or above which the {@code k} oldest of the first {@code n} entries lie.
     *
     * @return how many entries of exactly the threshold age belong to the k oldest (the threshold goes to
     *         {@code thresholdAge})
     */
    private int threshold(int n, int k) {
        int[] counts = this.counts;
        long[] d = data;
        int min = Integer.MAX_VALUE;
        int max = -1;
        // one pass: the range, and the ages counted modulo COUNTS (exact when the range is below COUNTS, as the ages
        // of a view usually are); counts is all zero between calls, see clearCounts
        for (int p = base + 1, end = p + n; p < end; p++) {
            int a = (int) (d[p] >>> 32);
            min = Math.min(min, a);
            max = Math.max(max, a);
            counts[a & COUNT_MASK]++;
        }
        if (max - min < COUNTS) {
            countedMin = min;
            countedMax = max;
            int left = k;
            for (int a = max; ; a--) {
                int count = counts[a & COUNT_MASK];
                if (count >= left) {
                    thresholdAge = a;
                    return left;
                }
                left -= count;
            }
        }
        countedMin = -1;
        Arrays.fill(counts, 0);
        int left = k;
        int below = Integer.MAX_VALUE;
        while (true) {
            int top = -1;
            int count = 0;
            for (int p = base + 1, end = p + n; p < end; p++) {
                int a = (int) (d[p] >>> 32);
                if (a < below) {
                    if (a > top) {
                        top = a;
                        count = 1;
                    } else if (a == top) {
                        count++;
                    }
                }
            }
            if (count >= left) {
                thresholdAge = top;
                return left;
            }
            left -= count;
            below = top;
        }
    }

    /** Zeroes what the last {@link #threshold} counted, or left as positions, in {@code counts}. */
    private void clearCounts() {
        if (countedMin >= 0) {
            for (int a = countedMin; a <= countedMax; a++) {
                counts[a & COUNT_MASK] = 0;
            }
            countedMin = -1;
        }
    }

    /** Step 4: removes {@code k} descriptors from the head. */
    void removeHead(int k) {
        if (k <= 0) {
            return;
        }
        int size = size();
        int n = Math.min(k, size);
        System.arraycopy(data, at(n), data, base + 1, size - n);
        setSize(size - n);
    }

    /** Step 5: removes {@code k} descriptors chosen uniformly at random. */
    void removeRandom(int k, RandomGenerator rng) {
        for (int r = 0; r < k && size() > 0; r++) {
            removeAt(rng.nextInt(size()));
        }
    }

    /** Shuffles the view uniformly (Fisher-Yates). */
    void permute(RandomGenerator rng) {
        long[] d = data;
        int first = base + 1;
        for (int i = size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            long t = d[first + i];
            d[first + i] = d[first + j];
            d[first + j] = t;
        }
    }

    /**
     * Moves the {@code h} oldest descriptors to the end, the oldest last; the others keep their order. Among
     * equal ages the ones nearest the head count as older (they are moved first, so they end up last). With
     * {@code h >= size} the view ends up sorted by age.
     */
    void moveOldestToEnd(int h) {
        int n = size();
        int m = Math.min(h, n);
        if (m <= 0) {
            return;
        }
        int left = threshold(n, m);
        int threshold = thresholdAge;
        long[] d = data;
        long[] scratch = this.scratch;
        int end = at(n);
        if (countedMin >= 0) {
            // ages were counted: give each age its block of the tail (ascending), and fill each block from its
            // end in list order, so that ties stand in reverse list order as repeated "move the oldest" leaves them
            int[] next = counts;
            int pos = 0;
            for (int a = threshold; a <= countedMax; a++) {
                int i = a & COUNT_MASK;
                pos += a == threshold ? left : next[i];
                next[i] = pos - 1;
            }
            // branch-free: every descriptor is written to both places, and only the right index advances (the
            // others' ages index counts below the threshold, which clearCounts zeroes; their scratch write goes to
            // the spare last slot)
            int taken = left;
            int spare = scratch.length - 1;
            int w = base + 1;
            for (int r = base + 1; r < end; r++) {
                long e = d[r];
                int a = (int) (e >>> 32);
                int above = (threshold - a) >>> 31;
                int tie = (((a ^ threshold) - 1) & -taken) >>> 31;
                taken -= tie;
                int move = above | tie;
                int i = a & COUNT_MASK;
                int slot = next[i];
                scratch[slot + ((spare - slot) & (move - 1))] = e;
                next[i] = slot - move;
                d[w] = e;
                w += 1 - move;
            }
            System.arraycopy(scratch, 0, d, w, m);
            clearCounts();
            return;
        }
        // one pass: the others move up in order, the m oldest go to scratch in list order
        int w = base + 1;
        int s = 0;
        for (int r = base + 1; r < end; r++) {
            long e = d[r];
            int a = (int) (e >>> 32);
            if (a > threshold || (a == threshold && left-- > 0)) {
                scratch[s++] = e;
            } else {
                d[w++] = e;
            }
        }
        // stable insertion sort of the moved ones by age, descending: the order in which they reach the end
        for (int i = 1; i < s; i++) {
            long e = scratch[i];
            long a = e >>> 32;
            int j = i - 1;
            while (j >= 0 && scratch[j] >>> 32 < a) {
                scratch[j + 1] = scratch[j];
                j--;
            }
            scratch[j + 1] = e;
        }
        // the first moved is the very last
        for (int i = 0, t = end - 1; i < s; i++, t--) {
            d[t] = scratch[i];
        }
    }

    private int indexOfOldest(int n) {
        int best = 0;
        long bestAge = data[base + 1] >>> 32;
        for (int i = 1, p = base + 2; i < n; i++, p++) {
            if (data[p] >>> 32 > bestAge) {
                best = i;
                bestAge = data[p] >>> 32;
            }
        }
        return best;
    }

    private void removeAt(int i) {
        int size = size();
        int k = at(i);
        System.arraycopy(data, k + 1, data, k, size - i - 1);
        setSize(size - 1);
    }

    private void compact() {
        long[] d = data;
        int w = base + 1;
        for (int r = base + 1, end = at(size()); r < end; r++) {
            long e = d[r];
            d[w] = e;
            w += e < 0 ? 0 : 1;
        }
        setSize(w - base - 1);
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("index " + i + ", size " + size());
        }
    }

    /** @return the view as {@code id:age} pairs joined by {@code ;} (the views.csv format) */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int n = size();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(';');
            }
            long e = data[at(i)];
            sb.append((int) e).append(':').append((int) (e >>> 32));
        }
        return sb.toString();
    }

    /** @return the addresses, head first (a copy) */
    public int[] ids() {
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) data[at(i)];
        }
        return out;
    }

    /** @return the ages, head first (a copy) */
    public int[] ages() {
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) (data[at(i)] >>> 32);
        }
        return out;
    }
}
