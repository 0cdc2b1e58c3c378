package dev.starling.engine.store;

import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;
import net.openhft.chronicle.bytes.Byteable;
import net.openhft.chronicle.hash.ChronicleHashCorruption;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.map.MapSegmentContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One store of a shard that grows with its data: a list of Chronicle Map generations, each a file
 * of its own ({@code NAME.cm3}, then {@code NAME.1.cm3}, {@code NAME.2.cm3}, ..., each with an
 * empty {@code NAME.N.ready} once it was made whole), each sized
 * {@link #GROWTH} times the one before. A Chronicle Map cannot be resized: past its configured
 * entries it chains extra segment tiers, up to {@code maxBloatFactor} of them, and every look-up of
 * a key it does not hold walks the whole chain (a miss at 50 times the configured size measured
 * 30 µs here, against about 1 µs). So each generation is allowed only {@link #BLOAT} times its
 * size, and when it runs out of tiers a new generation, four times larger, takes the new keys:
 * growing 100 times costs a few generations, each a short chain.
 *
 * <p>Reads look in the newest generation first. A write of a key some generation holds rewrites
 * it there (so a flyweight pinned to the entry stays the entry); a new key goes to the newest
 * generation. A write that finds no room fails inside Chronicle before it writes anything; the
 * map then adds a generation and writes there, so no write of the shard ever sees a full store.
 * Only when the disk is full (a generation or a tier cannot be mapped) or {@link
 * #MAX_GENERATIONS} exist does the write fail, with {@code STORAGE_FULL}, before anything of it
 * is written.
 *
 * <p>Entries never move: generations are only added, never rewritten or closed before the
 * stores close, so flyweights pinned to entries stay valid. The list of generations is published
 * through a volatile field, so readers on other threads see a generation before any entry
 * written into it. One writer (the shard's thread) at a time.
 *
 * <p>{@link #keySet()} and {@link #entrySet()} hand out copies: Chronicle points a flyweight key
 * or value it iterates at its iteration's own memory, which the next segment of the walk reuses,
 * so a flyweight kept past its step would show another entry's bytes.
 */
public final class GrowingMap<K, V> implements AutoCloseable {

    /** How far each generation may grow past its configured entries, in extra tiers. */
    public static final double BLOAT = 2.0;
    /** Each new generation is sized this many times the one before. */
    public static final int GROWTH = 4;
    /** Generations at most: 4^24 times the first, far beyond what any disk holds. */
    public static final int MAX_GENERATIONS = 24;

    private final String name;
    private final Path directory;
    private final ChronicleMapBuilder<K, V> builder;
    private volatile ChronicleMap<K, V>[] generations;
    private long newestEntries;

    /**
     * Opens the generations found under {@code directory} (through Chronicle's recovery when
     * {@code recovery} is not null), or creates the first one with {@code entries}.
     *
     * @param builder configured with everything but entries, name and file
     */
    GrowingMap(Path directory, String name, ChronicleMapBuilder<K, V> builder, long entries,
               ChronicleHashCorruption.Listener recovery) throws IOException {
        this.name = name;
        this.directory = directory;
        this.builder = builder;
        List<ChronicleMap<K, V>> open = new ArrayList<>();
        try {
            long size = entries;
            for (int g = 0; g == 0 || finished(g); g++) {
                open.add(open(file(g), size, recovery));
                newestEntries = size;
                size *= GROWTH;
            }
        } catch (IOException | RuntimeException e) {
            open.forEach(ChronicleMap::close);
            throw e;
        }
        this.generations = asArray(open);
    }

    /**
     * The generations as the array {@link #generations} holds. Java makes no array of a generic
     * type; the one made of wildcards is cast, safely: it holds only these maps.
     */
    @SuppressWarnings("unchecked")
    private static <K, V> ChronicleMap<K, V>[] asArray(List<ChronicleMap<K, V>> maps) {
        return (ChronicleMap<K, V>[]) maps.toArray(new ChronicleMap<?, ?>[0]);
    }

    private ChronicleMap<K, V> open(Path file, long entries, ChronicleHashCorruption.Listener recovery)
            throws IOException {
        ChronicleMapBuilder<K, V> b = builder.clone().name(name).entries(entries).maxBloatFactor(BLOAT);
        return recovery != null && Files.exists(file)
                ? b.recoverPersistedTo(file.toFile(), false, recovery)
                : b.createPersistedTo(file.toFile());
    }

    private Path file(int generation) {
        return directory.resolve(generation == 0 ? name + ".cm3" : name + "." + generation + ".cm3");
    }

    /** The empty file that says generation {@code generation} (1 or later) was made whole. */
    private Path ready(int generation) {
        return directory.resolve(name + "." + generation + ".ready");
    }

    /**
     * True when generation {@code generation} exists and was made whole. One being made when the
     * process died (its file, without its ready mark) never held an entry: it is removed.
     */
    private boolean finished(int generation) throws IOException {
        if (Files.exists(ready(generation))) {
            return true;
        }
        Files.deleteIfExists(file(generation));
        return false;
    }

    /** The value of {@code key}, read into (or pointed at by) {@code using}; null when no generation holds it. */
    public V getUsing(K key, V using) {
        ChronicleMap<K, V>[] all = generations;
        for (int g = all.length - 1; g >= 0; g--) {
            V found = all[g].getUsing(key, using);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    public boolean containsKey(K key) {
        ChronicleMap<K, V>[] all = generations;
        for (int g = all.length - 1; g >= 0; g--) {
            if (all[g].containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes {@code key}: where a generation holds it, else into the newest; into a new generation
     * when the newest has no room left. {@code STORAGE_FULL} only when no generation can be added.
     */
    public void put(K key, V value) {
        ChronicleMap<K, V>[] all = generations;
        int newest = all.length - 1;
        for (int g = newest - 1; g >= 0; g--) {
            if (all[g].containsKey(key)) {
                if (tryPut(all[g], key, value)) {
                    return;
                }
                break; // no room to rewrite it there: the newest generation's copy shadows it
            }
        }
        if (!tryPut(all[newest], key, value)) {
            ChronicleMap<K, V> grown = grow();
            if (!tryPut(grown, key, value)) {
                throw new StarlingException(ErrorCode.STORAGE_FULL, name + ": a new generation has no room for one entry");
            }
        }
    }

    /**
     * Removes {@code key} from every generation that holds it. Its entry's bytes are free for later
     * writes at once, so no flyweight may still point at them (see {@link Flyweight#pin}).
     *
     * @return true when some generation held it
     */
    public boolean remove(K key) {
        boolean removed = false;
        for (ChronicleMap<K, V> generation : generations) {
            try (ExternalMapQueryContext<K, V, ?> context = generation.queryContext(key)) {
                context.updateLock().lock(); // a read lock, taken by default, cannot become the write lock a removal needs
                MapEntry<K, V> entry = context.entry(); // no copy of the value, unlike ChronicleMap.remove
                if (entry != null) {
                    context.remove(entry);
                    removed = true;
                }
            }
        }
        return removed;
    }

    /**
     * Makes sure the next {@code puts} new keys find room without adding a generation in the
     * middle of an operation: adds one now if the newest has fewer extra tiers left (each put
     * takes at most one). For operations of several writes, so that {@code STORAGE_FULL} comes
     * before the first.
     */
    public void reserve(int puts) {
        ChronicleMap<K, V>[] all = generations;
        if (remainingTiers(all[all.length - 1]) < puts) {
            grow();
        }
    }

    private static int remainingTiers(ChronicleMap<?, ?> map) {
        return ((net.openhft.chronicle.map.VanillaChronicleMap<?, ?, ?>) map).remainingAutoResizes();
    }

    /**
     * False when Chronicle found no room for the entry (it then wrote nothing). A tier it could
     * not map because the disk is full ({@code fallocate} fails before the entry is written) is
     * {@code STORAGE_FULL}.
     */
    private boolean tryPut(ChronicleMap<K, V> map, K key, V value) {
        try {
            map.put(key, value);
            return true;
        } catch (IllegalStateException e) {
            if (isOutOfTiers(e)) {
                return false;
            }
            throw e;
        } catch (RuntimeException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException) {
                    throw new StarlingException(ErrorCode.STORAGE_FULL, name + ": cannot map more of its file in "
                            + directory + ": " + cause.getMessage(), e);
                }
            }
            throw e;
        }
    }

    /** Chronicle's "Attempt to allocate #N extra segment tier, M is maximum". */
    static boolean isOutOfTiers(IllegalStateException e) {
        String message = e.getMessage();
        return message != null && message.contains("extra segment tier");
    }

    private ChronicleMap<K, V> grow() {
        ChronicleMap<K, V>[] all = generations;
        if (all.length >= MAX_GENERATIONS) {
            throw new StarlingException(ErrorCode.STORAGE_FULL, name + " holds " + all.length + " generations, the most it may");
        }
        long entries = Math.max(newestEntries * GROWTH, longSize());
        int generation = all.length;
        ChronicleMap<K, V> map = null;
        try {
            // Marked ready once its header is written (Chronicle maps later tiers by the file's
            // name, so it is made under its own): a kill before leaves a file without its mark,
            // which the next start removes, never a generation it cannot open.
            Files.deleteIfExists(file(generation));
            map = builder.clone().name(name).entries(entries).maxBloatFactor(BLOAT).createPersistedTo(file(generation).toFile());
            Files.deleteIfExists(ready(generation));
            Files.createFile(ready(generation));
        } catch (IOException | RuntimeException e) {
            if (map != null) {
                map.close();
            }
            throw new StarlingException(ErrorCode.STORAGE_FULL, "cannot add generation " + all.length + " of " + name
                    + " in " + directory + ": " + e.getMessage(), e);
        }
        ChronicleMap<K, V>[] grown = Arrays.copyOf(all, all.length + 1);
        grown[all.length] = map;
        newestEntries = entries;
        generations = grown;
        return map;
    }

    /**
     * Every key, generation after generation (a key shadowed in a newer one appears in both), each
     * a copy of its own that stays valid after the walk moved on. Walked one segment at a time.
     */
    public Iterable<K> keySet() {
        return () -> new Copies<>(generations, entry -> copyOf(entry.key()));
    }

    /** Every entry, generation after generation, as copies of its key and value (see {@link #keySet()}). */
    public Iterable<Map.Entry<K, V>> entrySet() {
        return () -> new Copies<>(generations,
                entry -> new AbstractMap.SimpleImmutableEntry<>(copyOf(entry.key()), copyOf(entry.value())));
    }

    /**
     * A key or value of the entry a segment walk is on, as an object that no longer depends on the
     * walk: a {@link Flyweight} gets bytes of its own; other types are read into a new object.
     */
    static <T> T copyOf(Data<T> data) {
        T copy = data.getUsing(null);
        if (copy instanceof Flyweight flyweight) {
            flyweight.detach();
        } else if (copy instanceof Byteable) {
            throw new IllegalStateException(copy.getClass().getName() + " is a view of the map's memory that cannot be copied");
        }
        return copy;
    }

    /**
     * Copies of the entries of some generations, one segment at a time: each segment's entries are
     * copied under its lock and handed out after, so no copy refers to Chronicle's iteration state.
     */
    private static final class Copies<K, V, T> implements Iterator<T> {

        private final ChronicleMap<K, V>[] generations;
        private final Function<MapEntry<K, V>, T> copy;
        private final ArrayDeque<T> segment = new ArrayDeque<>();
        private int generation;
        private int nextSegment;

        Copies(ChronicleMap<K, V>[] generations, Function<MapEntry<K, V>, T> copy) {
            this.generations = generations;
            this.copy = copy;
        }

        @Override
        public boolean hasNext() {
            while (segment.isEmpty() && generation < generations.length) {
                ChronicleMap<K, V> map = generations[generation];
                if (nextSegment < map.segments()) {
                    try (MapSegmentContext<K, V, ?> context = map.segmentContext(nextSegment++)) {
                        context.forEachSegmentEntry(entry -> segment.add(copy.apply(entry)));
                    }
                } else {
                    generation++;
                    nextSegment = 0;
                }
            }
            return !segment.isEmpty();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return segment.poll();
        }
    }

    /** Entries held, over all generations. */
    public long longSize() {
        return sum(ChronicleMap::longSize);
    }

    public int generations() {
        return generations.length;
    }

    /** Off-heap bytes the generations use. */
    public long offHeapMemoryUsed() {
        return sum(ChronicleMap::offHeapMemoryUsed);
    }

    private long sum(ToLongFunction<ChronicleMap<K, V>> figure) {
        long sum = 0;
        for (ChronicleMap<K, V> map : generations) {
            sum += figure.applyAsLong(map);
        }
        return sum;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        for (ChronicleMap<K, V> map : generations) {
            map.close();
        }
    }
}
