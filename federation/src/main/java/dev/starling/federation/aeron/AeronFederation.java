package dev.starling.federation.aeron;

import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;
import dev.starling.engine.FederationCounters;
import dev.starling.engine.FederationPort;
import dev.starling.engine.FederationTransport;
import dev.starling.engine.store.FederationJournal;
import dev.starling.federation.protocol.FederationEvent;
import dev.starling.federation.protocol.FederationLink;
import dev.starling.federation.protocol.InboundRing;
import dev.starling.federation.protocol.LocalAcknowledgements;
import dev.starling.federation.protocol.ProtocolEndpoint;
import io.aeron.Aeron;
import org.agrona.concurrent.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;

/**
 * The federation between processes, over Aeron: the second {@link FederationTransport}, carrying
 * the same SBE-encoded events as the in-process one. This process listens on one endpoint (an
 * Aeron UDP subscription, stream {@link Endpoints#FEDERATION_STREAM}, and on an external media
 * driver that other processes may share, the endpoint's IPC stream too); each peer process is one
 * {@link PeerLink} (a publication to its endpoint, or over IPC to a peer on the same driver),
 * shared by the shards of every local instance.
 * A {@link FederationReceiver} agent on its own thread polls the subscription and copies each
 * event into the receiving instance's {@link InboundRing}, which its shards poll as they poll the
 * in-process rings; an event between two local instances takes that ring directly.
 *
 * <p>Every process of a federation names the same set of domains (its own and its peers'), and
 * each domain's index (carried in its users' ids) is its position in that set, sorted: so the
 * processes agree on indices without talking, and the engine refuses a data directory that gave
 * a domain another one. Each link begins with a hello naming the sender's instances and
 * endpoint; a receiver takes events only from links whose hello named configured peers at their
 * configured endpoints, and counts and drops the rest.
 *
 * <p>Deliveries survive a crash of either process: each is numbered on its stream (sending shard
 * to receiving instance) and kept in the sending shard's journal until the receiving process
 * acknowledges it as applied ({@code LinkAck}, from its {@link FederationReceiver}); what is not
 * acknowledged is sent again after a restart, or when no acknowledgement came for a second, and
 * the receiver passes each stream on in order and applies each number once.
 *
 * <p>Back-pressure as in one process: an offer that finds the link down or full answers false,
 * the sending shard keeps the event and retries it from its own loop, and while too many wait the
 * shard takes no new requests (its callers get {@code OVERLOADED}). A receiving ring without
 * room leaves the event in Aeron's buffer until it has, which in turn back-pressures the sender.
 */
