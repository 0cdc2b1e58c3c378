package dev.starling.federation.aeron;

import dev.starling.engine.store.Ids;
import dev.starling.federation.protocol.FederationEvent;
import dev.starling.federation.protocol.InboundRing;
import dev.starling.federation.protocol.PublishedEvents;
import dev.starling.federation.protocol.codecs.LinkAckDecoder;
import dev.starling.federation.protocol.codecs.LinkAckEncoder;
import dev.starling.federation.protocol.codecs.FollowRequestDecoder;
import dev.starling.federation.protocol.codecs.LinkHelloDecoder;
import dev.starling.federation.protocol.codecs.LinkHelloEncoder;
import dev.starling.federation.protocol.codecs.LinkStatusDecoder;
import dev.starling.federation.protocol.codecs.LinkStatusEncoder;
import dev.starling.federation.protocol.codecs.MessageHeaderDecoder;
import dev.starling.federation.protocol.codecs.MessageHeaderEncoder;
import dev.starling.federation.protocol.codecs.ProfileRequestDecoder;
import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The Aeron federation's agent, on its own thread: polls the process's federation subscription
 * (UDP on its endpoint, and on a shared media driver its IPC stream too) and copies each event of a known peer into the receiving instance's {@link InboundRing}
 * (leaving it in Aeron's buffer while the ring is full), opens and closes the {@link PeerLink}s
 * as their peers come and go, and tells each peer up to where it took in its events.
 *
 * <p>Numbered events (deliveries) are passed on per stream in order and without gaps: one
 * whose number is not the next expected is dropped (the sender sends again from its oldest
 * unacknowledged one), and after this process starts, a stream is taken up only at the
 * sender's floor. Every millisecond it tells each stream's sender, with a {@code LinkAck}, the
 * highest number up to which the stream's events were handled by the receiving shards (so
 * applied, their effects in the stores); acknowledgements from peers go to the local sending
 * shards.
 *
 * <p>A link is heard once its first message, a {@code LinkHello}, names configured peer
 * instances with their indices and the endpoint they are configured at, and comes from that
 * endpoint's host; events of any other link, or for instances the hello did not name, are
 * counted ({@link #rejected}) and dropped.
 */
final class FederationReceiver implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(FederationReceiver.class);
    private static final int FRAGMENTS = 64;
    private static final long STATUS_INTERVAL_NS = 1_000_000;
    /** Where a hello's {@code sessionId} (its first field) lies in the frame. */
    private static final int HELLO_SESSION_AT = FederationFrame.LENGTH + MessageHeaderEncoder.ENCODED_LENGTH;

    private final Listener udp;
    /** The IPC stream of a shared media driver, or null. */
    private final Listener ipc;
    private final Map<String, Integer> indices;
    private final List<PeerLink> links;
    private final AtomicReferenceArray<InboundRing> rings;
    /**
     * Per Aeron session (one peer's publication; keyed by {@link #key}, as IPC sessions and UDP
     * sessions of other drivers are numbered apart): what its hello allowed, and how far its events
     * were taken in.
     */
    private final Long2ObjectHashMap<Heard> heard = new Long2ObjectHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final LinkHelloDecoder helloDecoder = new LinkHelloDecoder();
    private final LinkStatusDecoder statusDecoder = new LinkStatusDecoder();
    private final LinkStatusEncoder statusEncoder = new LinkStatusEncoder();
    private final FollowRequestDecoder followRequest = new FollowRequestDecoder();
    private final ProfileRequestDecoder profileRequest = new ProfileRequestDecoder();
    private final ExpandableArrayBuffer hello = new ExpandableArrayBuffer(256);
    private final UnsafeBuffer status = new UnsafeBuffer(new byte[128]);
    private final LinkAckDecoder ackDecoder = new LinkAckDecoder();
    private final LinkAckEncoder ackEncoder = new LinkAckEncoder();
    private final UnsafeBuffer ack = new UnsafeBuffer(new byte[128]);
    /** Per stream of numbered events (receiving instance, sending instance and shard): see {@link Stream}. */
    private final Long2ObjectHashMap<Stream> streams = new Long2ObjectHashMap<>();
    private final Acknowledgements acknowledgements;
    private final int helloLength;
    private long nextStatus;

    /**
     * @param sharedDriver whether the media driver is an external one other processes may share:
     *                     events are then also taken from this endpoint's IPC stream
     */
    FederationReceiver(Aeron aeron, String endpoint, boolean sharedDriver, Map<String, Integer> local,
                       Map<String, Integer> indices, List<PeerLink> links, AtomicReferenceArray<InboundRing> rings,
                       Acknowledgements acknowledgements) {
        this.acknowledgements = acknowledgements;
        this.indices = indices;
        this.links = links;
        this.rings = rings;
        // IPC first: a peer on the same driver then finds it before its UDP publication connects
        this.ipc = sharedDriver ? new Listener(aeron, Endpoints.IPC, Endpoints.ipcStream(endpoint), true) : null;
        try {
            this.udp = new Listener(aeron, Endpoints.udp(endpoint), Endpoints.FEDERATION_STREAM, false);
        } catch (RuntimeException e) {
            if (ipc != null) {
                ipc.subscription.close();
            }
            throw e;
        }
        LinkHelloEncoder encoder = new LinkHelloEncoder();
        FederationFrame.write(hello, FederationFrame.LINK, 0, 0);
        LinkHelloEncoder.InstancesEncoder entries = encoder.wrapAndApplyHeader(hello, FederationFrame.LENGTH, headerEncoder)
                .sessionId(0).instancesCount(local.size());
        local.forEach((domain, index) -> entries.next().index(index).domain(domain));
        encoder.endpoint(endpoint);
        this.helloLength = FederationFrame.LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    @Override
    public String roleName() {
        return "federation-receiver";
    }

    @Override
    public int doWork() {
        int work = udp.poll();
        if (ipc != null) {
            work += ipc.poll();
        }
        long now = System.nanoTime();
        for (PeerLink link : links) {
            work += link.maintain(hello, HELLO_SESSION_AT, helloLength, now);
        }
        if (now - nextStatus >= 0) {
            nextStatus = now + STATUS_INTERVAL_NS;
            work += sendStatuses();
            work += sendAcknowledgements();
        }
        return work;
    }

    /** Offers a federation event to a peer link (called by sending shards, on their threads). */
    boolean offer(PeerLink link, int destination, FederationEvent event) {
        return link.offer(destination, event.shard, event.from, event.fromShard, event.sequence, event.floor,
                event.epoch, event.bytes(), event.encodedLength());
    }

    /** Messages dropped by {@link #reject} (this agent's thread only). */
    private long droppedMessages;

    /** One fragment from a peer's publication, taken in over IPC ({@code overIpc}) or UDP. */
    private Action onFragment(Listener on, DirectBuffer buffer, int offset, int length, Header fragmentHeader) {
        int destination = FederationFrame.destination(buffer, offset);
        int sessionId = fragmentHeader.sessionId();
        int at = offset + FederationFrame.LENGTH;
        int messageLength = length - FederationFrame.LENGTH;
        if (destination == FederationFrame.LINK) {
            onLinkMessage(on, sessionId, buffer, at);
            return Action.CONTINUE;
        }
        Heard from = heard(key(on, sessionId));
        int sender = FederationFrame.from(buffer, offset);
        InboundRing ring = destination >= 0 && destination < rings.length() ? rings.get(destination) : null;
        if (sender < 0 || sender >= 64 || (from.instances & (1L << sender)) == 0 || ring == null) {
            from.position = fragmentHeader.position();
            reject("an event for instance " + destination + " from instance " + sender + " on session " + sessionId);
            return Action.CONTINUE;
        }
        int shard = FederationFrame.shard(buffer, offset);
        shard = shard == FederationFrame.BY_NAME ? shardByName(buffer, at, ring.shards()) : shard % ring.shards();
        int fromShard = FederationFrame.fromShard(buffer, offset);
        long sequence = FederationFrame.sequence(buffer, offset);
        long epoch = FederationFrame.epoch(buffer, offset);
        Stream stream = null;
        if (sequence != 0) {
            stream = stream(destination, sender, fromShard, epoch, from.backLink);
            long floor = FederationFrame.floor(buffer, offset);
            if (stream.expected == 0 ? sequence != floor : sequence != stream.expected) {
                // Out of order: a copy of one passed on already (sent again), or one after a gap
                // (events lost while a process restarted). Dropped; the sender sends again from
                // the oldest it has no acknowledgement for, which it is told again now.
                stream.reported = 0;
                from.position = fragmentHeader.position();
                return Action.CONTINUE;
            }
        }
        long position = ring.tryPublish(shard, sender, fromShard, sequence, FederationFrame.floor(buffer, offset),
                epoch, buffer, at, messageLength);
        if (position < 0) {
            return Action.ABORT; // stays in Aeron's buffer until the ring has room
        }
        if (stream != null) {
            stream.expected = sequence + 1;
            stream.published.published(position, sequence);
        }
        from.position = fragmentHeader.position();
        received.incrementAndGet();
        return Action.CONTINUE;
    }

    private Stream stream(int destination, int from, int fromShard, long epoch, PeerLink backLink) {
        long key = (long) (destination * 64 + from) << 32 | (fromShard & 0xFFFFFFFFL);
        Stream stream = streams.get(key);
        if (stream == null || stream.epoch != epoch) { // new, or the sender's stores were made afresh
            stream = new Stream(destination, from, fromShard, epoch);
            streams.put(key, stream);
        }
        stream.backLink = backLink;
        return stream;
    }

    /**
     * Tells each sending shard, over the link back to its process, up to which number its stream
     * was applied here: every event of it up to that number was handled by its shard (the
     * receiving ring's handled position passed it), so its effect is in the stores.
     */
    private int sendAcknowledgements() {
        int sent = 0;
        for (Stream stream : streams.values()) {
            InboundRing ring = rings.get(stream.destination);
            long acknowledged = stream.published.acknowledged(ring.handledThrough());
            if (acknowledged == 0 || acknowledged == stream.reported || stream.backLink == null
                    || !stream.backLink.open()) {
                continue;
            }
            FederationFrame.write(ack, FederationFrame.LINK, 0, 0);
            ackEncoder.wrapAndApplyHeader(ack, FederationFrame.LENGTH, headerEncoder)
                    .destination(stream.destination).from(stream.from).fromShard(stream.fromShard)
                    .epoch(stream.epoch).sequence(acknowledged);
            int length = FederationFrame.LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + ackEncoder.encodedLength();
            if (stream.backLink.offerLinkMessage(ack, length)) {
                stream.reported = acknowledged;
                sent++;
            }
        }
        return sent;
    }

    private Heard heard(long key) {
        Heard h = heard.get(key);
        if (h == null) {
            h = new Heard();
            heard.put(key, h);
        }
        return h;
    }

    /** A session's key in {@link #heard}: its number, and whether it came over IPC. */
    private static long key(Listener on, int sessionId) {
        return (on.overIpc ? 1L << 32 : 0) | (sessionId & 0xFFFF_FFFFL);
    }

    /** The shard holding the user a follow or profile request names. */
    private int shardByName(DirectBuffer buffer, int at, int shards) {
        header.wrap(buffer, at);
        int body = at + MessageHeaderDecoder.ENCODED_LENGTH;
        String name = switch (header.templateId()) {
            case FollowRequestDecoder.TEMPLATE_ID ->
                    followRequest.wrap(buffer, body, header.blockLength(), header.version()).targetName();
            case ProfileRequestDecoder.TEMPLATE_ID ->
                    profileRequest.wrap(buffer, body, header.blockLength(), header.version()).name();
            default -> "";
        };
        return Ids.shardOfName(name, shards);
    }

    private void onLinkMessage(Listener on, int sessionId, DirectBuffer buffer, int at) {
        header.wrap(buffer, at);
        int body = at + MessageHeaderDecoder.ENCODED_LENGTH;
        if (header.templateId() == LinkHelloDecoder.TEMPLATE_ID) {
            onHello(on, sessionId, helloDecoder.wrap(buffer, body, header.blockLength(), header.version()));
        } else if (header.templateId() == LinkStatusDecoder.TEMPLATE_ID) {
            LinkStatusDecoder s = statusDecoder.wrap(buffer, body, header.blockLength(), header.version());
            Heard h = heard.get(key(on, sessionId));
            if (h == null || h.backLink == null) {
                reject("a link status on unknown session " + sessionId);
                return;
            }
            int acknowledged = s.sessionId();
            long position = s.position();
            for (PeerLink link : links) {
                if (link.sessionId() == acknowledged) {
                    link.acknowledge(position);
                }
            }
        } else if (header.templateId() == LinkAckDecoder.TEMPLATE_ID) {
            LinkAckDecoder a = ackDecoder.wrap(buffer, body, header.blockLength(), header.version());
            Heard h = heard.get(key(on, sessionId));
            int destination = a.destination();
            if (h == null || h.backLink == null || destination < 0 || destination >= 64
                    || (h.instances & (1L << destination)) == 0) {
                reject("an acknowledgement on unknown session " + sessionId);
                return;
            }
            int acknowledgedFrom = a.from();
            int acknowledgedShard = a.fromShard();
            long epoch = a.epoch();
            acknowledgements.acknowledge(acknowledgedFrom, acknowledgedShard, destination, epoch, a.sequence());
        } else {
            reject("link message " + header.templateId() + " on session " + sessionId);
        }
    }

    private void onHello(Listener on, int sessionId, LinkHelloDecoder m) {
        int claimedSession = m.sessionId();
        long instances = 0;
        String refusal = null;
        StringBuilder named = new StringBuilder();
        PeerLink backLink = null;
        for (LinkHelloDecoder.InstancesDecoder entry : m.instances()) {
            int index = entry.index();
            String domain = entry.domain();
            named.append(named.length() == 0 ? "" : ",").append(domain);
            PeerLink configured = linkServing(domain);
            Integer expected = indices.get(domain);
            if (configured == null || expected == null || expected != index) {
                refusal = domain + " (index " + index + ") is not a configured peer";
            } else {
                backLink = configured;
                instances |= 1L << index;
            }
        }
        String endpoint = m.endpoint();
        Image image = on.subscription.imageBySessionId(sessionId);
        if (refusal == null && backLink != null && !backLink.endpoint().equals(endpoint)) {
            refusal = "it says it listens on " + endpoint + ", configured at " + backLink.endpoint();
        }
        if (refusal == null && backLink != null && image != null
                && !(on.overIpc ? Endpoints.onThisHost(Endpoints.host(endpoint)) : sameHost(image.sourceIdentity(), endpoint))) {
            refusal = "it sends from " + image.sourceIdentity() + ", configured at " + endpoint;
        }
        if (refusal == null && claimedSession != sessionId) {
            refusal = "its hello names session " + claimedSession + " on session " + sessionId;
        }
        Heard h = heard(key(on, sessionId));
        if (refusal != null || instances == 0) {
            h.instances = 0;
            h.backLink = null;
            rejected.incrementAndGet();
            if (!h.refused) { // its hello comes again every second: said once
                h.refused = true;
                LOG.warn("refused a federation link from {} naming {}: {}", image == null ? "?" : image.sourceIdentity(),
                        named, refusal == null ? "no instances" : refusal);
            }
            return;
        }
        boolean known = h.instances == instances;
        h.instances = instances;
        h.backLink = backLink;
        if (image != null && h.position < image.joinPosition()) {
            // a process that (re)started joins the peer's stream where it stands: what came
            // before was never its to take in, and reporting less would keep the peer unsettled
            h.position = image.joinPosition();
        }
        if (!known) {
            LOG.info("federation link from {} {} up over {}", named, endpoint, on.overIpc ? "IPC" : "UDP");
        }
    }

    private PeerLink linkServing(String domain) {
        for (PeerLink link : links) {
            if (link.domains().contains(domain)) {
                return link;
            }
        }
        return null;
    }

    private static boolean sameHost(String sourceIdentity, String endpoint) {
        if (sourceIdentity == null) {
            return false;
        }
        InetAddress source = Endpoints.address(Endpoints.host(sourceIdentity));
        InetAddress configured = Endpoints.address(Endpoints.host(endpoint));
        if (source == null || configured == null) {
            return false;
        }
        return source.equals(configured) || (source.isLoopbackAddress() && configured.isLoopbackAddress());
    }

    /** Tells each heard peer, over the link back to it, up to where its events were taken in. */
    private int sendStatuses() {
        int sent = 0;
        for (Long2ObjectHashMap<Heard>.EntryIterator it = heard.entrySet().iterator(); it.hasNext(); ) {
            it.next();
            Heard h = it.getValue();
            int sessionId = (int) it.getLongKey();
            if (h.backLink == null || h.position == h.reported || !h.backLink.open()) {
                continue;
            }
            FederationFrame.write(status, FederationFrame.LINK, 0, 0);
            statusEncoder.wrapAndApplyHeader(status, FederationFrame.LENGTH, headerEncoder)
                    .sessionId(sessionId).position(h.position);
            int length = FederationFrame.LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + statusEncoder.encodedLength();
            if (h.backLink.offerLinkMessage(status, length)) {
                h.reported = h.position;
                sent++;
            }
        }
        return sent;
    }

    /**
     * Counts and drops; logs the first few, then one in 10,000. The throttle counts dropped
     * messages only: refused hellos, which repeat every second, are logged once per link instead
     * and must not use up the first lines an event would get.
     */
    private void reject(String what) {
        long n = rejected.incrementAndGet();
        long dropped = ++droppedMessages;
        if (dropped <= 10 || dropped % 10_000 == 0) {
            LOG.warn("dropped {} (not from a configured peer); {} dropped so far", what, n);
        }
    }

    /** Events from other processes copied into local rings. */
    long received() {
        return received.get();
    }

    long rejected() {
        return rejected.get();
    }

    /** Where acknowledgements from peers go: to the sending shards of this process. */
    interface Acknowledgements {
        /**
         * Instance {@code destination} applied every event of the stream from shard {@code
         * fromShard} of local instance {@code from}, numbered in {@code epoch}, up to {@code sequence}.
         */
        void acknowledge(int from, int fromShard, int destination, long epoch, long sequence);
    }

    /**
     * One stream of numbered events from a peer (its instance and shard) to a local instance:
     * the next number to pass on (0 until one was: the first passed on must then be the
     * sender's floor, so nothing before it is missing), the events passed on and not yet seen
     * handled, and the last number acknowledged to the sender.
     */
    private static final class Stream {
        final int destination;
        final int from;
        final int fromShard;
        final long epoch;
        final PublishedEvents published = new PublishedEvents();
        long expected;
        long reported;
        PeerLink backLink;

        Stream(int destination, int from, int fromShard, long epoch) {
            this.epoch = epoch;
            this.destination = destination;
            this.from = from;
            this.fromShard = fromShard;
        }
    }

    void closeSubscription() {
        udp.subscription.close();
        if (ipc != null) {
            ipc.subscription.close();
        }
    }

    /** One subscription the receiver polls (UDP on the endpoint, or the IPC stream of a shared driver). */
    private final class Listener implements ControlledFragmentHandler {
        final Subscription subscription;
        final boolean overIpc;
        private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this);

        Listener(Aeron aeron, String channel, int stream, boolean overIpc) {
            this.overIpc = overIpc;
            this.subscription = aeron.addSubscription(channel, stream,
                    image -> LOG.debug("federation image {} from {}", image.sessionId(), image.sourceIdentity()),
                    image -> LOG.info("federation link from {} down", image.sourceIdentity()));
        }

        int poll() {
            return subscription.controlledPoll(assembler, FRAGMENTS);
        }

        @Override
        public Action onFragment(DirectBuffer buffer, int offset, int length, Header header) {
            return FederationReceiver.this.onFragment(this, buffer, offset, length, header);
        }
    }

    /**
     * One peer publication's session: the instances its hello allowed (none before a valid hello),
     * the link back to its process, and the stream position after its newest event taken in
     * (or dropped), reported back to it.
     */
    private static final class Heard {
        long instances;
        PeerLink backLink;
        long position;
        long reported = -1;
        boolean refused;
    }
}
