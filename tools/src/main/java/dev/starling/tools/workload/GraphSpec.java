package dev.starling.tools.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * How to build a follow graph: a synthetic power-law graph (users, mean follows, share of follows
 * across instances, seed) or an edge-list file read directed or undirected ({@link EdgeList}). A
 * spec is small enough to keep in a load's manifest, and building it twice gives the same graph.
 *
 * @param file           the edge list, or null for the synthetic graph
 * @param users          synthetic: users (file: 0, the file decides)
 * @param followsMean    synthetic: mean follows per user
 * @param remoteFraction synthetic: share of follows to users on other instances; negative: as placement falls
 * @param seed           synthetic: the generator's seed
 * @param directed       file: one follow per edge (first column follows second) instead of two
 */
public record GraphSpec(Path file, int users, int followsMean, double remoteFraction, long seed, boolean directed) {

    /** Zipf exponent of follower popularity (the demo's). */
    public static final double EXPONENT = 1.0;

    public GraphSpec {
        if (file == null) {
            if (users < 2) {
                throw new IllegalArgumentException("a power-law graph needs at least 2 users, got " + users);
            }
            if (followsMean < 0 || followsMean >= users) {
                throw new IllegalArgumentException("follows-mean must be 0 to users - 1, got " + followsMean);
            }
            if (remoteFraction > 1) {
                throw new IllegalArgumentException("remote fraction must be 0 to 1, got " + remoteFraction);
            }
        } else {
            file = file.toAbsolutePath().normalize();
        }
    }

    public static GraphSpec powerLaw(int users, int followsMean, double remoteFraction, long seed) {
        return new GraphSpec(null, users, followsMean, remoteFraction, seed, false);
    }

    /** An undirected edge list: each edge two follows. */
    public static GraphSpec file(Path file) {
        return file(file, false);
    }

    public static GraphSpec file(Path file, boolean directed) {
        return new GraphSpec(file, 0, 0, -1, 0, directed);
    }

    public boolean isFile() {
        return file != null;
    }

    /** The same synthetic graph with another mean of follows per user. */
    public GraphSpec withFollowsMean(int mean) {
        if (isFile()) {
            throw new IllegalArgumentException("an edge-list graph has the follows of its file");
        }
        return new GraphSpec(null, users, mean, remoteFraction, seed, false);
    }

    /** Builds the graph for a deployment of {@code instances} instances. */
    public SocialGraph build(int instances) {
        if (isFile()) {
            return readFile().graph();
        }
        return SocialGraph.powerLaw(users, followsMean, EXPONENT, seed, instances, remoteFraction);
    }

    /**
     * Reads the edge-list file, with the report of what reading it skipped, dropped and renumbered.
     *
     * @throws IllegalArgumentException when the file is missing
     * @throws UncheckedIOException     naming the file (and the line) when it cannot be read as a graph
     */
    public EdgeList.Loaded readFile() {
        if (!isFile()) {
            throw new IllegalStateException("a powerlaw graph has no file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("graph file " + file + " does not exist or is not a file");
        }
        try {
            return EdgeList.read(file, directed);
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new UncheckedIOException(message.contains(file.toString()) ? message
                    : "cannot read graph file " + file + ": " + message, e);
        }
    }

    /** One line for humans, e.g. {@code powerlaw(users=1000, follows-mean=20, seed=42)}. */
    public String describe() {
        if (isFile()) {
            return (directed ? "directed" : "undirected") + " edge list " + file;
        }
        return "powerlaw(users=" + users + ", follows-mean=" + followsMean
                + (remoteFraction >= 0 ? ", remote-fraction=" + remoteFraction : "") + ", seed=" + seed + ")";
    }

    void store(Properties p) {
        if (isFile()) {
            p.setProperty("graph", "file");
            p.setProperty("graph.file", file.toString());
            p.setProperty("graph.directed", Boolean.toString(directed));
        } else {
            p.setProperty("graph", "powerlaw");
            p.setProperty("graph.users", Integer.toString(users));
            p.setProperty("graph.follows-mean", Integer.toString(followsMean));
            p.setProperty("graph.exponent", Double.toString(EXPONENT));
            p.setProperty("graph.remote-fraction", Double.toString(remoteFraction));
            p.setProperty("graph.seed", Long.toString(seed));
        }
    }

    static GraphSpec load(Properties p) {
        String kind = LoadManifest.required(p, "graph");
        return switch (kind) {
            case "file" -> file(Path.of(LoadManifest.required(p, "graph.file")),
                    Boolean.parseBoolean(p.getProperty("graph.directed", "false").trim()));
            case "powerlaw" -> powerLaw(Integer.parseInt(LoadManifest.required(p, "graph.users")),
                    Integer.parseInt(LoadManifest.required(p, "graph.follows-mean")),
                    Double.parseDouble(LoadManifest.required(p, "graph.remote-fraction")),
                    Long.parseLong(LoadManifest.required(p, "graph.seed")));
            default -> throw new IllegalArgumentException("unknown graph kind '" + kind + "'");
        };
    }
}
