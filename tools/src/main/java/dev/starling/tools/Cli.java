package dev.starling.tools;

import dev.starling.engine.store.Ids;
import dev.starling.federation.EngineKind;
import dev.starling.tools.cli.Checks;
import dev.starling.tools.cli.ErrorHandlers;
import dev.starling.tools.workload.Capacity;
import dev.starling.tools.workload.DeploymentSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Locale;

/** Small helpers shared by the workload commands. */
final class Cli {

    private Cli() {
    }

    /** A failure in one line: the message of the cause that says what went wrong. */
    static String describe(Throwable t) {
        Throwable cause = ErrorHandlers.unwrap(t);
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /**
     * Refuses, before any work, a graph that the design, the heap or the stores' disk cannot hold:
     * users per shard, follows and seed messages within what the engine and the loader count, the
     * heap the graph and its sessions take, and the bytes of the RING stores where they go.
     *
     * @param usersOption the option that sets the users, named in the message
     */
    static void checkSize(CommandSpec spec, String usersOption, long users, long follows, long messagesPerUser,
                          DeploymentSpec deployment) {
        long maxUsers = Ids.MAX_USERS_PER_SHARD * deployment.shards() * deployment.placement().instances();
        if (deployment.engine() == EngineKind.RING && users > maxUsers) {
            throw Checks.fail(spec, String.format(Locale.ROOT, "%s must be at most %,d (%,d users per shard x %d shards x"
                            + " %d instance(s)), got %,d", usersOption, maxUsers, Ids.MAX_USERS_PER_SHARD, deployment.shards(),
                    deployment.placement().instances(), users));
        }
        if (follows > Integer.MAX_VALUE || users * messagesPerUser > Integer.MAX_VALUE) {
            throw Checks.fail(spec, String.format(Locale.ROOT, "%s: at most %,d follows and %,d seed messages in all, got"
                    + " %,d and %,d", usersOption, Integer.MAX_VALUE, Integer.MAX_VALUE, follows, users * messagesPerUser));
        }
        try {
            Capacity.checkHeap(users, follows);
            if (deployment.engine() == EngineKind.RING) {
                Capacity.checkStores(deployment.storeBytes(users, follows, (int) messagesPerUser), deployment.dataDirectory());
            }
        } catch (IllegalArgumentException e) {
            throw Checks.fail(spec, usersOption + " " + String.format(Locale.ROOT, "%,d", users) + ": " + e.getMessage());
        }
    }
}
