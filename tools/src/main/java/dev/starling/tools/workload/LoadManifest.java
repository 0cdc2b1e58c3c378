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
import java.util.List;
import java.util.Properties;
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
 */
public record LoadManifest(GraphSpec graph, List<String> domains, int shards, int messagesPerUser, int users,
                           long follows, boolean complete, double loadSeconds) {

    public static final String FILE_NAME = "starling-load.properties";

    public LoadManifest {
        domains = List.copyOf(domains);
    }

    public Placement placement() {
        return new Placement(domains);
    }

    public LoadManifest completed(double seconds) {
        return new LoadManifest(graph, domains, shards, messagesPerUser, users, follows, true, seconds);
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
                    Double.parseDouble(p.getProperty("load-seconds", "0")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is damaged: " + e.getMessage(), e);
        }
        if (!manifest.complete()) {
            throw new IllegalArgumentException("the load into " + dir + " did not finish; delete the directory and load again");
        }
        return manifest;
    }

    /** Writes the manifest (to a temporary file first, then moved over, so a reader never sees half of it). */
    public void write(Path dir) {
        Properties p = new Properties();
        p.setProperty("format", "1");
        p.setProperty("state", complete ? "complete" : "loading");
        p.setProperty("engine", "RING");
        p.setProperty("instances", String.join(",", domains));
        p.setProperty("shards", Integer.toString(shards));
        p.setProperty("users", Integer.toString(users));
        p.setProperty("user-naming", "user i is u<i> on instance (i mod instances), i = 0 .. users-1");
        p.setProperty("follows", Long.toString(follows));
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

    static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing '" + key + "'");
        }
        return value.trim();
    }
}