public final class AeronFederation implements FederationTransport, FederationLink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AeronFederation.class);
    /**
     * A numbered event that went out and was not acknowledged within this is sent again (with all
     * after it): a peer acknowledges every millisecond, so this is a loss (the peer restarted, or
     * its process died with the event), not a slow peer.
     */
    private static final long RESEND_AFTER_NS = 1_000_000_000L;

    private final int ringSize;
    private final String endpoint;
    private final Map<String, Integer> indices = new LinkedHashMap<>();
    private final String[] domainOf = new String[MAX_INSTANCES];
    private final PeerLink[] linkOf = new PeerLink[MAX_INSTANCES];
    private final List<PeerLink> links = new ArrayList<>();
    private final AtomicReferenceArray<InboundRing> rings = new AtomicReferenceArray<>(MAX_INSTANCES);
    private final FederationReceiver receiver;
    private final LocalAcknowledgements localAcknowledgements = new LocalAcknowledgements();
    /** By local instance: what peers acknowledged, by sending shard and destination. */
    private final AtomicReferenceArray<AtomicLongArray> remoteAcknowledgements =
            new AtomicReferenceArray<>(MAX_INSTANCES);
    /** By local instance: each shard's journal epoch (0 without one). */
    private final AtomicReferenceArray<long[]> epochs = new AtomicReferenceArray<>(MAX_INSTANCES);
    private final AgentRunner runner;

    /**
     * Opens the links and starts the receiver; the local instances join afterwards (the engine
     * calls {@link #join}). Events for a local instance that has not joined yet wait in Aeron.
     *
     * @param aeron    the process's Aeron client
     * @param endpoint {@code host:port} this process listens on
     * @param local    the domains of this process's instances (normal form)
     * @param peers    the other processes' domains and the {@code host:port} each listens on
     * @param ringSize slots of each local instance's inbound ring (a power of two)
     * @param sharedDriver whether {@code aeron}'s media driver is an external one that other
     *                 processes may share: links to peers on this host then go over IPC when the
     *                 peer shares it, and events are also taken from this endpoint's IPC stream
     * @throws StarlingException {@code INVALID_ARGUMENT} for a domain both local and a peer, or
     *                           more than {@link FederationTransport#MAX_INSTANCES} in all
     */
    public AeronFederation(Aeron aeron, String endpoint, List<String> local, Map<String, String> peers, int ringSize,
                           boolean sharedDriver) {
        this.ringSize = ringSize;
        this.endpoint = Endpoints.check(endpoint, false);
        TreeSet<String> all = new TreeSet<>(local);
        for (String peer : peers.keySet()) {
            if (!all.add(peer)) {
                throw new StarlingException(ErrorCode.INVALID_ARGUMENT, peer + " is both served here and a peer");
            }
        }
        if (all.size() > MAX_INSTANCES) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "at most " + MAX_INSTANCES
                    + " instances in a federation, got " + all.size());
        }
        for (String domain : all) {
            domainOf[indices.size()] = domain;
            indices.put(domain, indices.size());
        }
        Map<String, List<String>> byEndpoint = new LinkedHashMap<>();
        peers.forEach((domain, at) -> byEndpoint.computeIfAbsent(Endpoints.check(at, false), e -> new ArrayList<>()).add(domain));
        try {
            for (Map.Entry<String, List<String>> peer : byEndpoint.entrySet()) {
                PeerLink link = new PeerLink(aeron, peer.getKey(), peer.getValue(), sharedDriver);
                links.add(link);
                for (String domain : peer.getValue()) {
                    linkOf[indices.get(domain)] = link;
                }
            }
            Map<String, Integer> localIndices = new LinkedHashMap<>();
            for (String domain : local) {
                localIndices.put(domain, indices.get(domain));
            }
            this.receiver = new FederationReceiver(aeron, this.endpoint, sharedDriver, localIndices, indices, links, rings,
                    this::acknowledge);
        } catch (RuntimeException e) {
            links.forEach(PeerLink::close);
            throw e;
        }
        this.runner = new AgentRunner(AeronMedia.idleStrategy(), t -> LOG.warn("federation receiver error", t), null,
                receiver);
        AgentRunner.startOnThread(runner, r -> {
            Thread thread = new Thread(r, "starling-federation-receiver");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The endpoint this process listens on. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public synchronized FederationPort[] join(String domain, int index, IntConsumer wakeShard,
                                              FederationCounters[] counters, FederationJournal[] journals) {
        if (!Integer.valueOf(index).equals(indices.get(domain)) || linkOf[index] != null) {
            throw new IllegalStateException(domain + " joins with index " + index + ", configured "
                    + indices.get(domain));
        }
        InboundRing ring = new InboundRing(ringSize, counters.length, wakeShard);
        localAcknowledgements.join(index, counters.length);
        remoteAcknowledgements.set(index, new AtomicLongArray(counters.length * MAX_INSTANCES));
        long[] epochs = new long[counters.length];
        for (int shard = 0; shard < epochs.length; shard++) {
            epochs[shard] = journals == null ? 0 : journals[shard].epoch();
        }
        this.epochs.set(index, epochs);
        FederationPort[] ports = new FederationPort[counters.length];
        for (int shard = 0; shard < ports.length; shard++) {
            ports[shard] = new ProtocolEndpoint(index, shard, this, ring.inbox(shard), counters[shard],
                    journals == null ? null : journals[shard]);
        }
        rings.set(index, ring); // last: the receiver and local senders deliver once it is set
        return ports;
    }

    @Override
    public int indexOf(String domain) {
        Integer index = indices.get(domain);
        return index == null ? -1 : index;
    }

    @Override
    public int requiredIndex(String domain) {
        return indexOf(domain);
    }

    @Override
    public int shardOfName(int instance, String localName) {
        InboundRing ring = rings.get(instance);
        return ring == null ? FederationFrame.BY_NAME : dev.starling.engine.store.Ids.shardOfName(localName, ring.shards());
    }

    @Override
    public boolean deployed(int instance) {
        return instance >= 0 && instance < MAX_INSTANCES && (rings.get(instance) != null || linkOf[instance] != null);
    }

    @Override
    public boolean tryPublish(int destination, FederationEvent event, boolean wake) {
        PeerLink link = linkOf[destination];
        if (link == null) {
            long position = rings.get(destination).tryPublish(event, wake);
            if (position < 0) {
                return false;
            }
            localAcknowledgements.published(destination, event, position);
            return true;
        }
        return receiver.offer(link, destination, event);
    }

    @Override
    public long acknowledged(int destination, int from, int fromShard) {
        if (linkOf[destination] == null) {
            return localAcknowledgements.acknowledged(destination, from, fromShard, rings.get(destination));
        }
        AtomicLongArray acknowledged = remoteAcknowledgements.get(from);
        int slot = fromShard * MAX_INSTANCES + destination;
        return acknowledged == null || slot >= acknowledged.length() ? 0 : acknowledged.get(slot);
    }

    /** On the receiver's thread: a peer instance acknowledged a stream of a local shard. */
    private void acknowledge(int from, int fromShard, int destination, long epoch, long sequence) {
        AtomicLongArray acknowledged = from >= 0 && from < MAX_INSTANCES ? remoteAcknowledgements.get(from) : null;
        long[] shardEpochs = from >= 0 && from < MAX_INSTANCES ? epochs.get(from) : null;
        int slot = fromShard * MAX_INSTANCES + destination;
        if (acknowledged != null && fromShard >= 0 && slot < acknowledged.length()
                && shardEpochs[fromShard] == epoch) { // else an acknowledgement of numbers this journal never gave
            acknowledged.accumulateAndGet(slot, sequence, Math::max);
        }
    }

    @Override
    public long resendAfterNanos() {
        return RESEND_AFTER_NS;
    }

    @Override
    public boolean sleepsBetweenRetries() {
        return true;
    }

    /**
     * Every local instance's events are accounted for: those sent to other processes were taken
     * in by them ({@code LinkStatus}), and the rest balance those handled here less those that
     * came from other processes.
     */
    @Override
    public boolean balanced(long sent, long handled) {
        long received = receiver.received(); // read after handled: an event taken in between unbalances
        long crossed = 0;
        for (PeerLink link : links) {
            if (!link.settled()) {
                return false;
            }
            crossed += link.crossed();
        }
        return sent - crossed == handled - received;
    }

    /** Per peer endpoint: whether its link is up. */
    public Map<String, Boolean> linksUp() {
        Map<String, Boolean> up = new LinkedHashMap<>();
        for (PeerLink link : links) {
            up.put(link.endpoint(), link.open());
        }
        return up;
    }

    /** The peer endpoints whose link is up over IPC (the peer shares this process's media driver). */
    public List<String> linksOverIpc() {
        List<String> overIpc = new ArrayList<>();
        for (PeerLink link : links) {
            if (link.overIpc()) {
                overIpc.add(link.endpoint());
            }
        }
        return overIpc;
    }

    /** Events and link messages dropped because they came from no configured peer. */
    public long rejected() {
        return receiver.rejected();
    }

    /** The domain with index {@code index}, or null. */
    String domainOf(int index) {
        return index >= 0 && index < MAX_INSTANCES ? domainOf[index] : null;
    }

    @Override
    public void close() {
        runner.close();
        links.forEach(PeerLink::close);
        receiver.closeSubscription();
    }
}
