package dev.starling.engine;

import dev.starling.engine.store.FederationJournal;

import java.util.function.IntConsumer;

/**
 * The engine's port to the federation: how the instances of a {@link RingEngine} reach each
 * other. The engine knows only this interface, the {@link FederationPort} it opens per shard,
 * and the {@link FederationHandler} each shard polls its port with; the
 * protocol (what is sent, how it is encoded) and the transports (in-process rings, the network)
 * live in the {@code federation} module.
 */
public interface FederationTransport {

    /** Instances one federation can hold: which instances hold followers of a user is a 64-bit mask. */
    int MAX_INSTANCES = 64;

    /**
     * Joins an instance: opens one port per shard. Events for shard {@code i} of this instance
     * wait until that shard polls its port (on its own thread).
     *
     * @param index     the instance's index, carried in its users' ids (0 to 63)
     * @param wakeShard wakes shard {@code i}'s thread after an event for it was made visible
     * @param counters  each shard's federation counters, by shard
     * @param journals  each shard's {@link FederationJournal} (sequence numbers, events not yet
     *                  acknowledged, what was applied), by shard; null for links without them
     *                  (events in flight at a crash are then lost)
     * @return the ports, by shard
     */
    FederationPort[] join(String domain, int index, IntConsumer wakeShard, FederationCounters[] counters,
                          FederationJournal[] journals);

    /** {@link #join(String, int, IntConsumer, FederationCounters[], FederationJournal[])} without journals. */
    default FederationPort[] join(String domain, int index, IntConsumer wakeShard, FederationCounters[] counters) {
        return join(domain, index, wakeShard, counters, null);
    }

    /** The index of the instance serving {@code domain}, or -1 when none is deployed. */
    int indexOf(String domain);

    /**
     * The shard of instance {@code instance} that holds the user {@code localName}, or -1 when
     * the transport lets the receiving side place the event by the name it carries (an instance
     * in another process, whose shard count this one does not know).
     */
    int shardOfName(int instance, String localName);

    /**
     * The index {@code domain} must have when it joins, or -1 to let the engine choose. A
     * federation of processes agrees on every instance's index (ids carry it), so its transport
     * fixes them; the engine refuses a data directory that gave the domain another index.
     */
    default int requiredIndex(String domain) {
        return -1;
    }

    /**
     * Whether nothing is in flight between instances, given the federation events the joined
     * instances sent ({@code sent}) and handled ({@code handled}), both read after every ring
     * was seen drained. In one process every event sent is handled by a joined instance, so the
     * two are equal; a transport to other processes accounts for what crossed it.
     */
    default boolean balanced(long sent, long handled) {
        return sent == handled;
    }
}
