package dev.starling.sampling.protocol;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A peer's view: an ordered list of descriptors {@code (address, age)} over two int arrays, at most one per
 * address once a merge is done. The same class runs in the agent runtime and in the simulator, and also
 * serves as the buffer of an exchange. Not thread-safe: a view belongs to the one thread hosting its peer.
 * Nothing here allocates after construction.
 */
public final class View {
    private static final int REMOVED = -1;

    private final int[] ids;
    private final int[] ages;
    private int size;

    /**
     * @param capacity the most descriptors the list may hold at once (a view needs
     *                 {@link ProtocolConfig#viewCapacity()} to merge a buffer)
     */
    public View(int capacity) {
        ids = new int[capacity];
        ages = new int[capacity];
    }

    /** @return how many descriptors the view holds */
    public int size() {
        return size;
    }

    /** @return true when the view holds no descriptor */
    public boolean isEmpty() {
        return size == 0;
    }

    /** @return the most descriptors the list can hold */
    public int capacity() {
        return ids.length;
    }

    /** @param i position, 0 is the head @return the address at {@code i} */
    public int id(int i) {
        checkIndex(i);
        return ids[i];
    }

    /** @param i position, 0 is the head @return the age at {@code i} */
    public int age(int i) {
        checkIndex(i);
        return ages[i];
    }

    /**
     * Appends a descriptor at the tail, duplicates included (a merge removes them).
     *
     * @param id  address
     * @param age age, at least 0
     */
    public void add(int id, int age) {
        if (size == ids.length) {
            throw new IllegalStateException("view full (capacity " + ids.length + ")");
        }
        if (age < 0) {
            throw new IllegalArgumentException("age must be at least 0, was " + age);
        }
        ids[size] = id;
        ages[size] = age;
        size++;
    }

