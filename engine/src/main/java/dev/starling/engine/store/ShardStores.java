package dev.starling.engine.store;

import dev.starling.spi.StoreUsage;
import net.openhft.chronicle.hash.VanillaGlobalMutableState;
import net.openhft.chronicle.hash.serialization.SizeMarshaller;
import net.openhft.chronicle.hash.serialization.impl.ByteableDataAccess;
import net.openhft.chronicle.hash.serialization.impl.ByteableSizedReader;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.values.Values;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The off-heap Chronicle Map stores of one shard, persisted under its own directory. Only the
 * shard's handler thread writes them; other shards of the same instance may read {@link #names}
 * and {@link #messages} (Chronicle Map takes its own segment locks for that).
 *
 * <ul>
 *   <li>{@code names}: lower-case user name to user id;</li>
 *   <li>{@code users}: user id to its {@link UserRecord};</li>
 *   <li>{@code messages}: message id to {@link StoredMessage} (a profile is a run of ids);</li>
 *   <li>{@code timelines}: (user id, window number) to the user's {@link TimelineWindow}, whose
 *       size grows with what it holds (the user's record says which number is current);</li>
 *   <li>{@code following}: (follower, followed) for the followers living in this shard;</li>
 *   <li>{@code followers}: (followed, i) to the i-th follower living in this shard, and
 *       (followed, {@link #COUNT_SLOT}) to how many there are;</li>
 *   <li>{@code federation-outbox} and {@code federation-sequences}: the shard's federation
 *       links, events not yet acknowledged and sequence numbers ({@link FederationJournal}).</li>
 * </ul>
 *
 * <p>Each store grows with its data ({@link GrowingMap}): {@link StoreSizing} is what the first
 * generation is sized for, not a limit. A write that no store generation can take answers
 * {@code STORAGE_FULL} before it is written; {@link #usage()} says how much each store holds.
 *
 * <p>The shard's share of the instance's stamp high-water mark ({@link StampClock}) is kept here
 * too, under {@link #STAMP_HIGH_WATER_KEY}, so that stamps never go back across a restart.
 *
 * <p>A file named {@code OPEN} marks stores in use; finding it at start-up means the last process
 * did not close them (it was killed), so the maps are opened through Chronicle's recovery, whose
 * reports {@link RecoveryReports} sorts into bookkeeping repairs and damage.
 */
public final class ShardStores implements AutoCloseable {

    public static final long COUNT_SLOT = -1;
    /** Key in {@link #names} holding the shard's next user sequence; not a valid user name. */
    public static final String USER_SEQUENCE_KEY = "#user-sequence";
    /** Key in {@link #names} holding the newest stamp this shard gave; not a valid user name. */
    public static final String STAMP_HIGH_WATER_KEY = "#stamp-high-water";
    /**
     * Entries the messages store is made for at least: a tier of a smaller map cannot hold the
     * largest message (500 four-byte code points from a 284-character sender) in one entry.
     */
    static final long MIN_MESSAGE_ENTRIES = 1024;
    /** As {@link #MIN_MESSAGE_ENTRIES}, for the timelines store and a full-size window. */
    static final long MIN_TIMELINE_ENTRIES = 1024;
    /**
     * Unacknowledged federation deliveries the first generation holds (acknowledged ones are
     * removed within milliseconds); as {@link #MIN_MESSAGE_ENTRIES}, a smaller map's tier could
     * not hold the largest delivery.
     */
    static final long OUTBOX_ENTRIES = MIN_MESSAGE_ENTRIES;
    /** Link counters the first generation holds: one per destination and per sending stream. */
    static final long SEQUENCE_ENTRIES = 256;

    static {
        generateChronicleClassesUnderRootLocale();
    }

    public final GrowingMap<String, LongCell> names;
    public final GrowingMap<LongCell, UserRecord> users;
    public final GrowingMap<LongCell, StoredMessage> messages;
    public final GrowingMap<PairKey, TimelineWindow> timelines;
    public final GrowingMap<PairKey, LongCell> following;
    public final GrowingMap<PairKey, LongCell> followers;
    /** Events to other instances not yet acknowledged, by (destination, sequence). */
    public final GrowingMap<PairKey, ByteBuffer> federationOutbox;
    /** Per link: the last sequence given (sender) or applied (receiver). */
    public final GrowingMap<PairKey, LongCell> federationSequences;
    private final FederationJournal journal;

    private final Path openMarker;
    private final List<GrowingMap<?, ?>> all = new ArrayList<>();
    private final boolean recovered;
    private final RecoveryReports recovery;
    /** The newest stamp given by this shard, pinned to its entry (updated in place). */
    private LongCell stampHighWater;
    private StampClock clock;

    public ShardStores(Path directory, StoreSizing sizing) {
        try {
            Files.createDirectories(directory);
            openMarker = directory.resolve("OPEN");
            recovered = Files.exists(openMarker);
            recovery = new RecoveryReports(directory.getParent() == null ? directory.toString()
                    : directory.getParent().getFileName() + "/" + directory.getFileName());
            Files.writeString(openMarker, "in use\n");
            long users = sizing.usersPerShard();
            long edges = users * sizing.followsPerUser();
            names = open(directory, "names", ChronicleMapBuilder.of(String.class, LongCell.class)
                    .averageKey("some_user_name"), users + 2);
            this.users = open(directory, "users", ChronicleMapBuilder.of(LongCell.class, UserRecord.class), users);
            messages = open(directory, "messages", ChronicleMapBuilder.of(LongCell.class, StoredMessage.class)
                    .averageValueSize(8 + 2 + 40 + 2 + sizing.averageTextBytes()),
                    Math.max(MIN_MESSAGE_ENTRIES, users * sizing.messagesPerUser()));
            timelines = open(directory, "home-timelines", windowsOfVaryingSize()
                    .averageValueSize(TimelineWindow.sizeOf(averageWindowCapacity(sizing))),
                    Math.max(MIN_TIMELINE_ENTRIES, users));
            following = open(directory, "following", ChronicleMapBuilder.of(PairKey.class, LongCell.class), edges);
            followers = open(directory, "followers", ChronicleMapBuilder.of(PairKey.class, LongCell.class), edges + users);
            // small: it grows only while a peer stays away
            federationOutbox = open(directory, "federation-outbox", ChronicleMapBuilder.of(PairKey.class, ByteBuffer.class)
                    .averageValueSize(4 + 8 + 8 + 24 + 8 + 40 + 8 + sizing.averageTextBytes()), OUTBOX_ENTRIES);
            federationSequences = open(directory, "federation-sequences",
                    ChronicleMapBuilder.of(PairKey.class, LongCell.class), SEQUENCE_ENTRIES);
            journal = new FederationJournal(federationOutbox, federationSequences);
            openStampHighWater();
            if (recovered) {
                recovery.summarise();
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot open the stores under " + directory + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * A builder for timeline windows as values of varying size. Chronicle Map takes the size of a
     * concrete {@code Byteable} value class from one instance and holds it constant; declared as
     * the abstract {@link Flyweight}, the values get the reader and data access of a {@code
     * Byteable} without that rule, so each entry has its own size ({@link TimelineWindow#maxSize}).
     */
    @SuppressWarnings("unchecked") // every value of this map is a TimelineWindow: its reader makes them so
    private static ChronicleMapBuilder<PairKey, TimelineWindow> windowsOfVaryingSize() {
        ChronicleMapBuilder<PairKey, ?> builder = ChronicleMapBuilder.of(PairKey.class, Flyweight.class);
        return ((ChronicleMapBuilder<PairKey, TimelineWindow>) builder)
                .valueReaderAndDataAccess(new ByteableSizedReader<>(TimelineWindow.class),
                        new ByteableDataAccess<>(TimelineWindow.class))
                .valueSizeMarshaller(SizeMarshaller.stopBit());
    }

    /**
     * The capacity a window has on average when its user's timeline holds the entries {@code
     * sizing} expects: windows double as they fill, so a third more than they hold.
     */
    public static int averageWindowCapacity(StoreSizing sizing) {
        long expected = Math.min(TimelineWindow.CAPACITY, sizing.followsPerUser() * sizing.messagesPerUser());
        return (int) Math.min(TimelineWindow.CAPACITY, Math.max(TimelineWindow.INITIAL_CAPACITY, expected * 4 / 3));
    }

    /** The shard's federation links: sequence numbers, unacknowledged events, what was applied. */
    public FederationJournal federationJournal() {
        return journal;
    }

    /** True when these stores were found left open by a process that did not close them. */
    public boolean recovered() {
        return recovered;
    }

    private <K, V> GrowingMap<K, V> open(Path directory, String name, ChronicleMapBuilder<K, V> builder, long entries)
            throws IOException {
        // In-place updates through flyweights do not refresh per-entry checksums, so none are kept.
        // Chronicle's own exit hook would unmap the stores under running engine threads (whose
        // flyweights then read freed memory); the engine closes them itself, threads first.
        builder.checksumEntries(false).skipCloseOnExitHook(true);
        recovery.reopening(name);
        GrowingMap<K, V> map = new GrowingMap<>(directory, name, builder, entries, recovered ? recovery : null);
        all.add(map);
        return map;
    }

    /**
     * Finds (or, in stores made before it was kept, computes from the users' last stamps) the
     * newest stamp this shard gave, and pins its entry for in-place updates.
     */
    private void openStampHighWater() {
        if (!names.containsKey(STAMP_HIGH_WATER_KEY)) {
            long newest = 0;
            for (Map.Entry<LongCell, UserRecord> user : users.entrySet()) {
                newest = Math.max(newest, user.getValue().lastStamp());
            }
            names.reserve(1);
            names.put(STAMP_HIGH_WATER_KEY, LongCell.of(newest));
        }
        stampHighWater = names.getUsing(STAMP_HIGH_WATER_KEY, new LongCell());
        stampHighWater.pin();
        clock = new StampClock(stampHighWater.get()); // this shard's alone, until its instance hands it the shared one
    }

    /** The newest stamp this shard ever gave (0 when none). */
    public long stampHighWater() {
        return stampHighWater.get();
    }

    /** The instance's clock, shared by its shards; set once, before the first {@link #stamp}. */
    public void useClock(StampClock clock) {
        this.clock = clock;
    }

    /**
     * The stamp of a message received at {@code receivedMicros} from a sender whose last stamp
     * was {@code senderLast}: later than both, and than every stamp the instance gave (see {@link
     * StampClock}). Kept as this shard's high-water mark before it is returned, so a message
     * stored with it is never above the mark that the next start resumes from.
     */
    public long stamp(long receivedMicros, long senderLast) {
        long stamp = clock.next(Math.max(receivedMicros, senderLast + 1));
        stampHighWater.set(stamp);
        return stamp;
    }

    /** Room for a registration's writes (a user record, a timeline, two names), or {@code STORAGE_FULL} now. */
    public void reserveForRegister() {
        users.reserve(1);
        timelines.reserve(1);
        names.reserve(2);
    }

    /** Room for a follow edge's writes (the edge, a follower slot and its count), or {@code STORAGE_FULL} now. */
    public void reserveForFollow() {
        following.reserve(1);
        followers.reserve(2);
    }

    /** How much each store holds: entries, generations and off-heap bytes. */
    public List<StoreUsage> usage() {
        List<StoreUsage> usage = new ArrayList<>();
        for (GrowingMap<?, ?> map : all) {
            usage.add(new StoreUsage(map.name(), map.longSize(), map.generations(), map.offHeapMemoryUsed()));
        }
        return usage;
    }

    /**
     * Chronicle Map generates classes at run time from names it folds with the default locale;
     * under a Turkish one ({@code "I".toLowerCase()} is a dotless i) that fails and no store can
     * be opened. They are generated once here under {@code Locale.ROOT}; later opens reuse them.
     */
    private static void generateChronicleClassesUnderRootLocale() {
        synchronized (Locale.class) {
            Locale display = Locale.getDefault(Locale.Category.DISPLAY);
            Locale format = Locale.getDefault(Locale.Category.FORMAT);
            Locale locale = Locale.getDefault();
            try {
                Locale.setDefault(Locale.ROOT);
                Values.nativeClassFor(VanillaGlobalMutableState.class);
            } finally {
                Locale.setDefault(locale);
                Locale.setDefault(Locale.Category.DISPLAY, display);
                Locale.setDefault(Locale.Category.FORMAT, format);
            }
        }
    }

    @Override
    public void close() {
        for (GrowingMap<?, ?> map : all) {
            map.close();
        }
        all.clear();
        try {
            if (openMarker != null) {
                Files.deleteIfExists(openMarker);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
