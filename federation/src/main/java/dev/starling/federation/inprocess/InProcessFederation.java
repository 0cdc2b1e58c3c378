package dev.starling.federation.inprocess;

import dev.starling.engine.FederationCounters;
import dev.starling.engine.FederationPort;
import dev.starling.engine.FederationTransport;
import dev.starling.engine.store.FederationJournal;
import dev.starling.engine.store.Ids;
import dev.starling.federation.protocol.FederationEvent;
import dev.starling.federation.protocol.FederationLink;
import dev.starling.federation.protocol.InboundRing;
import dev.starling.federation.protocol.LocalAcknowledgements;
import dev.starling.federation.protocol.ProtocolEndpoint;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;

/**
 * The in-process transport of the federation: each instance that joins gets an {@link
 * InboundRing} that the shards of every other instance publish to, never waiting, and that each
 * of its shards polls for the events addressed to it. An event is copied into the slot, its
 * encoded bytes included, so no object of the sending instance reaches the receiver. A sending
 * shard learns which of its numbered deliveries were applied from the receiving ring's handled
 * position ({@link LocalAcknowledgements}); nothing is lost while the process lives, so they are
 * sent again only after a restart.
 */
public final class InProcessFederation implements FederationTransport, FederationLink {

    private final int ringSize;
    private final Map<String, Integer> byDomain = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<InboundRing> inbound = new AtomicReferenceArray<>(FederationTransport.MAX_INSTANCES);
    private final LocalAcknowledgements acknowledgements = new LocalAcknowledgements();

    /** @param ringSize slots of each instance's inbound ring (a power of two) */
    public InProcessFederation(int ringSize) {
        this.ringSize = ringSize;
    }

    @Override
    public synchronized FederationPort[] join(String domain, int index, IntConsumer wakeShard,
                                              FederationCounters[] counters, FederationJournal[] journals) {
        InboundRing ring = new InboundRing(ringSize, counters.length, wakeShard);
        acknowledgements.join(index, counters.length);
        FederationPort[] ports = new FederationPort[counters.length];
        for (int shard = 0; shard < ports.length; shard++) {
            ports[shard] = new ProtocolEndpoint(index, shard, this, ring.inbox(shard), counters[shard],
                    journals == null ? null : journals[shard]);
        }
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
        return Ids.shardOfName(localName, inbound.get(instance).shards());
    }

    @Override
    public boolean deployed(int instance) {
        return instance >= 0 && instance < FederationTransport.MAX_INSTANCES && inbound.get(instance) != null;
    }

    @Override
    public boolean tryPublish(int destination, FederationEvent event, boolean wake) {
        long position = inbound.get(destination).tryPublish(event, wake);
        if (position < 0) {
            return false;
        }
        acknowledgements.published(destination, event, position);
        return true;
    }

    @Override
    public long acknowledged(int destination, int from, int fromShard) {
        return acknowledgements.acknowledged(destination, from, fromShard, inbound.get(destination));
    }
}
