package dev.starling.engine;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The in-process federation of a deployment's RING instances: resolves a domain, or the instance
 * index carried in ids and events, to the instance's inbound federation ring and its shards, and
 * is the {@link FederationLink} their outboxes publish through. Filled once at start and only
 * read afterwards, from any thread.
 */
final class Federation implements FederationLink {

    /** Instances one deployment can federate: follower instances are a 64-bit mask per user. */
    static final int MAX_INSTANCES = 64;

    private final Map<String, Integer> byDomain = new LinkedHashMap<>();
    @SuppressWarnings("unchecked")
    private final RingBuffer<FederationEvent>[] inbound = new RingBuffer[MAX_INSTANCES];
    private final Shard[][] shards = new Shard[MAX_INSTANCES][];

    void add(String domain, int index, RingBuffer<FederationEvent> ring, Shard[] instanceShards) {
        byDomain.put(domain, index);
        inbound[index] = ring;
        shards[index] = instanceShards;
    }

    /** The index of the instance serving {@code domain}, or -1 when it is not deployed. */
    int indexOf(String domain) {
        Integer index = byDomain.get(domain);
        return index == null ? -1 : index;
    }

    /** The shard of instance {@code instance} that holds the user {@code localName}. */
    int shardOfName(int instance, String localName) {
        return ShardDirectory.shardOfName(localName, shards[instance].length);
    }

    /** Shard {@code shard} of instance {@code instance}. */
    Shard shard(int instance, int shard) {
        return shards[instance][shard];
    }

    @Override
    public boolean deployed(int instance) {
        return instance >= 0 && instance < MAX_INSTANCES && inbound[instance] != null;
    }

    @Override
    public boolean tryPublish(int destination, FederationEvent event, boolean wake) {
        RingBuffer<FederationEvent> ring = inbound[destination];
        long sequence;
        try {
            sequence = ring.tryNext();
        } catch (InsufficientCapacityException e) {
            return false;
        }
        try {
            ring.get(sequence).copyFrom(event);
        } finally {
            ring.publish(sequence);
        }
        if (wake) {
            shards[destination][event.shard].wake();
        }
        return true;
    }
}
