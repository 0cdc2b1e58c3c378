package dev.starling.engine.store;

import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The off-heap Chronicle Map stores of one shard, persisted under its own directory. Only the
 * shard's handler thread writes them; other shards of the same instance may read {@link #names}
 * and {@link #messages} (Chronicle Map takes its own segment locks for that).
 *
 * <ul>
 *   <li>{@code names}: lower-case user name to user id;</li>
 *   <li>{@code users}: user id to its {@link UserRecord};</li>
 *   <li>{@code messages}: message id to {@link StoredMessage} (a profile is a run of ids);</li>
 *   <li>{@code timelines}: user id to its {@link TimelineWindow};</li>
 *   <li>{@code following}: (follower, followed) for the followers living in this shard;</li>
 *   <li>{@code followers}: (followed, i) to the i-th follower living in this shard, and
 *       (followed, {@link #COUNT_SLOT}) to how many there are.</li>
 * </ul>
 *
 * <p>A file named {@code OPEN} marks stores in use; finding it at start-up means the last process
 * did not close them (it was killed), so the maps are opened through Chronicle's recovery, whose
 * reports {@link RecoveryReports} sorts into bookkeeping repairs and damage.
 */
public final class ShardStores implements AutoCloseable {

    public static final long COUNT_SLOT = -1;
    /** Key in {@link #names} holding the shard's next user sequence; not a valid user name. */
    public static final String USER_SEQUENCE_KEY = "#user-sequence";

    public final ChronicleMap<String, LongCell> names;
    public final ChronicleMap<LongCell, UserRecord> users;
    public final ChronicleMap<LongCell, StoredMessage> messages;
    public final ChronicleMap<LongCell, TimelineWindow> timelines;
    public final ChronicleMap<PairKey, LongCell> following;
    public final ChronicleMap<PairKey, LongCell> followers;

    private final Path openMarker;
    private final List<ChronicleMap<?, ?>> all = new ArrayList<>();
    private final boolean recovered;
    private final RecoveryReports recovery;

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
                    .averageKey("some_user_name").entries(users + 1));
            this.users = open(directory, "users", ChronicleMapBuilder.of(LongCell.class, UserRecord.class)
                    .entries(users));
            messages = open(directory, "messages", ChronicleMapBuilder.of(LongCell.class, StoredMessage.class)
                    .averageValueSize(8 + 2 + 40 + 2 + sizing.averageTextBytes())
                    .entries(users * sizing.messagesPerUser()));
            timelines = open(directory, "timelines", ChronicleMapBuilder.of(LongCell.class, TimelineWindow.class)
                    .entries(users));
            following = open(directory, "following", ChronicleMapBuilder.of(PairKey.class, LongCell.class)
                    .entries(edges));
            followers = open(directory, "followers", ChronicleMapBuilder.of(PairKey.class, LongCell.class)
                    .entries(edges + users));
            if (recovered) {
                recovery.summarise();
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot open the stores under " + directory + ": " + e.getMessage(), e);
        }
    }

    /** True when these stores were found left open by a process that did not close them. */
    public boolean recovered() {
        return recovered;
    }

    private <K, V> ChronicleMap<K, V> open(Path directory, String name, ChronicleMapBuilder<K, V> builder)
            throws IOException {
        File file = directory.resolve(name + ".cm3").toFile();
        // In-place updates through flyweights do not refresh per-entry checksums, so none are kept.
        // Chronicle's own exit hook would unmap the stores under running engine threads (whose
        // flyweights then read freed memory); the engine closes them itself, threads first.
        builder.name(name).checksumEntries(false).maxBloatFactor(StoreSizing.MAX_BLOAT).skipCloseOnExitHook(true);
        recovery.reopening(name);
        ChronicleMap<K, V> map = recovered && file.exists()
                ? builder.recoverPersistedTo(file, false, recovery)
                : builder.createPersistedTo(file);
        all.add(map);
        return map;
    }

    @Override
    public void close() {
        for (ChronicleMap<?, ?> map : all) {
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
