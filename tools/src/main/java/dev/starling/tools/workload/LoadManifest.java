package dev.starling.tools.workload;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What {@code starling load} put in a data directory, kept beside the stores in
 * {@value #FILE_NAME}: the graph's description, the instances and shards, the users and how they
 * are named ({@link Placement}), the seed messages per user, and whether the load finished. A
 * benchmark reads it to log the users in without the graph, and to reload the same data into an
 * in-memory engine.
 *
 * @param graph           how the graph was built
 * @param domains         the instances, in order (user {@code i} lives on {@code domains[i mod N]})
 * @param shards          shards per instance (a RING store is reopened with the same count)
 * @param messagesPerUser seed messages each user sent
 * @param users           users registered
 * @param follows         follows made
 * @param complete        false while the load runs (or when it died): such a directory is unusable
 * @param loadSeconds     how long the load took
 * @param maxFollowers    the largest number of followers of one user, -1 when not recorded (older loads)
 * @param graphRead       for an edge-list file, what reading it did ({@link EdgeList.Report#properties}),
 *                        kept under {@value #GRAPH_READ}; empty otherwise
 * @param served          domain to {@code host:port} of the {@code serve} processes the load went to
 *                        ({@code load --connect}): their stores hold it, the directory only this
 *                        manifest; empty when the stores are in the directory
 */
public record LoadManifest(GraphSpec graph, List<String> domains, int shards, int messagesPerUser, int users,
                           long follows, boolean complete, double loadSeconds, long maxFollowers,
                           Map<String, String> graphRead, Map<String, String> served) {

    public static final String FILE_NAME = "starling-load.properties";
    /** Beside the manifest when a file's ids were renumbered: {@code user,node} per user. */
    public static final String IDS_FILE_NAME = "starling-ids.csv";
    /** The prefix of the keys that say how the graph file was read. */
    public static final String GRAPH_READ = "graph.read.";
    /** The prefix of the keys that name the serve processes of a load through {@code --connect}. */
    public static final String SERVED = "served.";

    public LoadManifest {
        domains = List.copyOf(domains);
        graphRead = Collections.unmodifiableMap(new TreeMap<>(graphRead));
        served = Collections.unmodifiableMap(new TreeMap<>(served));
    }

    /** A manifest of a load whose stores are in its directory. */
    public LoadManifest(GraphSpec graph, List<String> domains, int shards, int messagesPerUser, int users, long follows,
                        boolean complete, double loadSeconds, long maxFollowers, Map<String, String> graphRead) {
        this(graph, domains, shards, messagesPerUser, users, follows, complete, loadSeconds, maxFollowers, graphRead,
                Map.of());
    }

    /** A manifest without the reading report and the largest follower count. */
    public LoadManifest(GraphSpec graph, List<String> domains, int shards, int messagesPerUser, int users, long follows,
                        boolean complete, double loadSeconds) {
        this(graph, domains, shards, messagesPerUser, users, follows, complete, loadSeconds, -1, Map.of());
    }

    public Placement placement() {
        return new Placement(domains);
    }

    public LoadManifest completed(double seconds) {
        return new LoadManifest(graph, domains, shards, messagesPerUser, users, follows, true, seconds, maxFollowers,
                graphRead, served);
    }

    public static Path file(Path dir) {
        return dir.resolve(FILE_NAME);
    }

    /**
     * Checks that a load may write into {@code dir}: it does not exist yet, or is an empty
     * directory. Throws {@link IllegalArgumentException} saying why not.
     */
    public static void checkLoadable(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " exists and is not a directory");
        }
        if (Files.exists(file(dir))) {
            throw new IllegalArgumentException(dir + " already holds a load (" + FILE_NAME
                    + "); benchmark it with 'bench --data " + dir + "', or load into a new directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException(dir + " is not empty and holds no Starling load;"
                        + " give a new or empty directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads the manifest of a finished load; throws {@link IllegalArgumentException} saying what is wrong. */
    public static LoadManifest read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        Path file = file(dir);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " holds no load (no " + FILE_NAME + "); fill it with 'starling load --data "
                    + dir + " ...'");
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        LoadManifest manifest;
        try {
            manifest = new LoadManifest(GraphSpec.load(p),
                    Arrays.asList(required(p, "instances").split(",")),
                    Integer.parseInt(required(p, "shards")),
                    Integer.parseInt(required(p, "messages-per-user")),
                    Integer.parseInt(required(p, "users")),
                    Long.parseLong(required(p, "follows")),
                    "complete".equals(required(p, "state")),
                    Double.parseDouble(p.getProperty("load-seconds", "0")),
                    Long.parseLong(p.getProperty("max-followers", "-1").trim()),
                    prefixed(p, GRAPH_READ), prefixed(p, SERVED));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is damaged: " + e.getMessage(), e);
        }
        if (!manifest.complete()) {
            throw new IllegalArgumentException("the load into " + dir + " did not finish; delete the directory and load again");
        }
        return manifest;
    }

    private static Map<String, String> prefixed(Properties p, String prefix) {
        Map<String, String> read = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                read.put(key.substring(prefix.length()), p.getProperty(key));
            }
        }
        return read;
    }

    /** Writes the manifest (to a temporary file first, then moved over, so a reader never sees half of it). */
    public void write(Path dir) {
        Properties p = new SortedProperties();
        p.setProperty("format", "1");
        p.setProperty("state", complete ? "complete" : "loading");
        p.setProperty("engine", served.isEmpty() ? "RING" : "RING, served");
        p.setProperty("instances", String.join(",", domains));
        p.setProperty("shards", Integer.toString(shards));
        p.setProperty("users", Integer.toString(users));
        p.setProperty("user-naming", "user i is u<i> on instance (i mod instances), i = 0 .. users-1");
        p.setProperty("follows", Long.toString(follows));
        if (maxFollowers >= 0) {
            p.setProperty("max-followers", Long.toString(maxFollowers));
        }
        graphRead.forEach((key, value) -> p.setProperty(GRAPH_READ + key, value));
        served.forEach((domain, endpoint) -> p.setProperty(SERVED + domain, endpoint));
        p.setProperty("messages-per-user", Integer.toString(messagesPerUser));
        p.setProperty("load-seconds", String.format(java.util.Locale.ROOT, "%.1f", loadSeconds));
        graph.store(p);
        Path target = file(dir);
        Path temporary = dir.resolve(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(dir);
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                p.store(writer, "Starling load: written by 'starling load', read by 'starling bench --data'");
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Properties written in key order, so that the file reads top to bottom. */
    private static final class SortedProperties extends Properties {
        @Override
        public Set<Map.Entry<Object, Object>> entrySet() {
            Set<Map.Entry<Object, Object>> sorted = new TreeSet<>(Comparator.comparing(e -> e.getKey().toString()));
            sorted.addAll(super.entrySet());
            return Collections.unmodifiableSet(sorted);
        }
    }

    static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing '" + key + "'");
        }
        return value.trim();
    }
}
