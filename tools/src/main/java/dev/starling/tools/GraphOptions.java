package dev.starling.tools;

import dev.starling.tools.workload.GraphSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options that describe a follow graph and its seed messages, shared by {@code load} and
 * {@code bench}. Unset options are null so that a command can tell given from default.
 */
public final class GraphOptions {

    static final int DEFAULT_FOLLOWS_MEAN = 20;
    static final int DEFAULT_MESSAGES = 10;
    static final long DEFAULT_SEED = 42;

    @Option(names = "--graph", paramLabel = "powerlaw|FILE",
            description = {"powerlaw (default): synthetic, power-law follower counts (Zipf, exponent 1).",
                    "FILE: an edge list, one edge per line, its first two columns the two nodes: SNAP, KONECT, Network"
                            + " Repository, MatrixMarket (.mtx) or CSV; plain, gzip, bzip2, zip or tar (the graph inside);"
                            + " UTF-8, or UTF-16 with a byte-order mark; spaces, tabs, commas or semicolons between"
                            + " columns, CSV quotes allowed.",
                    "Skipped: comments ('#', '%%'), a header as the first line that is not a comment, a MatrixMarket"
                            + " size line. Dropped: self-loops, repeated edges, the columns after the second (weights,"
                            + " timestamps). Renumbered: ids other than exactly 0..n-1 (a 1-based file's node k becomes"
                            + " u<k-1>; any 64-bit integers in ascending order; names in order of appearance). The"
                            + " summary counts each, with its first line; any other line is refused with its number."
                            + " For example:",
                    "../shared/data/social-graphs/ego-facebook.edges"})
    String graph;

    @Option(names = "--directed",
            description = "Read FILE as directed: each line 'a b' is one follow, a follows b (Twitter-like graphs;"
                    + " KONECT marks them '%% asym'). Default: undirected, each edge two follows (friendship graphs).")
    boolean directed;

    @Option(names = "--users", paramLabel = "U", description = "Users of the powerlaw graph (required with it; a FILE decides its own).")
    Integer users;

    @Option(names = "--follows-mean", paramLabel = "F", description = "Mean follows per user of the powerlaw graph (default: " + DEFAULT_FOLLOWS_MEAN + ").")
    Integer followsMean;

    @Option(names = "--remote-fraction", paramLabel = "R",
            description = "powerlaw: share of follows (0 to 1) to users on another instance (needs 2 or more"
                    + " instances). Default: as round-robin placement (u<i> on instance i mod N) falls, about (N-1)/N.")
    Double remoteFraction;

    @Option(names = "--messages-per-user", paramLabel = "M", description = "Messages each user sends while loading (default: " + DEFAULT_MESSAGES + ").")
    Integer messagesPerUser;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the powerlaw graph and of the clients (default: " + DEFAULT_SEED + ").")
    Long seed;

    /** True when any option that shapes the graph or the seed messages was given. */
    boolean anyGraphOptionGiven() {
        return graph != null || users != null || followsMean != null || remoteFraction != null || messagesPerUser != null
                || directed;
    }

    int messagesPerUser() {
        return messagesPerUser == null ? DEFAULT_MESSAGES : messagesPerUser;
    }

    long seed() {
        return seed == null ? DEFAULT_SEED : seed;
    }

    /** The graph these options describe; {@link IllegalArgumentException} says what is missing or wrong. */
    GraphSpec spec() {
        if (messagesPerUser() < 0) {
            throw new IllegalArgumentException("--messages-per-user must be 0 or more, got " + messagesPerUser);
        }
        if (remoteFraction != null && (remoteFraction < 0 || remoteFraction > 1)) {
            throw new IllegalArgumentException("--remote-fraction must be 0 to 1, got " + remoteFraction);
        }
        if (graph == null || graph.equals("powerlaw")) {
            if (directed) {
                throw new IllegalArgumentException("--directed reads an edge-list FILE (--graph FILE); the powerlaw graph's"
                        + " follows are one-way already");
            }
            if (users == null) {
                throw new IllegalArgumentException("--users is required with the powerlaw graph");
            }
            int mean = followsMean == null ? DEFAULT_FOLLOWS_MEAN : followsMean;
            if (users < 2) {
                throw new IllegalArgumentException("--users must be 2 or more, got " + users);
            }
            if (mean < 0 || mean >= users) {
                throw new IllegalArgumentException("--follows-mean must be 0 to " + (users - 1) + " (below --users), got "
                        + mean + (followsMean == null ? " (its default)" : ""));
            }
            return GraphSpec.powerLaw(users, mean, remoteFraction == null ? -1 : remoteFraction, seed());
        }
        if (users != null || followsMean != null || remoteFraction != null) {
            throw new IllegalArgumentException("--users, --follows-mean and --remote-fraction shape the powerlaw graph only;"
                    + " an edge list has its own users and follows (users are placed round-robin over the instances)");
        }
        return GraphSpec.file(Path.of(graph), directed);
    }
}
