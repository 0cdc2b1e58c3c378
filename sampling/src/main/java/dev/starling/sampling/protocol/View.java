package dev.starling.sampling.protocol;

import java.util.random.RandomGenerator;

/**
 * A peer's view: an ordered list of descriptors {@code (address, age)}, at most one per address once a merge is
 * done. The same class runs in the agent runtime and in the simulator, and also serves as the buffer of an
 * exchange. Not thread-safe: a view belongs to the one thread hosting its peer. Nothing here allocates after
 * construction.
 *
 * <p>Layout: one int run {@code [size, id0, age0, id1, age1, ...]} of {@link #stride(int)} ints. A plain
 * {@code new View(capacity)} owns its run; the simulator keeps every peer's run in one flat array and points a
 * {@link #flyweight(int) flyweight} at the run of the peer it works on ({@link #wrap}), so a view is one
 * contiguous, cache-friendly block and a million views are one array, not three million objects.
 */
public final class View {
    private static final int REMOVED = -1;
    private static final int COUNTS = 256;
    private static final int COUNT_MASK = COUNTS - 1;

    private final int capacity;
    private final int[] scratch;
    private final int[] counts = new int[COUNTS];
    private final int[] slotKey;
    private final int[] slotIndex;
    private final int[] slotGeneration;
    private final int slotShift;
    private int generation;
    /** After {@link #threshold}: the lowest and highest age when ages were counted into {@code counts}, else -1. */
    private int countedMin = -1;
    private int countedMax;
    private int[] data;
    private int base;

    /**
     * @param capacity the most descriptors the list may hold at once (a view needs
     *                 {@link ProtocolConfig#viewCapacity()} to merge a buffer)
     */
    public View(int capacity) {
        this(capacity, new int[stride(capacity)]);
    }

