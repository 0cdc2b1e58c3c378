package dev.starling.federation.remote;

import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;
import dev.starling.federation.aeron.Endpoints;
import dev.starling.federation.remote.codecs.ClientHelloDecoder;
import dev.starling.federation.remote.codecs.Cursor;
import dev.starling.federation.remote.codecs.FollowRequestDecoder;
import dev.starling.federation.remote.codecs.LogInRequestDecoder;
import dev.starling.federation.remote.codecs.MessageHeaderDecoder;
import dev.starling.federation.remote.codecs.PageRequestDecoder;
import dev.starling.federation.remote.codecs.BroadcastRequestDecoder;
import dev.starling.federation.remote.codecs.QuiescentRequestDecoder;
import dev.starling.spi.BroadcastSpread;
import dev.starling.federation.remote.codecs.RegisterRequestDecoder;
import dev.starling.federation.remote.codecs.SendRequestDecoder;
import dev.starling.federation.remote.codecs.StatsRequestDecoder;
import dev.starling.spi.Engine;
import dev.starling.spi.Validation;
import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A served process's clients' side, as an agent on its own thread: polls the requests that
 * clients send to the process's endpoint (stream {@link Endpoints#REQUEST_STREAM}), calls the
 * engine's instances through the same {@link Instance} and {@link Session} API as any caller in
 * the process, and answers each request on its client's {@link ClientLink} from whichever thread
 * completes it. A client is heard once its {@code ClientHello} said where its answers go;
 * requests of clients not heard are counted and dropped.
 *
 * <p>On an external media driver that clients of this host may share, requests are also taken
 * from this endpoint's IPC request stream ({@link Endpoints#ipcRequestStream}); a client heard
 * there may ask for its answers over IPC too.
 *
 * <p>Sessions are kept per user (qualified name) once a client registered or logged the user in,
 * and logged in again when a request names a user the process has no session for (after a
 * restart), so a request carries only the user's name.
 */
