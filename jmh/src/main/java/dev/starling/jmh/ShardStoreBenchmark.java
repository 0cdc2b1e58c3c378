package dev.starling.jmh;

import dev.starling.api.Message;
import dev.starling.engine.MessageCache;
import dev.starling.engine.ReadCounters;
import dev.starling.engine.StoreReader;
import dev.starling.engine.store.Ids;
import dev.starling.engine.store.LongCell;
import dev.starling.engine.store.PairKey;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.StoreSizing;
import dev.starling.engine.store.StoredMessage;
import dev.starling.engine.store.TimelineWindow;
import dev.starling.engine.store.UserRecord;
import org.agrona.IoUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One shard's store operations, on {@link ShardStores} (off-heap Chronicle Maps persisted in a
 * temporary directory) used directly, single-threaded as the shard's writer uses them:
 * <ul>
 *   <li>{@link #timelineAppend}: look up a home timeline (a full 800-entry window) and insert a
 *       newer entry in place, which drops the oldest;</li>
 *   <li>{@link #timelineReadNewest50}: read the newest 50 entries of a timeline as a request does,
 *       through a {@link StoreReader} (a copy of the window under its version, then the messages
 *       from the instance's {@link MessageCache}, warm after the first read);</li>
 *   <li>{@link #timelineReadNewest50Uncached}: look up a timeline and decode the 50 messages it
 *       points to from the message store (what a read costs when the cache misses);</li>
 *   <li>{@link #profileAppend}: append a message to a profile: read the sender's record in place,
 *       put the message under the next id, update the record (the store half of a send); the
 *       senders rotate over 1,024 users, and each iteration starts with empty stores, so every put
 *       inserts a new entry;</li>
 *   <li>{@link #profileReadPage}: read a 50-message page of a 1,000-message profile, newest first,
 *       through the {@link StoreReader} (messages from the cache);</li>
 *   <li>{@link #profileReadPageUncached}: the same page decoded from the message store.</li>
 * </ul>
 * Message texts are 60 ASCII characters. Decoding a message makes its two strings, so uncached
 * reads allocate; a cached read allocates only its answer list; appends should not allocate.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ShardStoreBenchmark extends ForkedBenchmark {

    static final String TEXT = "a message of sixty characters, for the shard store benchmark";
    static final String SENDER = "reader@vub.be";
    private static final int PAGE = 50;

    /** Stores with one reader whose timeline window is full, and one author with 1,000 messages. */
    @State(Scope.Benchmark)
    public static class Filled {
        Path directory;
        ShardStores stores;
        final LongCell key = new LongCell();
        final PairKey pair = new PairKey();
        final TimelineWindow window = new TimelineWindow();
        final StoredMessage stored = new StoredMessage();
        final UserRecord record = new UserRecord();
        StoreReader storeReader;
        TimelineWindow readerWindow;
        long reader;
        long author;
        long stamp;
        long nextMessage;

        @Setup(Level.Trial)
        public void open() throws IOException {
            directory = Files.createTempDirectory("starling-jmh-store-");
            stores = new ShardStores(directory, new StoreSizing(1024, 2048, 16, TEXT.length()));
            reader = Ids.userId(0, 0, 0);
            author = Ids.userId(0, 0, 1);
            stores.users.put(key.set(reader), new UserRecord().init(reader, "reader"));
            stores.users.put(key.set(author), new UserRecord().init(author, "author"));
            stores.timelines.put(pair.set(reader, 0), new TimelineWindow().clear()); // full size: the window grown
            int messages = 1000;
            for (int n = 0; n < messages; n++) {
                long id = Ids.messageId(author, n);
                stores.messages.put(key.set(id), stored.set(++stamp, SENDER, TEXT));
                stores.timelines.getUsing(pair.set(reader, 0), window).insert(stamp, id);
            }
            UserRecord authorRecord = stores.users.getUsing(key.set(author), record);
            authorRecord.messageCount(messages);
            authorRecord.lastStamp(stamp);
            nextMessage = messages;
            storeReader = new StoreReader("vub.be", new ShardStores[] {stores}, new MessageCache(1 << 12), new ReadCounters());
            readerWindow = storeReader.window(reader, 0);
        }

        @TearDown(Level.Trial)
        public void close() {
            stores.close();
            IoUtil.delete(directory.toFile(), true);
        }
    }

    /** Empty stores per iteration, with 1,024 registered senders. */
    @State(Scope.Benchmark)
    public static class Appending {
        static final int SENDERS = 1024;
        Path directory;
        ShardStores stores;
        final LongCell key = new LongCell();
        final UserRecord record = new UserRecord();
        final StoredMessage stored = new StoredMessage();
        final long[] senders = new long[SENDERS];
        int turn;
        long stamp;

        @Setup(Level.Iteration)
        public void open() throws IOException {
            directory = Files.createTempDirectory("starling-jmh-append-");
            stores = new ShardStores(directory, new StoreSizing(SENDERS, 4096, 16, TEXT.length()));
            for (int i = 0; i < SENDERS; i++) {
                senders[i] = Ids.userId(0, 0, i);
                stores.users.put(key.set(senders[i]), new UserRecord().init(senders[i], "sender" + i));
            }
        }

        @TearDown(Level.Iteration)
        public void close() {
            stores.close();
            IoUtil.delete(directory.toFile(), true);
        }
    }

    @Benchmark
    public boolean timelineAppend(Filled s) {
        TimelineWindow timeline = s.stores.timelines.getUsing(s.pair.set(s.reader, 0), s.window);
        return timeline.insert(++s.stamp, Ids.messageId(s.author, s.nextMessage++ & 1023));
    }

    @Benchmark
    public List<Message> timelineReadNewest50(Filled s) {
        return s.storeReader.timeline(s.readerWindow, PAGE, Long.MAX_VALUE);
    }

    @Benchmark
    public void timelineReadNewest50Uncached(Filled s, Blackhole bh) {
        TimelineWindow timeline = s.stores.timelines.getUsing(s.pair.set(s.reader, 0), s.window);
        int n = Math.min(PAGE, timeline.size());
        for (int k = 0; k < n; k++) {
            long id = timeline.messageIdAt(k);
            StoredMessage m = s.stores.messages.getUsing(s.key.set(id), s.stored);
            bh.consume(m.stamp());
            bh.consume(m.text());
            bh.consume(m.sender());
        }
    }

    @Benchmark
    public long profileAppend(Appending s) {
        long sender = s.senders[s.turn];
        s.turn = (s.turn + 1) & (Appending.SENDERS - 1);
        UserRecord user = s.stores.users.getUsing(s.key.set(sender), s.record);
        long number = user.messageCount();
        long stamp = Math.max(++s.stamp, user.lastStamp() + 1);
        s.stores.messages.put(s.key.set(Ids.messageId(sender, number)), s.stored.set(stamp, SENDER, TEXT));
        user.messageCount(number + 1);
        user.lastStamp(stamp);
        return number;
    }

    @Benchmark
    public List<Message> profileReadPage(Filled s) {
        return s.storeReader.profile(s.author, PAGE, Long.MAX_VALUE);
    }

    @Benchmark
    public void profileReadPageUncached(Filled s, Blackhole bh) {
        UserRecord user = s.stores.users.getUsing(s.key.set(s.author), s.record);
        long newest = user.messageCount() - 1;
        for (long number = newest; number > newest - PAGE; number--) {
            StoredMessage m = s.stores.messages.getUsing(s.key.set(Ids.messageId(s.author, number)), s.stored);
            bh.consume(m.stamp());
            bh.consume(m.text());
            bh.consume(m.sender());
        }
    }
}
