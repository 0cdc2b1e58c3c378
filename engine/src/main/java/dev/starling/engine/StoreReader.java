package dev.starling.engine;

import dev.starling.spi.Validation;
import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.Ids;
import dev.starling.engine.store.LongCell;
import dev.starling.engine.store.PairKey;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.StoredMessage;
import dev.starling.engine.store.TimelineWindow;
import dev.starling.engine.store.UserRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads of one instance's home timelines and profiles, usable from any thread: a client's own
 * thread (so that a read needs no engine thread at all) or a shard's. It only reads the stores,
 * through flyweights of its own, so each thread needs its own reader.
 *
 * <p>A timeline is copied from its window under the window's version ({@link
 * TimelineWindow#readNewest}); a profile is the run of message ids below its owner's message
 * count, which the owner's shard publishes after storing the message. Messages come from the
 * instance's {@link MessageCache}, and from the owning shard's store on a miss.
 */
public final class StoreReader {

    /** Copies of a window taken while its shard kept updating it, before the read gives up. */
    private static final int ATTEMPTS = 8;

    private final String domain;
    private final ShardStores[] shards;
    private final MessageCache cache;
    private final ReadCounters counters;
    private final LongCell key = new LongCell();
    private final PairKey pair = new PairKey();
    private final LongCell cell = new LongCell();
    private final UserRecord record = UserRecord.view();
    private final StoredMessage stored = new StoredMessage();
    private final long[] stamps = new long[TimelineWindow.CAPACITY];
    private final long[] ids = new long[TimelineWindow.CAPACITY];

    public StoreReader(String domain, ShardStores[] shards, MessageCache cache, ReadCounters counters) {
        this.domain = domain;
        this.shards = shards;
        this.cache = cache;
        this.counters = counters;
    }

    /** A pinned view of the record of {@code userId}, a user of this instance: valid while the stores are open. */
    UserRecord userRecord(long userId) {
        UserRecord user = shards[Ids.shardOfUser(userId)].users.getUsing(key.set(userId), UserRecord.view());
        if (user == null) {
            throw new IllegalStateException("user " + userId + " has no record");
        }
        user.pin();
        return user;
    }

    /**
     * A pinned view of window {@code number} of {@code userId}'s home timeline: valid until its
     * shard replaces it and no reader is inside (see {@link HomeTimelines}).
     */
    public TimelineWindow window(long userId, long number) {
        TimelineWindow window = shards[Ids.shardOfUser(userId)].timelines.getUsing(pair.set(userId, number),
                TimelineWindow.view());
        if (window == null) {
            throw new IllegalStateException("user " + userId + " has no timeline window " + number);
        }
        window.pin();
        return window;
    }