    private View(int capacity, int[] data) {
        this.capacity = capacity;
        this.data = data;
        this.scratch = new int[2 * capacity];
        int slots = Integer.highestOneBit(Math.max(2, 2 * capacity - 1)) << 1;
        this.slotKey = new int[slots];
        this.slotIndex = new int[slots];
        this.slotGeneration = new int[slots];
        this.slotShift = 32 - Integer.numberOfTrailingZeros(slots);
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
     * @return ints per run: the size plus an (address, age) pair per descriptor
     */
    public static int stride(int capacity) {
        return 1 + 2 * capacity;
    }

    /**
     * Points this view at the run starting at {@code base} (its size first); the run is used in place.
     *
     * @param array the flat array of runs
     * @param start index of the run's first int
     * @return this
     */
    public View wrap(int[] array, int start) {
        this.data = array;
        this.base = start;
        return this;
    }

    private int at(int i) {
        return base + 1 + 2 * i;
    }

    /** @return how many descriptors the view holds */
    public int size() {
        return data[base];
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
        return data[at(i)];
    }

    /** @param i position, 0 is the head @return the age at {@code i} */
    public int age(int i) {
        checkIndex(i);
        return data[at(i) + 1];
    }

    /**
     * Appends a descriptor at the tail, duplicates included (a merge removes them).
     *
     * @param id  address
     * @param age age, at least 0
     */
    public void add(int id, int age) {
        int n = data[base];
        if (n == capacity) {
            throw new IllegalStateException("view full (capacity " + capacity + ")");
        }
        if (age < 0) {
            throw new IllegalArgumentException("age must be at least 0, was " + age);
        }
        int k = at(n);
        data[k] = id;
        data[k + 1] = age;
        data[base] = n + 1;
    }

    /** @param id address @return true if some descriptor names {@code id} */
    public boolean contains(int id) {
        int n = data[base];
        for (int i = 0, k = base + 1; i < n; i++, k += 2) {
            if (data[k] == id) {
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
        System.arraycopy(other.data, other.base + 1, data, base + 1, 2 * n);
        data[base] = n;
    }

    /** Adds 1 to every age: done once per exchange a peer takes part in. */
    public void incrementAges() {
        int end = at(data[base]);
        for (int k = base + 2; k < end; k += 2) {
            data[k]++;
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
        int n = data[base];
        if (n == 0) {
            return -1;
        }
        if (selection == PeerSelection.RAND) {
            return data[at(rng.nextInt(n))];
        }
        return data[at(indexOfOldest(n))];
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
        int n = data[base];
        if (selection == PeerSelection.RAND) {
            int live = 0;
            for (int i = 0, k = base + 1; i < n; i++, k += 2) {
                if (alive[data[k]]) {
                    live++;
                }
            }
            if (live == 0) {
                return -1;
            }
            int pick = rng.nextInt(live);
            for (int i = 0, k = base + 1; i < n; i++, k += 2) {
                if (alive[data[k]] && pick-- == 0) {
                    return data[k];
                }
            }
            throw new AssertionError("unreachable");
        }
        int best = -1;
        int bestAge = -1;
        for (int i = 0, k = base + 1; i < n; i++, k += 2) {
            if (alive[data[k]] && data[k + 1] > bestAge) {
                best = data[k];
                bestAge = data[k + 1];
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
        System.arraycopy(data, base + 1, buffer.data, buffer.base + 3, 2 * n);
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
        int bn = buffer.size();
        for (int i = 0, k = buffer.base + 1; i < bn; i++, k += 2) {
            if (buffer.data[k] != self) {
                add(buffer.data[k], buffer.data[k + 1]);
            }
        }
    }

    /**
     * Steps 1 and 2 in one pass, with the result of {@link #append} then {@link #removeDuplicates(Duplicates)}: the
     * view's own duplicates are settled first, then each received descriptor either updates the copy the view holds
     * or is appended; a received copy that step 2 would remove is never written.
     */
    void appendDistinct(View buffer, int self, Duplicates policy) {
        int n = data[base];
        if (++generation == 0) {
            java.util.Arrays.fill(slotGeneration, 0);
            generation = 1;
        }
        int mask = slotKey.length - 1;
        boolean any = false;
        int end = at(n);
        for (int kj = base + 1; kj < end; kj += 2) {
            int id = data[kj];
            int slot = (id * 0x9E3779B9) >>> slotShift;
            while (slotGeneration[slot] == generation && slotKey[slot] != id) {
                slot = (slot + 1) & mask;
            }
            if (slotGeneration[slot] != generation) {
                slotGeneration[slot] = generation;
                slotKey[slot] = id;
                slotIndex[slot] = kj;
                continue;
            }
            any = true;
            settle(slot, kj, policy);
        }
        int[] from = buffer.data;
        int bn = buffer.size();
        for (int i = 0, k = buffer.base + 1; i < bn; i++, k += 2) {
            int id = from[k];
            if (id == self) {
                continue;
            }
            int age = from[k + 1];
            int slot = (id * 0x9E3779B9) >>> slotShift;
            while (slotGeneration[slot] == generation && slotKey[slot] != id) {
                slot = (slot + 1) & mask;
            }
            if (slotGeneration[slot] == generation) {
                int ki = slotIndex[slot];
                if (policy == Duplicates.FIRST) {
                    data[ki + 1] = Math.min(data[ki + 1], age);
                    continue;
                }
                if (age >= data[ki + 1]) {
                    continue;
                }
                data[ki + 1] = REMOVED;
                any = true;
            }
            add(id, age);
            slotGeneration[slot] = generation;
            slotKey[slot] = id;
            slotIndex[slot] = at(data[base] - 1);
        }
        if (any) {
            compact();
        }
    }

    /** A second copy at {@code kj} of the address whose kept copy the table's {@code slot} points at. */
    private void settle(int slot, int kj, Duplicates policy) {
        int ki = slotIndex[slot];
        if (policy == Duplicates.FIRST) {
            data[ki + 1] = Math.min(data[ki + 1], data[kj + 1]);
            data[kj + 1] = REMOVED;
        } else if (data[kj + 1] < data[ki + 1]) {
            data[ki + 1] = REMOVED;
            slotIndex[slot] = kj;
        } else {
            data[kj + 1] = REMOVED;
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
        int n = data[base];
        if (++generation == 0) {
            java.util.Arrays.fill(slotGeneration, 0);
            generation = 1;
        }
        int mask = slotKey.length - 1;
        boolean any = false;
        for (int j = 0, kj = base + 1; j < n; j++, kj += 2) {
            int id = data[kj];
            int slot = (id * 0x9E3779B9) >>> slotShift;
            while (slotGeneration[slot] == generation && slotKey[slot] != id) {
                slot = (slot + 1) & mask;
            }
            if (slotGeneration[slot] != generation) {
                slotGeneration[slot] = generation;
                slotKey[slot] = id;
                slotIndex[slot] = kj;
                continue;
            }
            any = true;
            settle(slot, kj, policy);
        }
        if (any) {
            compact();
        }
    }

    /**
     * Step 3: removes the {@code k} oldest descriptors; among equal ages the ones nearest the head go
     * first. One pass per distinct age among the k oldest finds the threshold age, one more removes.
     */
    void removeOldest(int k) {
        int n = data[base];
        if (k <= 0) {
            return;
        }
        if (k >= n) {
            setSize(0);
            return;
        }
        int left = threshold(n, k);
        clearCounts();
        int threshold = scratch[0];
        int w = base + 1;
        int end = at(n);
        for (int r = base + 1; r < end; r += 2) {
            int a = data[r + 1];
            if (a > threshold) {
                continue;
            }
            if (a == threshold && left > 0) {
                left--;
                continue;
            }
            data[w] = data[r];
            data[w + 1] = a;
            w += 2;
        }
        setSize((w - base - 1) / 2);
    }

    /**
     * Finds the age at or above which the {@code k} oldest of the first {@code n} entries lie.
     *
     * @return how many entries of exactly the threshold age belong to the k oldest (the threshold goes to
     *         {@code scratch[0]})
     */
    private int threshold(int n, int k) {
        int[] counts = this.counts;
        int min = Integer.MAX_VALUE;
        int max = -1;
        // one pass: the range, and the ages counted modulo COUNTS (exact when the range is below COUNTS, as the ages
        // of a view usually are); counts is all zero between calls, see clearCounts
        for (int i = 0, p = base + 2; i < n; i++, p += 2) {
            int a = data[p];
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
                    scratch[0] = a;
                    return left;
                }
                left -= count;
            }
        }
        countedMin = -1;
        java.util.Arrays.fill(counts, 0);
        int left = k;
        int below = Integer.MAX_VALUE;
        while (true) {
            int top = -1;
            int count = 0;
            for (int i = 0, p = base + 2; i < n; i++, p += 2) {
                int a = data[p];
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
                scratch[0] = top;
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
        int size = data[base];
        int n = Math.min(k, size);
        System.arraycopy(data, at(n), data, base + 1, 2 * (size - n));
        setSize(size - n);
    }

    /** Step 5: removes {@code k} descriptors chosen uniformly at random. */
    void removeRandom(int k, RandomGenerator rng) {
        for (int r = 0; r < k && data[base] > 0; r++) {
            removeAt(rng.nextInt(data[base]));
        }
    }

    /** Shuffles the view uniformly (Fisher-Yates). */
    void permute(RandomGenerator rng) {
        for (int i = data[base] - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            swap(i, j);
        }
    }

    /**
     * Moves the {@code h} oldest descriptors to the end, the oldest last; the others keep their order. Among
     * equal ages the ones nearest the head count as older (they are moved first, so they end up last). With
     * {@code h >= size} the view ends up sorted by age.
     */
    void moveOldestToEnd(int h) {
        int n = data[base];
        int m = Math.min(h, n);
        if (m <= 0) {
            return;
        }
        int left = threshold(n, m);
        int threshold = scratch[0];
        int end = at(n);
        if (countedMin >= 0) {
            // ages were counted: give each age its block of the tail (ascending), and fill each block from its
            // end in list order, so that ties stand in reverse list order as repeated "move the oldest" leaves them
            int[] next = counts;
            int pos = 2 * (n - m);
            for (int a = threshold; a <= countedMax; a++) {
                int i = a & COUNT_MASK;
                pos += 2 * (a == threshold ? left : next[i]);
                next[i] = pos - 2;
            }
            int taken = left;
            int w = base + 1;
            int tail = 2 * (n - m);
            for (int r = base + 1; r < end; r += 2) {
                int a = data[r + 1];
                if (a > threshold || (a == threshold && taken-- > 0)) {
                    int i = a & COUNT_MASK;
                    int slot = next[i] - tail;
                    next[i] -= 2;
                    scratch[slot] = data[r];
                    scratch[slot + 1] = a;
                } else {
                    data[w] = data[r];
                    data[w + 1] = a;
                    w += 2;
                }
            }
            System.arraycopy(scratch, 0, data, w, 2 * m);
            clearCounts();
            return;
        }
        // one pass: the others move up in order, the m oldest go to scratch in list order
        int w = base + 1;
        int s = 0;
        for (int r = base + 1; r < end; r += 2) {
            int a = data[r + 1];
            if (a > threshold || (a == threshold && left-- > 0)) {
                scratch[s++] = data[r];
                scratch[s++] = a;
            } else {
                data[w] = data[r];
                data[w + 1] = a;
                w += 2;
            }
        }
        // stable insertion sort of the moved ones by age, descending: the order in which they reach the end
        for (int i = 2; i < s; i += 2) {
            int id = scratch[i];
            int a = scratch[i + 1];
            int j = i - 2;
            while (j >= 0 && scratch[j + 1] < a) {
                scratch[j + 2] = scratch[j];
                scratch[j + 3] = scratch[j + 1];
                j -= 2;
            }
            scratch[j + 2] = id;
            scratch[j + 3] = a;
        }
        // the first moved is the very last
        for (int i = 0, t = end - 2; i < s; i += 2, t -= 2) {
            data[t] = scratch[i];
            data[t + 1] = scratch[i + 1];
        }
    }

    private int indexOfOldest(int end) {
        int best = 0;
        int bestAge = data[base + 2];
        for (int i = 1, p = base + 4; i < end; i++, p += 2) {
            if (data[p] > bestAge) {
                best = i;
                bestAge = data[p];
            }
        }
        return best;
    }

    private void removeAt(int i) {
        int size = data[base];
        int k = at(i);
        System.arraycopy(data, k + 2, data, k, 2 * (size - i - 1));
        setSize(size - 1);
    }

    private void compact() {
        int w = base + 1;
        int end = at(data[base]);
        for (int r = base + 1; r < end; r += 2) {
            if (data[r + 1] != REMOVED) {
                data[w] = data[r];
                data[w + 1] = data[r + 1];
                w += 2;
            }
        }
        setSize((w - base - 1) / 2);
    }

    private void swap(int i, int j) {
        int ki = at(i);
        int kj = at(j);
        int id = data[ki];
        data[ki] = data[kj];
        data[kj] = id;
        int age = data[ki + 1];
        data[ki + 1] = data[kj + 1];
        data[kj + 1] = age;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= data[base]) {
            throw new IndexOutOfBoundsException("index " + i + ", size " + data[base]);
        }
    }

    /** @return the view as {@code id:age} pairs joined by {@code ;} (the views.csv format) */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int n = data[base];
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(';');
            }
            sb.append(data[at(i)]).append(':').append(data[at(i) + 1]);
        }
        return sb.toString();
    }

    /** @return the addresses, head first (a copy) */
    public int[] ids() {
        int[] out = new int[data[base]];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[at(i)];
        }
        return out;
    }

    /** @return the ages, head first (a copy) */
    public int[] ages() {
        int[] out = new int[data[base]];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[at(i) + 1];
        }
        return out;
    }
}
