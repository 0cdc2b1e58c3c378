package dev.starling.federation.remote;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.federation.aeron.Endpoints;
import dev.starling.federation.aeron.PathChoice;
import dev.starling.federation.remote.codecs.ClientHelloEncoder;
import dev.starling.federation.remote.codecs.Cursor;
import dev.starling.federation.remote.codecs.DoneAnswerDecoder;
import dev.starling.federation.remote.codecs.FailureAnswerDecoder;
import dev.starling.federation.remote.codecs.FollowRequestEncoder;
import dev.starling.federation.remote.codecs.LogInRequestEncoder;
import dev.starling.federation.remote.codecs.MessageAnswerDecoder;
import dev.starling.federation.remote.codecs.MessageHeaderDecoder;
import dev.starling.federation.remote.codecs.MessageHeaderEncoder;
import dev.starling.federation.remote.codecs.PageAnswerDecoder;
import dev.starling.federation.remote.codecs.PageRequestEncoder;
import dev.starling.federation.remote.codecs.BroadcastAnswerDecoder;
import dev.starling.federation.remote.codecs.BroadcastRequestEncoder;
import dev.starling.federation.remote.codecs.QuiescentAnswerDecoder;
import dev.starling.spi.BroadcastSpread;
import dev.starling.federation.remote.codecs.QuiescentRequestEncoder;
import dev.starling.federation.remote.codecs.RegisterRequestEncoder;
import dev.starling.federation.remote.codecs.SendRequestEncoder;
import dev.starling.federation.remote.codecs.SessionAnswerDecoder;
import dev.starling.federation.remote.codecs.StatsAnswerDecoder;
import dev.starling.federation.remote.codecs.StatsRequestEncoder;
import dev.starling.spi.InstanceStats;
import dev.starling.spi.RequestType;
import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A client's connection to one served process, run as an agent: requests are encoded on the
 * caller's thread and offered on the publication to the process's endpoint (stream {@link
 * Endpoints#REQUEST_STREAM}); one that finds no room, or a connection whose hello has not gone
 * out yet, is queued and offered by the agent. The agent polls the answers (on an endpoint of
 * this process, port picked by the system), completes each call by its correlation id, and fails
 * calls still unanswered after the timeout with {@code TIMEOUT}.
 *
 * <p>On an external media driver that the served process may share, with the process on this
 * host, the client also has an IPC publication to the process's IPC request stream ({@link
 * Endpoints#ipcRequestStream}) and an IPC subscription for its answers (a stream of its own, from
 * a number unique on the driver): when the IPC publication connects (the
 * process shares the driver) the client greets and sends over IPC, otherwise over UDP once that
 * has been connected a quarter of a second; it keeps the path it greeted on until it loses it.
 */
final class ApiClient implements Agent, FragmentHandler {

    private static final int FRAGMENTS = 64;
    private static final long HELLO_INTERVAL_NS = 1_000_000_000L;
    private static final ThreadLocal<Requests> REQUESTS = ThreadLocal.withInitial(Requests::new);

    private final String endpoint;
    private final long timeoutNs;
    private final long clientId = ThreadLocalRandom.current().nextLong();
    private final Publication udpRequests;
    private final Subscription udpAnswers;
    /** Over a shared driver to a process on this host, or null. */
    private final Publication ipcRequests;
    private final Subscription ipcAnswers;
    /** The publication the client greeted on (the UDP one until then). */
    private volatile Publication requests;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final FragmentAssembler ipcAssembler = new FragmentAssembler(this);
    private final PathChoice choice;
    private final Map<Long, Call<?>> calls = new ConcurrentHashMap<>();
    private final ManyToOneConcurrentLinkedQueue<byte[]> queued = new ManyToOneConcurrentLinkedQueue<>();
    private final AtomicLong correlations = new AtomicLong();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final SessionAnswerDecoder sessionAnswer = new SessionAnswerDecoder();
    private final DoneAnswerDecoder doneAnswer = new DoneAnswerDecoder();
    private final MessageAnswerDecoder messageAnswer = new MessageAnswerDecoder();
    private final PageAnswerDecoder pageAnswer = new PageAnswerDecoder();
    private final FailureAnswerDecoder failureAnswer = new FailureAnswerDecoder();
    private final QuiescentAnswerDecoder quiescentAnswer = new QuiescentAnswerDecoder();
    private final StatsAnswerDecoder statsAnswer = new StatsAnswerDecoder();
    private final BroadcastAnswerDecoder broadcastAnswer = new BroadcastAnswerDecoder();
    private final ExpandableArrayBuffer hello = new ExpandableArrayBuffer(128);
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private volatile boolean greeted;
    private volatile boolean closed;
    private int helloLength;
    private long nextHello;
    private long nextExpiry;

    /**
     * @param endpoint     the served process's {@code host:port}
     * @param sharedDriver whether {@code aeron}'s media driver is an external one the served
     *                     process may share (the client then tries IPC to a process on this host)
     */
    ApiClient(Aeron aeron, String endpoint, long timeoutNs, boolean sharedDriver) {
        this.endpoint = endpoint;
        this.timeoutNs = timeoutNs;
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            this.udpRequests = opened(opened, aeron.addPublication(Endpoints.udp(endpoint), Endpoints.REQUEST_STREAM));
            this.udpAnswers = opened(opened, aeron.addSubscription(Endpoints.udp(localAddressTowards(endpoint) + ":0"),
                    Endpoints.ANSWER_STREAM));
            if (sharedDriver && Endpoints.onThisHost(Endpoints.host(endpoint))) {
                // shared with other clients of the driver (each request names its client); the
                // answers come on a stream of this client's own
                this.ipcRequests = opened(opened, aeron.addPublication(Endpoints.IPC, Endpoints.ipcRequestStream(endpoint)));
                this.ipcAnswers = opened(opened, aeron.addSubscription(Endpoints.IPC,
                        Endpoints.ipcAnswerStream(aeron.nextCorrelationId())));
            } else {
                this.ipcRequests = null;
                this.ipcAnswers = null;
            }
        } catch (RuntimeException e) {
            for (AutoCloseable resource : opened) {
                org.agrona.CloseHelper.quietClose(resource);
            }
            throw e;
        }
        this.requests = udpRequests;
        this.choice = new PathChoice(udpRequests, ipcRequests);
    }

    private static <T extends AutoCloseable> T opened(List<AutoCloseable> opened, T resource) {
        opened.add(resource);
        return resource;
    }

    /** The address of this host that reaches {@code endpoint}'s host (loopback for a loopback endpoint). */
    private static String localAddressTowards(String endpoint) {
        InetAddress server = Endpoints.address(Endpoints.host(endpoint));
        if (server == null) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "cannot resolve " + endpoint);
        }
        if (server.isLoopbackAddress()) {
            return server.getHostAddress();
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(server, 9));
            return probe.getLocalAddress().getHostAddress();
        } catch (java.io.IOException e) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "no route to " + endpoint + ": " + e.getMessage());
        }
    }

    @Override
    public String roleName() {
        return "api-client-" + endpoint;
    }

    @Override
    public int doWork() {
        int work = udpAnswers.poll(assembler, FRAGMENTS);
        if (ipcAnswers != null) {
            work += ipcAnswers.poll(ipcAssembler, FRAGMENTS);
        }
        long now = System.nanoTime();
        if (greeted && !requests.isConnected()) {
            greeted = false;
        }
        if (!greeted) {
            Publication pick = choice.pick(now);
            if (pick != null) {
                if (pick != requests) {
                    requests = pick;
                    helloLength = 0;
                }
                work += sayHello(now);
            }
        } else if (now - nextHello >= 0) {
            work += sayHello(now);
        }
        if (greeted) {
            byte[] next;
            while ((next = queued.peek()) != null) {
                view.wrap(next);
                if (requests.offer(view, 0, next.length) < 0) {
                    break;
                }
                queued.poll();
                work++;
            }
        }
        if (now - nextExpiry >= 0) {
            nextExpiry = now + 1_000_000;
            for (Call<?> call : calls.values()) {
                if (now - call.deadline >= 0 && calls.remove(call.correlation) != null) {
                    call.future.completeExceptionally(new StarlingException(ErrorCode.TIMEOUT,
                            "no answer from " + endpoint + " within " + timeoutNs / 1_000_000 + " ms"));
                    work++;
                }
            }
        }
        return work;
    }

    private int sayHello(long now) {
        if (helloLength == 0) {
            String answersAt;
            if (requests == ipcRequests) {
                answersAt = Endpoints.ipcAnswers(ipcAnswers.streamId());
            } else {
                String resolved = udpAnswers.tryResolveChannelEndpointPort();
                if (resolved == null) {
                    return 0;
                }
                answersAt = ChannelUri.parse(resolved).get("endpoint");
            }
            ClientHelloEncoder encoder = new ClientHelloEncoder();
            encoder.wrapAndApplyHeader(hello, 0, new MessageHeaderEncoder()).clientId(clientId).endpoint(answersAt);
            helloLength = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        }
        if (requests.offer(hello, 0, helloLength) > 0) {
            greeted = true;
            nextHello = now + HELLO_INTERVAL_NS;
            return 1;
        }
        return 0;
    }

    /** True once the process answered can be reached (connected and greeted). */
    boolean connected() {
        return greeted;
    }

    /** True when greeted over IPC (the served process shares this client's media driver). */
    boolean overIpc() {
        return greeted && requests == ipcRequests;
    }

    // ------------------------------------------------------------------------------ requests

    CompletableFuture<String> register(String domain, String name) {
        return call(r -> r.register.wrapAndApplyHeader(r.buffer, 0, r.header)
                .clientId(clientId).correlation(r.correlation).domain(domain).name(name).encodedLength());
    }

    CompletableFuture<String> logIn(String domain, String name) {
        return call(r -> r.logIn.wrapAndApplyHeader(r.buffer, 0, r.header)
                .clientId(clientId).correlation(r.correlation).domain(domain).name(name).encodedLength());
    }

    CompletableFuture<Void> follow(String user, String target) {
        return call(r -> r.follow.wrapAndApplyHeader(r.buffer, 0, r.header)
                .clientId(clientId).correlation(r.correlation).user(user).target(target).encodedLength());
    }

    CompletableFuture<Message> send(String user, String text) {
        return call(r -> r.send.wrapAndApplyHeader(r.buffer, 0, r.header)
                .clientId(clientId).correlation(r.correlation).user(user).text(text).encodedLength());
    }

    /** A page of {@code user}'s timeline (empty {@code target}) or of {@code target}'s profile. */
    CompletableFuture<List<Message>> page(String user, String target, int limit, Cursor cursor, long beforeMicros,
                                          long beforeId) {
        return call(r -> r.page.wrapAndApplyHeader(r.buffer, 0, r.header)
                .clientId(clientId).correlation(r.correlation).pageSize(limit).cursor(cursor)
                .beforeMicros(beforeMicros).beforeId(beforeId).user(user).target(target).encodedLength());
    }

    CompletableFuture<Boolean> quiescent() {
        return call(r -> r.quiescent.wrapAndApplyHeader(r.buffer, 0, r.header)
                .clientId(clientId).correlation(r.correlation).encodedLength());
    }

    CompletableFuture<InstanceStats> stats(String domain) {
        CompletableFuture<InstanceStats> stats = call(r -> r.stats.wrapAndApplyHeader(r.buffer, 0, r.header)
                .clientId(clientId).correlation(r.correlation).domain(domain).encodedLength());
        return stats.thenApply(s -> new InstanceStats(domain, s.requestsDone(), s.ringBacklog(), s.shardBacklog(),
                s.handOvers(), s.faults(), s.federationBacklog(), s.deliveriesSent(), s.deliveriesReceived(),
                s.remoteTimeouts(), s.timelineReads(), s.outOfOrderReads()));
    }

    /**
     * One page of the process's broadcast spreads, from index {@code from}, with the number it
     * holds; or, with {@code clear}, forgets them (an empty page).
     */
    CompletableFuture<SpreadPage> broadcast(int from, boolean clear) {
        return call(r -> r.broadcast.wrapAndApplyHeader(r.buffer, 0, r.header)
                .clientId(clientId).correlation(r.correlation).from(from).clear((short) (clear ? 1 : 0)).encodedLength());
    }

    /** A page of a process's broadcast spreads, and how many it held. */
    record SpreadPage(List<BroadcastSpread> spreads, int total) {
    }

    /** Registers a call, encodes its request on this thread and offers it (or queues it for the agent). */
    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> call(Function<Requests, Integer> encode) {
        if (closed) {
            return CompletableFuture.failedFuture(new StarlingException(ErrorCode.CLOSED, "the deployment is closed"));
        }
        Requests r = REQUESTS.get();
        r.correlation = correlations.incrementAndGet();
        Call<T> call = new Call<>(r.correlation, System.nanoTime() + timeoutNs);
        int length;
        try {
            length = MessageHeaderEncoder.ENCODED_LENGTH + encode.apply(r);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new StarlingException(ErrorCode.INVALID_ARGUMENT,
                    "cannot encode the request: " + e.getMessage()));
        }
        calls.put(call.correlation, call);
        if (!greeted || !queued.isEmpty() || requests.offer(r.buffer, 0, length) < 0) {
            byte[] copy = new byte[length];
            r.buffer.getBytes(0, copy);
            queued.offer(copy);
        }
        return (CompletableFuture<T>) call.future;
    }

    // ------------------------------------------------------------------------------- answers

    @Override
    public void onFragment(DirectBuffer buffer, int offset, int length, Header fragmentHeader) {
        header.wrap(buffer, offset);
        int at = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        int block = header.blockLength();
        int version = header.version();
        switch (header.templateId()) {
            case SessionAnswerDecoder.TEMPLATE_ID -> {
                SessionAnswerDecoder m = sessionAnswer.wrap(buffer, at, block, version);
                complete(m.correlation(), m.user());
            }
            case DoneAnswerDecoder.TEMPLATE_ID -> complete(doneAnswer.wrap(buffer, at, block, version).correlation(), null);
            case MessageAnswerDecoder.TEMPLATE_ID -> {
                MessageAnswerDecoder m = messageAnswer.wrap(buffer, at, block, version);
                long correlation = m.correlation();
                long id = m.messageId();
                long stamp = m.stamp();
                complete(correlation, new Message(id, m.sender(), m.text(), stamp));
            }
            case PageAnswerDecoder.TEMPLATE_ID -> {
                PageAnswerDecoder m = pageAnswer.wrap(buffer, at, block, version);
                long correlation = m.correlation();
                List<Message> page = new ArrayList<>();
                for (PageAnswerDecoder.MessagesDecoder e : m.messages()) {
                    long id = e.messageId();
                    long stamp = e.stamp();
                    page.add(new Message(id, e.sender(), e.text(), stamp));
                }
                complete(correlation, page);
            }
            case FailureAnswerDecoder.TEMPLATE_ID -> {
                FailureAnswerDecoder m = failureAnswer.wrap(buffer, at, block, version);
                long correlation = m.correlation();
                int code = m.errorCode();
                ErrorCode error = code >= 0 && code < ErrorCode.values().length ? ErrorCode.values()[code] : ErrorCode.INTERNAL;
                Call<?> call = calls.remove(correlation);
                if (call != null) {
                    call.future.completeExceptionally(new StarlingException(error, m.reason()));
                }
            }
            case QuiescentAnswerDecoder.TEMPLATE_ID -> {
                QuiescentAnswerDecoder m = quiescentAnswer.wrap(buffer, at, block, version);
                complete(m.correlation(), m.quiescent() == 1);
            }
            case StatsAnswerDecoder.TEMPLATE_ID -> {
                StatsAnswerDecoder m = statsAnswer.wrap(buffer, at, block, version);
                long correlation = m.correlation();
                long[] v = {m.ringBacklog(), m.shardBacklog(), m.handOvers(), m.faults(), m.federationBacklog(),
                        m.deliveriesSent(), m.deliveriesReceived(), m.remoteTimeouts(), m.timelineReads(),
                        m.outOfOrderReads()};
                Map<RequestType, Long> done = new EnumMap<>(RequestType.class);
                for (StatsAnswerDecoder.DoneDecoder d : m.done()) {
                    done.put(RequestType.of(d.requestType()), d.answered());
                }
                complete(correlation, new InstanceStats("", done, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
                        v[8], v[9]));
            }
            case BroadcastAnswerDecoder.TEMPLATE_ID -> {
                BroadcastAnswerDecoder m = broadcastAnswer.wrap(buffer, at, block, version);
                long correlation = m.correlation();
                int total = m.total();
                List<BroadcastSpread> spreads = new ArrayList<>();
                for (BroadcastAnswerDecoder.SpreadsDecoder d : m.spreads()) {
                    spreads.add(new BroadcastSpread(d.messageId(), d.stamp(), d.firstSame(), d.lastSame(), d.firstOther(),
                            d.lastOther()));
                }
                complete(correlation, new SpreadPage(spreads, total));
            }
            default -> {
                // not an answer of this protocol: ignored
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void complete(long correlation, Object value) {
        Call<Object> call = (Call<Object>) calls.remove(correlation);
        if (call != null) {
            call.future.complete(value);
        }
    }

    /** Fails every call still waiting (the client is closing). */
    void failAll(StarlingException error) {
        for (Long correlation : calls.keySet()) {
            Call<?> call = calls.remove(correlation);
            if (call != null) {
                call.future.completeExceptionally(error);
            }
        }
    }

    @Override
    public void onClose() {
        closed = true;
        udpRequests.close();
        udpAnswers.close();
        if (ipcRequests != null) {
            ipcRequests.close();
            ipcAnswers.close();
        }
    }

    /** One request waiting for its answer. */
    private static final class Call<T> {
        final long correlation;
        final long deadline;
        final CompletableFuture<T> future = new CompletableFuture<>();

        Call(long correlation, long deadline) {
            this.correlation = correlation;
            this.deadline = deadline;
        }
    }

    /** One caller thread's request encoders and buffer. */
    private static final class Requests {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final RegisterRequestEncoder register = new RegisterRequestEncoder();
        final LogInRequestEncoder logIn = new LogInRequestEncoder();
        final FollowRequestEncoder follow = new FollowRequestEncoder();
        final SendRequestEncoder send = new SendRequestEncoder();
        final PageRequestEncoder page = new PageRequestEncoder();
        final QuiescentRequestEncoder quiescent = new QuiescentRequestEncoder();
        final StatsRequestEncoder stats = new StatsRequestEncoder();
        final BroadcastRequestEncoder broadcast = new BroadcastRequestEncoder();
        long correlation;
    }
}