final class ApiServer implements Agent, FragmentHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int FRAGMENTS = 64;
    private static final ThreadLocal<AnswerEncoder> ANSWERS = ThreadLocal.withInitial(AnswerEncoder::new);

    private final Aeron aeron;
    private final Engine engine;
    private final Subscription requests;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    /** The IPC request stream of a shared driver, or null. */
    private final Subscription ipcRequests;
    private final FragmentAssembler ipcAssembler = new FragmentAssembler(this);
    /** Whether the fragment being handled came over IPC (this agent's thread only). */
    private boolean pollingIpc;
    private final Long2ObjectHashMap<ClientLink> clients = new Long2ObjectHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final ExecutorService quiescence = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "starling-quiescence");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong rejected = new AtomicLong();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ClientHelloDecoder hello = new ClientHelloDecoder();
    private final RegisterRequestDecoder register = new RegisterRequestDecoder();
    private final LogInRequestDecoder logIn = new LogInRequestDecoder();
    private final FollowRequestDecoder follow = new FollowRequestDecoder();
    private final SendRequestDecoder send = new SendRequestDecoder();
    private final PageRequestDecoder page = new PageRequestDecoder();
    private final QuiescentRequestDecoder quiescent = new QuiescentRequestDecoder();
    private final StatsRequestDecoder stats = new StatsRequestDecoder();
    private final BroadcastRequestDecoder broadcast = new BroadcastRequestDecoder();

    /** @param sharedDriver whether {@code aeron}'s media driver is an external one that clients may share */
    ApiServer(Aeron aeron, String endpoint, Engine engine, boolean sharedDriver) {
        this.aeron = aeron;
        this.engine = engine;
        this.requests = aeron.addSubscription(Endpoints.udp(endpoint), Endpoints.REQUEST_STREAM);
        try {
            this.ipcRequests = sharedDriver ? aeron.addSubscription(Endpoints.IPC, Endpoints.ipcRequestStream(endpoint)) : null;
        } catch (RuntimeException e) {
            requests.close();
            throw e;
        }
    }

    @Override
    public String roleName() {
        return "api-server";
    }

    @Override
    public int doWork() {
        pollingIpc = false;
        int work = requests.poll(assembler, FRAGMENTS);
        if (ipcRequests != null) {
            pollingIpc = true;
            work += ipcRequests.poll(ipcAssembler, FRAGMENTS);
        }
        for (ClientLink client : clients.values()) {
            work += client.retry();
        }
        return work;
    }

    @Override
    public void onFragment(DirectBuffer buffer, int offset, int length, Header fragmentHeader) {
        header.wrap(buffer, offset);
        int at = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        int block = header.blockLength();
        int version = header.version();
        switch (header.templateId()) {
            case ClientHelloDecoder.TEMPLATE_ID -> onHello(hello.wrap(buffer, at, block, version));
            case RegisterRequestDecoder.TEMPLATE_ID -> {
                RegisterRequestDecoder m = register.wrap(buffer, at, block, version);
                ClientLink client = client(m.clientId());
                long correlation = m.correlation();
                String domain = m.domain();
                String name = m.name();
                if (client != null) {
                    openSession(client, correlation, domain, instance -> instance.registerUser(name));
                }
            }
            case LogInRequestDecoder.TEMPLATE_ID -> {
                LogInRequestDecoder m = logIn.wrap(buffer, at, block, version);
                ClientLink client = client(m.clientId());
                long correlation = m.correlation();
                String domain = m.domain();
                String name = m.name();
                if (client != null) {
                    openSession(client, correlation, domain, instance -> instance.logIn(name));
                }
            }
            case FollowRequestDecoder.TEMPLATE_ID -> {
                FollowRequestDecoder m = follow.wrap(buffer, at, block, version);
                ClientLink client = client(m.clientId());
                long correlation = m.correlation();
                String user = m.user();
                String target = m.target();
                if (client != null) {
                    answer(client, correlation, session(user).thenCompose(s -> s.follow(target)),
                            (a, v) -> a.done(correlation));
                }
            }
            case SendRequestDecoder.TEMPLATE_ID -> {
                SendRequestDecoder m = send.wrap(buffer, at, block, version);
                ClientLink client = client(m.clientId());
                long correlation = m.correlation();
                String user = m.user();
                String text = m.text();
                if (client != null) {
                    answer(client, correlation, session(user).thenCompose(s -> s.sendMessage(text)),
                            (a, message) -> a.message(correlation, message));
                }
            }
            case PageRequestDecoder.TEMPLATE_ID -> onPage(page.wrap(buffer, at, block, version));
            case QuiescentRequestDecoder.TEMPLATE_ID -> {
                QuiescentRequestDecoder m = quiescent.wrap(buffer, at, block, version);
                ClientLink client = client(m.clientId());
                long correlation = m.correlation();
                if (client != null) {
                    answer(client, correlation,
                            CompletableFuture.supplyAsync(() -> engine.awaitQuiescent(Duration.ofMillis(10)), quiescence),
                            (a, drained) -> a.quiescent(correlation, drained));
                }
            }
            case StatsRequestDecoder.TEMPLATE_ID -> {
                StatsRequestDecoder m = stats.wrap(buffer, at, block, version);
                ClientLink client = client(m.clientId());
                long correlation = m.correlation();
                String domain = Validation.normalizeDomain(m.domain());
                if (client != null) {
                    CompletableFuture<dev.starling.spi.InstanceStats> answer = domain == null || engine.instance(domain) == null
                            ? CompletableFuture.failedFuture(new StarlingException(ErrorCode.UNKNOWN_INSTANCE,
                            m.domain() + " is not served here"))
                            : CompletableFuture.completedFuture(engine.stats(domain));
                    answer(client, correlation, answer, (a, s) -> a.stats(correlation, s));
                }
            }
            case BroadcastRequestDecoder.TEMPLATE_ID -> {
                BroadcastRequestDecoder m = broadcast.wrap(buffer, at, block, version);
                ClientLink client = client(m.clientId());
                long correlation = m.correlation();
                int from = Math.max(0, m.from());
                boolean clear = m.clear() == 1;
                if (client != null) {
                    answer(client, correlation, CompletableFuture.supplyAsync(() -> {
                        if (clear) {
                            engine.clearBroadcastLatency();
                        }
                        return clear ? List.<BroadcastSpread>of() : engine.broadcastSpreads();
                    }, quiescence), (a, spreads) -> a.broadcast(correlation, spreads, from));
                }
            }
            default -> reject("request template " + header.templateId());
        }
    }

    private void onHello(ClientHelloDecoder m) {
        long clientId = m.clientId();
        String endpoint = m.endpoint();
        ClientLink known = clients.get(clientId);
        if (known != null && known.endpoint().equals(endpoint)) {
            return;
        }
        OptionalInt ipcStream = Endpoints.ipcAnswerStream(endpoint);
        if (ipcStream.isPresent() && !pollingIpc) {
            reject("a client hello over UDP asking for answers over IPC");
            return;
        }
        if (ipcStream.isEmpty()) {
            try {
                Endpoints.check(endpoint, false);
            } catch (StarlingException e) {
                reject("a client hello with endpoint '" + endpoint + "'");
                return;
            }
        }
        if (known != null) {
            known.close();
        }
        clients.put(clientId, new ClientLink(clientId, endpoint, ipcStream.isPresent()
                ? aeron.addPublication(Endpoints.IPC, ipcStream.getAsInt())
                : aeron.addPublication(Endpoints.udp(endpoint), Endpoints.ANSWER_STREAM)));
        LOG.info("client {} connected from {}", Long.toHexString(clientId),
                ipcStream.isPresent() ? "this host over IPC" : endpoint);
    }

    private void onPage(PageRequestDecoder m) {
        ClientLink client = client(m.clientId());
        long correlation = m.correlation();
        int limit = m.pageSize();
        Cursor cursor = m.cursor();
        long beforeMicros = m.beforeMicros();
        long beforeId = m.beforeId();
        String user = m.user();
        String target = m.target();
        if (client == null) {
            return;
        }
        boolean timeline = target.isEmpty();
        Message before = new Message(beforeId, "", "", beforeMicros);
        CompletableFuture<List<Message>> result = session(user).thenCompose(s -> switch (cursor) {
            case BEFORE_STAMP -> timeline ? s.timeline(limit, beforeMicros) : s.profile(target, limit, beforeMicros);
            case BEFORE_MESSAGE -> timeline ? s.timeline(limit, before) : s.profile(target, limit, before);
            default -> timeline ? s.timeline(limit) : s.profile(target, limit);
        });
        answer(client, correlation, result, (a, messages) -> a.page(correlation, messages));
    }

    private ClientLink client(long clientId) {
        ClientLink client = clients.get(clientId);
        if (client == null) {
            reject("a request of client " + Long.toHexString(clientId) + ", which did not say hello");
        }
        return client;
    }

    /** Calls {@code open} on the domain's instance and answers with the session's user. */
    private void openSession(ClientLink client, long correlation, String domain,
                             Function<Instance, CompletableFuture<Session>> open) {
        CompletableFuture<Session> opened;
        try {
            String normal = Validation.normalizeDomain(domain);
            Instance instance = normal == null ? null : engine.instance(normal);
            if (instance == null) {
                throw new StarlingException(ErrorCode.UNKNOWN_INSTANCE, domain + " is not served here");
            }
            opened = open.apply(instance);
        } catch (StarlingException e) {
            opened = CompletableFuture.failedFuture(e);
        }
        answer(client, correlation, opened, (a, session) -> {
            sessions.put(session.user(), session);
            return a.session(correlation, session.user());
        });
    }

    /** The session of a qualified user name: kept, or logged in again. */
    private CompletableFuture<Session> session(String user) {
        Session kept = sessions.get(user);
        if (kept != null) {
            return CompletableFuture.completedFuture(kept);
        }
        int at = user.lastIndexOf('@');
        String domain = at < 0 ? null : Validation.normalizeDomain(user.substring(at + 1));
        Instance instance = domain == null ? null : engine.instance(domain);
        if (instance == null) {
            return CompletableFuture.failedFuture(new StarlingException(ErrorCode.UNKNOWN_INSTANCE,
                    "no instance here serves " + user));
        }
        return instance.logIn(user.substring(0, at)).thenApply(s -> {
            sessions.put(s.user(), s);
            return s;
        });
    }

    /** Answers {@code correlation} once {@code result} completes: its value encoded by {@code encode}, or its failure. */
    private static <T> void answer(ClientLink client, long correlation, CompletableFuture<T> result,
                                   AnswerEncoding<T> encode) {
        result.whenComplete((value, error) -> {
            AnswerEncoder answers = ANSWERS.get();
            int length;
            try {
                length = error == null ? encode.encode(answers, value) : answers.failure(correlation, error);
            } catch (RuntimeException e) {
                length = answers.failure(correlation, e);
            }
            client.send(answers.buffer(), length);
        });
    }

    @FunctionalInterface
    private interface AnswerEncoding<T> {
        int encode(AnswerEncoder answers, T value);
    }

    private void reject(String what) {
        if (rejected.getAndIncrement() % 10_000 == 0) {
            LOG.warn("dropped {}; {} dropped so far", what, rejected.get());
        }
    }

    /** Requests dropped (from clients not heard, or not requests at all). */
    long rejected() {
        return rejected.get();
    }

    @Override
    public void onClose() {
        quiescence.shutdownNow();
        clients.values().forEach(ClientLink::close);
        requests.close();
        if (ipcRequests != null) {
            ipcRequests.close();
        }
    }
}
