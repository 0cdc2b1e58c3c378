package dev.starling.engine;

/**
 * The shards of every instance of one engine, by instance index and shard: how a caller that
 * handed work to another instance's shard finds that shard, to run it on its own thread or wake
 * it. Filled once at start and only read afterwards, from any thread.
 */
final class ShardRegistry {

    private final Shard[][] shards = new Shard[FederationTransport.MAX_INSTANCES][];

    void add(int instance, Shard[] instanceShards) {
        shards[instance] = instanceShards;
    }

    /** Shard {@code shard} of instance {@code instance}, or null when that instance is not in this engine. */
    Shard shard(int instance, int shard) {
        Shard[] of = shards[instance];
        return of == null ? null : of[shard];
    }
}
