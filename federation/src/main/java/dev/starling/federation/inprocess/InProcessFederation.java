package dev.starling.federation.inprocess;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import dev.starling.engine.FederationCounters;
import dev.starling.engine.FederationPort;
import dev.starling.engine.FederationTransport;
import dev.starling.engine.store.Ids;
import dev.starling.federation.protocol.FederationEvent;
import dev.starling.federation.protocol.FederationInbox;
import dev.starling.federation.protocol.FederationLink;
import dev.starling.federation.protocol.ProtocolEndpoint;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;

/**
 * The in-process transport of the federation: each instance that joins gets an inbound ring (a
 * multi-producer Disruptor ring of {@link FederationEvent} slots) that the shards of every other
 * instance publish to, never waiting, and that each of its shards polls for the events addressed
 * to it. An event is copied into the slot, its encoded bytes included, so no object of the sending
 * instance reaches the receiver.
 */
public final class InProcessFederation implements FederationTransport, FederationLink {

    private final int ringSize;
    private final Map<String, Integer> byDomain = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<RingBuffer<FederationEvent>> inbound = new AtomicReferenceArray<>(FederationTransport.MAX_INSTANCES);
    private final int[] shardCounts = new int[FederationTransport.MAX_INSTANCES];
    private final IntConsumer[] wakers = new IntConsumer[FederationTransport.MAX_INSTANCES];

    /** @param ringSize slots of each instance's inbound ring (a power of two) */
    public InProcessFederation(int ringSize) {
        this.ringSize = ringSize;
    }

    @Override
    public synchronized FederationPort[] join(String domain, int index, IntConsumer wakeShard,
                                              FederationCounters[] counters) {
        RingBuffer<FederationEvent> ring = RingBuffer.createMultiProducer(FederationEvent::new, ringSize);
        FederationPort[] ports = new FederationPort[counters.length];
        for (int shard = 0; shard < ports.length; shard++) {
            EventPoller<FederationEvent> poller = ring.newPoller();
            ring.addGatingSequences(poller.getSequence());
            ports[shard] = new ProtocolEndpoint(index, shard, this, new RingInbox(ring, poller), counters[shard]);
        }
        shardCounts[index] = ports.length;
        wakers[index] = wakeShard;
        inbound.set(index, ring); // last: an instance is deployed once its ring can be published to
        byDomain.put(domain, index);
        return ports;
    }

    @Override
    public int indexOf(String domain) {
        Integer index = byDomain.get(domain);
        return index == null ? -1 : index;
    }

    @Override
    public int shardOfName(int instance, String localName) {
        return Ids.shardOfName(localName, shardCounts[instance]);
    }

    @Override
    public boolean deployed(int instance) {
        return instance >= 0 && instance < FederationTransport.MAX_INSTANCES && inbound.get(instance) != null;
    }

    @Override
    public boolean tryPublish(int destination, FederationEvent event, boolean wake) {
        RingBuffer<FederationEvent> ring = inbound.get(destination);
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
            wakers[destination].accept(event.shard);
        }
        return true;
    }

    /** One shard's poller of its instance's inbound ring: it passes over the events of other shards. */
    private static final class RingInbox implements FederationInbox, EventPoller.Handler<FederationEvent> {

        private final RingBuffer<FederationEvent> ring;
        private final EventPoller<FederationEvent> poller;
        private Handler handler;

        RingInbox(RingBuffer<FederationEvent> ring, EventPoller<FederationEvent> poller) {
            this.ring = ring;
            this.poller = poller;
        }

        @Override
        public void poll(Handler target) throws Exception {
            handler = target;
            poller.poll(this);
        }

        @Override
        public boolean onEvent(FederationEvent event, long sequence, boolean endOfBatch) {
            return handler.onEvent(event);
        }

        @Override
        public long backlog() {
            return ring.getCursor() - poller.getSequence().get();
        }
    }
}
