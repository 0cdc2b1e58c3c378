package dev.starling.jmh;

import dev.starling.engine.store.LongCell;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.StoreSizing;
import dev.starling.engine.store.StoredMessage;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.agrona.IoUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a store costs once it holds {@code growth} times what it was sized for (4,096 messages):
 * the messages store of a shard ({@code layout=generations}: {@link ShardStores}, which adds
 * generations four times larger as it grows) against one Chronicle Map allowed to chain extra
 * tiers ({@code layout=tiers}: {@code maxBloatFactor(1000)}, Chronicle's most, the other way to grow).
 * <ul>
 *   <li>{@link #insertNew}: put a message under a new id (the store half of a send);</li>
 *   <li>{@link #lookUpMissing}: look up an id the store does not hold (what every new key's
 *       insert, a registration's and a follow's check first do);</li>
 *   <li>{@link #lookUpHeld}: read a message the store holds, among the first ones written (a
 *       cache miss on an old message).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StoreGrowthBenchmark extends ForkedBenchmark {

    static final int SIZED_FOR = 4_096;
    static final String TEXT = "a message of sixty characters, for the store growth benchmark";

    @State(Scope.Benchmark)
    public static class Grown {
        @Param({"1", "100"})
        int growth;
        @Param({"generations", "tiers"})
        String layout;

        Path directory;
        ShardStores stores;
        ChronicleMap<LongCell, StoredMessage> tiered;
        final LongCell key = new LongCell();
        final StoredMessage stored = new StoredMessage();
        long held;
        long next;
        long missing = -1;
        long probe;

        @Setup(Level.Iteration)
        public void fill() throws IOException {
            directory = Files.createTempDirectory(Path.of("/dev/shm").toFile().isDirectory() ? Path.of("/dev/shm")
                    : Path.of(System.getProperty("java.io.tmpdir")), "growth-");
            if (layout.equals("generations")) {
                stores = new ShardStores(directory, new StoreSizing(SIZED_FOR / 16, 16, 1, TEXT.length()));
            } else {
                tiered = ChronicleMapBuilder.of(LongCell.class, StoredMessage.class)
                        .averageValueSize(8 + 2 + 40 + 2 + TEXT.length()).entries(SIZED_FOR)
                        .maxBloatFactor(1_000).skipCloseOnExitHook(true)
                        .createPersistedTo(directory.resolve("messages.cm3").toFile());
            }
            held = (long) growth * SIZED_FOR * 9 / 10;
            for (long id = 0; id < held; id++) {
                put(id);
            }
            next = held;
        }

        void put(long id) {
            key.set(id);
            stored.set(id, "author@vub.be", TEXT);
            if (stores != null) {
                stores.messages.put(key, stored);
            } else {
                tiered.put(key, stored);
            }
        }

        boolean contains(long id) {
            key.set(id);
            return stores != null ? stores.messages.containsKey(key) : tiered.containsKey(key);
        }

        StoredMessage get(long id) {
            key.set(id);
            return stores != null ? stores.messages.getUsing(key, stored) : tiered.getUsing(key, stored);
        }

        @TearDown(Level.Iteration)
        public void close() {
            if (stores != null) {
                stores.close();
                stores = null;
            }
            if (tiered != null) {
                tiered.close();
                tiered = null;
            }
            IoUtil.delete(directory.toFile(), true);
        }
    }

    @Benchmark
    public void insertNew(Grown g) {
        g.put(g.next++);
    }

    @Benchmark
    public boolean lookUpMissing(Grown g) {
        return g.contains(g.missing--);
    }

    @Benchmark
    public StoredMessage lookUpHeld(Grown g) {
        g.probe = (g.probe + 7) % SIZED_FOR;
        return g.get(g.probe);
    }
}