    /**
     * A page of the home timeline behind {@code home}, read on the caller's thread (see {@link
     * #timeline(TimelineWindow, int, long, long)}); a window its shard replaced meanwhile is
     * looked up again.
     *
     * @return the page, or null when the shard kept updating the window (ask the shard instead)
     */
    List<Message> timeline(HomeWindow home, int limit, long beforeMicros, long beforeId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            TimelineWindow window = home.get(this);
            int n = window.readNewest(beforeMicros, beforeId, limit, stamps, ids);
            if (n >= 0) {
                return page(window, n, beforeMicros);
            }
        }
        return null;
    }

    /**
     * The newest {@code limit} entries of a timeline strictly older than {@code beforeMicros}
     * ({@code Long.MAX_VALUE}: from the newest), newest first; a read from the newest also notes
     * its top for the out-of-order measure.
     *
     * @return the page, or null when the window's shard kept updating it (ask the shard instead)
     */
    public List<Message> timeline(TimelineWindow window, int limit, long beforeMicros) {
        return timeline(window, limit, beforeMicros, Long.MIN_VALUE);
    }

    /**
     * As {@link #timeline(TimelineWindow, int, long)}, the entries after the cursor message
     * ({@code beforeMicros}, {@code beforeId}) in the order newest stamp first, ties by higher id
     * first; {@code beforeId = Long.MIN_VALUE} pages by stamp alone.
     */
    public List<Message> timeline(TimelineWindow window, int limit, long beforeMicros, long beforeId) {
        int n = -1;
        for (int attempt = 0; attempt < ATTEMPTS && n < 0; attempt++) {
            n = window.readNewest(beforeMicros, beforeId, limit, stamps, ids);
        }
        return n < 0 ? null : page(window, n, beforeMicros);
    }

    /** The messages of the {@code n} entries just copied from {@code window}. */
    private List<Message> page(TimelineWindow window, int n, long beforeMicros) {
        if (beforeMicros == Long.MAX_VALUE) {
            counters.timelineRead(n > 0 && window.noteRead(stamps[0]));
        }
        List<Message> page = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            Message message = message(ids[k]);
            if (message != null) {
                page.add(message);
            }
        }
        return page;
    }

    /**
     * The id of a user of shard {@code shard}; {@code UNKNOWN_USER} when there is none. The name
     * is checked here too, not only where a client's call enters: a name from another instance
     * (a remote follow or profile) is looked up in its folded form, and a non-ASCII one that
     * folds to an ASCII name (a Kelvin sign for k) must not find that user.
     */
    long userIdOf(int shard, String localName) {
        if (!Validation.isValidLocalName(localName)) {
            throw new StarlingException(ErrorCode.UNKNOWN_USER, "'" + Validation.printable(localName) + "@" + domain
                    + "' does not exist");
        }
        LongCell id = shards[shard].names.getUsing(Validation.foldName(localName), cell);
        if (id == null) {
            throw new StarlingException(ErrorCode.UNKNOWN_USER, localName + "@" + domain + " does not exist");
        }
        return id.get();
    }

    /**
     * A page of a local user's own messages, newest first: at most {@code limit} of those
     * stamped strictly before {@code beforeMicros}. Stamps grow with the message number, so the
     * page is found by binary search and read as direct look-ups.
     */
    public List<Message> profile(long userId, int limit, long beforeMicros) {
        return profile(userId, limit, beforeMicros, Long.MIN_VALUE);
    }

    /**
     * As {@link #profile(long, int, long)}, the messages after the cursor ({@code beforeMicros},
     * {@code beforeId}) in the order newest stamp first, ties by higher id first (a cursor may be
     * any message, of this sender or another); {@code beforeId = Long.MIN_VALUE} pages by stamp.
     * Both stamp and id grow with the message number, so the order is the numbers' order.
     */
    public List<Message> profile(long userId, int limit, long beforeMicros, long beforeId) {
        UserRecord user = shards[Ids.shardOfUser(userId)].users.getUsing(key.set(userId), record);
        long count = user.messageCount();
        long newest = count - 1;
        if (beforeMicros != Long.MAX_VALUE) {
            long lo = 0;
            long hi = count; // the first number at or above the cursor
            while (lo < hi) {
                long mid = (lo + hi) >>> 1;
                long messageId = Ids.messageId(userId, mid);
                long stamp = message(messageId).timestampMicros();
                if (stamp < beforeMicros || (stamp == beforeMicros && messageId < beforeId)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            newest = lo - 1;
        }
        int n = (int) Math.min(limit, newest + 1);
        List<Message> page = new ArrayList<>(n);
        for (long number = newest; number > newest - n; number--) {
            page.add(message(Ids.messageId(userId, number)));
        }
        return page;
    }

    /** The message with this id, stored in this instance (a local one or a remote copy); null if none. */
    public Message message(long messageId) {
        Message message = cache.get(messageId);
        if (message != null) {
            return message;
        }
        ShardStores owner = shards[Ids.shardOfUser(Ids.senderOf(messageId))];
        StoredMessage found = owner.messages.getUsing(key.set(messageId), stored);
        if (found == null) {
            return null;
        }
        message = new Message(messageId, found.sender(), found.text(), found.stamp());
        cache.put(message);
        return message;
    }
}
