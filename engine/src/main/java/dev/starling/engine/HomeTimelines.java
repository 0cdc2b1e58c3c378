package dev.starling.engine;

import dev.starling.api.StarlingException;
import dev.starling.engine.store.LongCell;
import dev.starling.engine.store.PairKey;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.TimelineWindow;
import dev.starling.engine.store.UserRecord;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;

import java.util.function.BooleanSupplier;

/**
 * The home timelines of a shard's users as the shard's writer sees them: each user's current
 * window, pinned and kept on the heap after its first use, replaced by a larger one before an
 * insert would drop an entry below {@link TimelineWindow#CAPACITY}, and the windows it replaced
 * kept until no reader can still be reading them.
 *
 * <p>Replacing a window: a copy with twice the room (or as much as a backfill needs) is stored
 * under the user's next window number, the user's record is given that number (a sequentially
 * consistent store), the old window is marked moved, and its key is retired. Readers on callers'
 * threads count themselves inside the instance's stores before they read a user's window number
 * ({@code CallerSide}); a retired window is removed only after its shard saw no caller inside,
 * later than it retired the window. A reader that still read the old number was counted inside
 * before that read, and so before the store of the new number, which comes before the shard's
 * look at the count: the shard sees it inside, or it has left. Readers never keep a window across
 * that count: each read checks the number first.
 *
 * <p>Killed in the middle of a replacement, a shard leaves at most a window that no number points
 * at (the larger copy, when the number was not stored yet; the old one, when it was): {@link
 * CrashRepair} removes those. A write that no store can take leaves the window at its size: it
 * then drops its oldest entries, as a full-size window does.
 */
final class HomeTimelines {

    private final ShardStores stores;
    private final BooleanSupplier noReaderInside;
    private final Long2ObjectHashMap<TimelineWindow> windows = new Long2ObjectHashMap<>();
    /** Retired windows as (user id, window number) pairs, removed once no reader can hold them. */
    private final LongArrayList retired = new LongArrayList();
    private final PairKey key = new PairKey();
    private final LongCell userKey = new LongCell();
    private final UserRecord record = UserRecord.view();
    private final TimelineWindow newWindow = new TimelineWindow(TimelineWindow.INITIAL_CAPACITY).clear();

    /**
     * @param noReaderInside true when no caller is inside the instance's stores at the moment of the
     *                       call (a sequentially consistent read of their count)
     */
    HomeTimelines(ShardStores stores, BooleanSupplier noReaderInside) {
        this.stores = stores;
        this.noReaderInside = noReaderInside;
    }

    /** Stores an empty window for a user just registered (its record says window number 0). */
    void create(long userId) {
        stores.timelines.put(key.set(userId, 0), newWindow);
    }

    /** The current window of a user of this shard, pinned: valid until this shard replaces it. */
    TimelineWindow window(long userId) {
        TimelineWindow window = windows.get(userId);
        if (window == null) {
            window = lookUp(userId, userRecord(userId).windowNumber());
            windows.put(userId, window);
        }
        return window;
    }

    /**
     * The user's window, replaced first by a larger one when it has no room for {@code entries}
     * more and is smaller than {@link TimelineWindow#CAPACITY}.
     */
    TimelineWindow withRoom(long userId, int entries) {
        TimelineWindow window = window(userId);
        int needed = window.size() + entries;
        if (needed <= window.capacity() || window.capacity() == TimelineWindow.CAPACITY) {
            return window;
        }
        return replace(userId, window, Math.min(TimelineWindow.CAPACITY, Math.max(needed, 2 * window.capacity())));
    }

    private TimelineWindow replace(long userId, TimelineWindow old, int capacity) {
        UserRecord user = userRecord(userId);
        long number = user.windowNumber();
        try {
            stores.timelines.reserve(1);
        } catch (StarlingException storageFull) {
            return old; // no room for a larger window: this one keeps its size and drops its oldest
        }
        stores.timelines.put(key.set(userId, number + 1), old.copyInto(new TimelineWindow(capacity)));
        TimelineWindow larger = lookUp(userId, number + 1);
        user.windowNumber(number + 1);
        old.markMoved();
        retired.addLong(userId);
        retired.addLong(number);
        windows.put(userId, larger);
        return larger;
    }

    /** Windows replaced and not yet removed. */
    int retired() {
        return retired.size() / 2;
    }

    /**
     * Removes the retired windows when no caller is inside the stores now; does nothing otherwise.
     *
     * @return the windows removed
     */
    int removeRetired() {
        int pairs = retired.size();
        if (pairs == 0 || !noReaderInside.getAsBoolean()) {
            return 0;
        }
        for (int i = 0; i < pairs; i += 2) {
            stores.timelines.remove(key.set(retired.getLong(i), retired.getLong(i + 1)));
        }
        retired.clear();
        return pairs / 2;
    }

    private UserRecord userRecord(long userId) {
        UserRecord user = stores.users.getUsing(userKey.set(userId), record);
        if (user == null) {
            throw new IllegalStateException("user " + userId + " has no record in this shard");
        }
        return user;
    }

    private TimelineWindow lookUp(long userId, long number) {
        TimelineWindow window = stores.timelines.getUsing(key.set(userId, number), TimelineWindow.view());
        if (window == null) {
            throw new IllegalStateException("user " + userId + " has no timeline window " + number + " in this shard");
        }
        window.pin();
        return window;
    }
}