    /** @param id address @return true if some descriptor names {@code id} */
    public boolean contains(int id) {
        for (int i = 0; i < size; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }

    /** Empties the view. */
    public void clear() {
        size = 0;
    }

    /** @param other view whose descriptors replace these, in order */
    public void copyFrom(View other) {
        if (other.size > ids.length) {
            throw new IllegalStateException("view full (capacity " + ids.length + ")");
        }
        System.arraycopy(other.ids, 0, ids, 0, other.size);
        System.arraycopy(other.ages, 0, ages, 0, other.size);
        size = other.size;
    }

    /** Adds 1 to every age: done once per exchange a peer takes part in. */
    public void incrementAges() {
        for (int i = 0; i < size; i++) {
            ages[i]++;
        }
    }

    /**
     * Picks the partner of an exchange.
     *
     * @param selection rand (uniform) or tail (highest age, the first such on ties)
     * @param rng       randomness
     * @return the partner's address, or -1 when the view is empty
     */
    public int selectPartner(PeerSelection selection, RandomGenerator rng) {
        if (size == 0) {
            return -1;
        }
        if (selection == PeerSelection.RAND) {
            return ids[rng.nextInt(size)];
        }
        return ids[indexOfOldest(size)];
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
        int n = Math.min(size, config.viewSize() / 2 - 1);
        for (int i = 0; i < n; i++) {
            buffer.add(ids[i], ages[i]);
        }
    }

    /**
     * Merges a received buffer: the paper's {@code select(c, H, S, buffer)}, five steps in this order.
     * Descriptors naming the peer itself are dropped on receipt.
     *
     * @param self   own address
     * @param config c, H and S
     * @param buffer the received buffer (left untouched)
     * @param rng    randomness for step 5
     */
    public void merge(int self, ProtocolConfig config, View buffer, RandomGenerator rng) {
        int c = config.viewSize();
        append(buffer, self);                                   // 1
        removeDuplicates();                                     // 2
        removeOldest(Math.min(config.healing(), size - c));     // 3
        removeHead(Math.min(config.swap(), size - c));          // 4
        removeRandom(size - c, rng);                            // 5
    }

    /** Step 1 of a merge: appends the buffer's descriptors, except any naming {@code self}. */
    void append(View buffer, int self) {
        for (int i = 0; i < buffer.size; i++) {
            if (buffer.ids[i] != self) {
                add(buffer.ids[i], buffer.ages[i]);
            }
        }
    }

    /**
     * Step 2: keeps one descriptor per address, the freshest (lowest age; the earlier one on equal ages),
     * at its own position; the others keep their order.
     */
    void removeDuplicates() {
        boolean any = false;
        for (int i = 0; i < size; i++) {
            if (ages[i] == REMOVED) {
                continue;
            }
            for (int j = i + 1; j < size; j++) {
                if (ids[j] == ids[i] && ages[j] != REMOVED) {
                    any = true;
                    if (ages[j] < ages[i]) {
                        ages[i] = REMOVED;
                        break;
                    }
                    ages[j] = REMOVED;
                }
            }
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
        if (k <= 0) {
            return;
        }
        if (k >= size) {
            size = 0;
            return;
        }
        int left = k;
        int below = Integer.MAX_VALUE;
        int threshold;
        while (true) {
            int max = -1;
            int count = 0;
            for (int i = 0; i < size; i++) {
                int a = ages[i];
                if (a < below) {
                    if (a > max) {
                        max = a;
                        count = 1;
                    } else if (a == max) {
                        count++;
                    }
                }
            }
            if (count >= left) {
                threshold = max;
                break;
            }
            left -= count;
            below = max;
        }
        int w = 0;
        for (int i = 0; i < size; i++) {
            int a = ages[i];
            if (a > threshold) {
                continue;
            }
            if (a == threshold && left > 0) {
                left--;
                continue;
            }
            ids[w] = ids[i];
            ages[w] = a;
            w++;
        }
        size = w;
    }

    /** Step 4: removes {@code k} descriptors from the head. */
    void removeHead(int k) {
        if (k <= 0) {
            return;
        }
        int n = Math.min(k, size);
        System.arraycopy(ids, n, ids, 0, size - n);
        System.arraycopy(ages, n, ages, 0, size - n);
        size -= n;
    }

    /** Step 5: removes {@code k} descriptors chosen uniformly at random. */
    void removeRandom(int k, RandomGenerator rng) {
        for (int r = 0; r < k && size > 0; r++) {
            removeAt(rng.nextInt(size));
        }
    }

    /** Shuffles the view uniformly (Fisher-Yates). */
    void permute(RandomGenerator rng) {
        for (int i = size - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            swap(i, j);
        }
    }

    /**
     * Moves the {@code h} oldest descriptors to the end, the oldest last; the others keep their order.
     * With {@code h >= size} the view ends up sorted by age.
     */
    void moveOldestToEnd(int h) {
        int n = Math.min(h, size);
        for (int k = 0; k < n; k++) {
            int end = size - k;
            int oldest = indexOfOldest(end);
            int id = ids[oldest];
            int age = ages[oldest];
            System.arraycopy(ids, oldest + 1, ids, oldest, end - oldest - 1);
            System.arraycopy(ages, oldest + 1, ages, oldest, end - oldest - 1);
            ids[end - 1] = id;
            ages[end - 1] = age;
        }
    }

    private int indexOfOldest(int end) {
        int best = 0;
        for (int i = 1; i < end; i++) {
            if (ages[i] > ages[best]) {
                best = i;
            }
        }
        return best;
    }

    private void removeAt(int i) {
        System.arraycopy(ids, i + 1, ids, i, size - i - 1);
        System.arraycopy(ages, i + 1, ages, i, size - i - 1);
        size--;
    }

    private void compact() {
        int w = 0;
        for (int i = 0; i < size; i++) {
            if (ages[i] != REMOVED) {
                ids[w] = ids[i];
                ages[w] = ages[i];
                w++;
            }
        }
        size = w;
    }

    private void swap(int i, int j) {
        int id = ids[i];
        ids[i] = ids[j];
        ids[j] = id;
        int age = ages[i];
        ages[i] = ages[j];
        ages[j] = age;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + ", size " + size);
        }
    }

    /** @return the view as {@code id:age} pairs joined by {@code ;} (the views.csv format) */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(';');
            }
            sb.append(ids[i]).append(':').append(ages[i]);
        }
        return sb.toString();
    }

    /** @return the addresses, head first (a copy) */
    public int[] ids() {
        return Arrays.copyOf(ids, size);
    }

    /** @return the ages, head first (a copy) */
    public int[] ages() {
        return Arrays.copyOf(ages, size);
    }
}
