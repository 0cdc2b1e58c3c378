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
            description = "powerlaw (default): synthetic, power-law follower counts (Zipf, exponent 1). FILE: an"
                    + " undirected edge list, 'a b' per line ('#' and '%%' comments allowed), each edge two follows;"
                    + " node k becomes user u<k> (ids renumbered unless exactly 0..n-1),"
                    + " e.g. ../shared/data/social-graphs/ego-facebook.edges.")
    String graph;

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
        return graph != null || users != null || followsMean != null || remoteFraction != null || messagesPerUser != null;
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
            if (users == null) {
                throw new IllegalArgumentException("--users is required with the powerlaw graph");
            }
            int mean = followsMean == null ? DEFAULT_FOLLOWS_MEAN : followsMean;
            return GraphSpec.powerLaw(users, mean, remoteFraction == null ? -1 : remoteFraction, seed());
        }
        if (users != null || followsMean != null || remoteFraction != null) {
            throw new IllegalArgumentException("--users, --follows-mean and --remote-fraction shape the powerlaw graph only;"
                    + " an edge list has its own users and follows (users are placed round-robin over the instances)");
        }
        return GraphSpec.file(Path.of(graph));
    }
}
