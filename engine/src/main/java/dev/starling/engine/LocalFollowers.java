package dev.starling.engine;

import dev.starling.engine.store.LongCell;
import dev.starling.engine.store.PairKey;
import dev.starling.engine.store.ShardStores;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * Per followed user, the ids of its followers that live in this shard, found without a store
 * look-up: built from the stores on first use and kept on the heap; the stores stay the record (a
 * restart starts with nothing cached). With the pinned windows of {@link HomeTimelines}, appending
 * a message to 1,000 local timelines is 1,000 in-place inserts, instead of 2,000 Chronicle Map
 * look-ups. Only the shard's writer uses it (one thread at a time).
 */
final class LocalFollowers {

    private final ShardStores stores;
    private final Long2ObjectHashMap<long[]> followers = new Long2ObjectHashMap<>();
    private final PairKey pair = new PairKey();
    private final LongCell cell = new LongCell();

    LocalFollowers(ShardStores stores) {
        this.stores = stores;
    }

    /**
     * The local followers of {@code followed}, in the order they followed: element 0 is the
     * count, elements 1..count the ids. The array is this index's own; do not keep it.
     */
    long[] of(long followed) {
        long[] list = followers.get(followed);
        if (list == null) {
            list = load(followed);
            followers.put(followed, list);
        }
        return list;
    }

    /** Notes an edge just written to the stores. */
    void added(long followed, long follower) {
        long[] list = followers.get(followed);
        if (list == null) {
            return; // loaded from the stores, edge included, on first use
        }
        int count = (int) list[0];
        if (count + 1 == list.length) {
            list = Arrays.copyOf(list, list.length * 2);
            followers.put(followed, list);
        }
        list[count + 1] = follower;
        list[0] = count + 1;
    }

    private long[] load(long followed) {
        LongCell count = stores.followers.getUsing(pair.set(followed, ShardStores.COUNT_SLOT), cell);
        int n = count == null ? 0 : Math.toIntExact(count.get());
        long[] list = new long[Math.max(4, n + 1)];
        list[0] = n;
        for (int i = 0; i < n; i++) {
            list[i + 1] = stores.followers.getUsing(pair.set(followed, i), cell).get();
        }
        return list;
    }
}
