package dev.starling.centralized;

import dev.starling.spi.InstanceStats;
import dev.starling.spi.RequestType;
import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.EngineSettings;
import dev.starling.spi.Paging;
import dev.starling.spi.Validation;
import dev.starling.runtime.Quiescence;
import dev.starling.runtime.WakeableIdleStrategy;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The centralized baseline's server, after the assignment's {@code server_centralized.erl}: one
 * thread owns every user of every domain it serves in plain on-heap maps, takes requests one at a
 * time from one bounded queue, and builds a timeline on read by merging the followed users' newest
 * messages and sorting them. Its instances and sessions ({@link CentralizedEngine}) only queue
 * work for it.
 */
final class CentralizedServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CentralizedServer.class);

    private final Map<String, Map<String, UserData>> usersByDomain = new HashMap<>();
    private final ManyToOneConcurrentArrayQueue<Request<?>> queue;
    private final AgentRunner runner;
    private final Map<String, AtomicLongArray> doneByDomain = new HashMap<>();
    private final WakeableIdleStrategy waker;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    /** Per domain, the newest stamp given on it (server thread only): stamps never go back on an instance. */
    private final Map<String, long[]> lastStampByDomain = new HashMap<>();
    private final LongSupplier clock;
    private volatile boolean closed;
    private long nextMessageId;

    CentralizedServer(List<String> domains, EngineSettings settings) {
        for (String domain : domains) {
            usersByDomain.put(domain, new HashMap<>());
            doneByDomain.put(domain, new AtomicLongArray(RequestType.values().length));
            lastStampByDomain.put(domain, new long[1]);
        }
        this.clock = settings.clock();
        this.queue = new ManyToOneConcurrentArrayQueue<>(settings.ringSize());
        IdleStrategy idle = settings.idleMode().newStrategy(() -> !queue.isEmpty());
        this.waker = idle instanceof WakeableIdleStrategy wakeable ? wakeable : null;
        this.runner = new AgentRunner(idle,
                t -> LOG.warn("centralized server error (it carries on)", t), (AtomicCounter) null, new Loop());
        AgentRunner.startOnThread(runner, r -> {
            Thread thread = new Thread(r, "starling-centralized");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues work for the server thread; {@code OVERLOADED} at once when the queue is full. */
    <T> CompletableFuture<T> submit(String domain, RequestType type, Supplier<T> work) {
        if (closed) {
            return CompletableFuture.failedFuture(new StarlingException(ErrorCode.CLOSED, domain + " is closed"));
        }
        Request<T> request = new Request<>(type, work, new CompletableFuture<>(), doneByDomain.get(domain));
        if (!queue.offer(request)) {
            return CompletableFuture.failedFuture(new StarlingException(ErrorCode.OVERLOADED,
                    "the centralized server has " + queue.capacity() + " requests waiting; try again later"));
        }
        accepted.incrementAndGet();
        if (waker != null) {
            waker.wake();
        }
        if (closed) {
            request.future.completeExceptionally(new StarlingException(ErrorCode.CLOSED, domain + " is closed"));
        }
        return request.future;
    }

    // The methods below run on the server thread only.

    UserData register(String domain, String localName) {
        Map<String, UserData> users = usersByDomain.get(domain);
        String key = Validation.foldName(localName);
        if (users.containsKey(key)) {
            throw new StarlingException(ErrorCode.USER_EXISTS, localName + "@" + domain + " is taken");
        }
        UserData user = new UserData(localName + "@" + domain);
        users.put(key, user);
        return user;
    }

    UserData find(String domain, String localName) {
        Map<String, UserData> users = usersByDomain.get(domain);
        if (users == null) {
            throw new StarlingException(ErrorCode.UNKNOWN_INSTANCE, domain + " is not deployed");
        }
        UserData user = users.get(Validation.foldName(localName));
        if (user == null) {
            throw new StarlingException(ErrorCode.UNKNOWN_USER, localName + "@" + domain + " does not exist");
        }
        return user;
    }

    boolean serves(String domain) {
        return usersByDomain.containsKey(domain);
    }

    /**
     * Stamps with the wall clock when it is ahead, else one microsecond after the domain's last
     * stamp (and the sender's), as RING's {@code StampClock} does: stamps never go back on one
     * instance, whichever sender, when the clock steps back.
     */
    Message send(String domain, UserData sender, String text, long receivedMicros) {
        long[] last = lastStampByDomain.get(domain);
        long stamp = Math.max(receivedMicros, Math.max(sender.lastStamp, last[0]) + 1);
        last[0] = stamp;
        sender.lastStamp = stamp;
        Message message = new Message(nextMessageId++, sender.name, text, stamp);
        sender.messages.add(message);
        return message;
    }

    /**
     * The timeline built on read: each followed user's newest messages after the cursor
     * ({@code beforeMicros}, {@code beforeId}; {@code Long.MIN_VALUE}: by stamp alone), merged
     * and sorted newest first, ties by higher id first.
     */
    static List<Message> timeline(UserData user, int limit, long beforeMicros, long beforeId) {
        List<Message> merged = new ArrayList<>();
        for (UserData followed : user.following) {
            merged.addAll(followed.newest(limit, beforeMicros, beforeId));
        }
        merged.sort(Paging.NEWEST_FIRST);
        return merged.size() > limit ? new ArrayList<>(merged.subList(0, limit)) : merged;
    }

    InstanceStats stats(String domain) {
        Map<RequestType, Long> counts = new EnumMap<>(RequestType.class);
        AtomicLongArray done = doneByDomain.get(domain);
        for (RequestType type : RequestType.values()) {
            counts.put(type, done.get(type.ordinal()));
        }
        // Timelines are built at read time from every message sent so far: never stale, never out of order.
        return new InstanceStats(domain, counts, queue.size(), 0, 0, 0, 0, 0, 0, 0,
                counts.get(RequestType.TIMELINE), 0);
    }

    boolean awaitQuiescent(Duration timeout) {
        // Counted after the offer: while a request waits, the queue is not empty; once it is
        // answered before being counted, answered exceeds accepted. Either way: not drained.
        return Quiescence.await(() -> queue.isEmpty() && answered.get() == accepted.get(), timeout);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        runner.close();
        Request<?> request;
        while ((request = queue.poll()) != null) {
            request.future.completeExceptionally(new StarlingException(ErrorCode.CLOSED, "the centralized server is closed"));
        }
    }

    /** The server loop: one request at a time, in arrival order. */
    private final class Loop implements Agent {
        @Override
        public int doWork() {
            int work = 0;
            Request<?> request;
            while (work < 256 && (request = queue.poll()) != null) {
                request.run();
                AtomicLongArray done = request.done;
                done.lazySet(request.type.ordinal(), done.get(request.type.ordinal()) + 1);
                answered.lazySet(answered.get() + 1);
                work++;
            }
            return work;
        }

        @Override
        public String roleName() {
            return "centralized";
        }
    }

    private record Request<T>(RequestType type, Supplier<T> work, CompletableFuture<T> future, AtomicLongArray done) {
        void run() {
            try {
                future.complete(work.get());
            } catch (StarlingException e) {
                future.completeExceptionally(e);
            } catch (Throwable t) {
                LOG.warn("{} failed inside the centralized server", type, t);
                future.completeExceptionally(new StarlingException(ErrorCode.INTERNAL, type + " failed: " + t, t));
            }
        }
    }

    /** One user: messages in sending order (oldest first) and the users it follows. */
    static final class UserData {
        final String name;
        final List<Message> messages = new ArrayList<>();
        final Set<UserData> following = new LinkedHashSet<>();
        long lastStamp;

        UserData(String name) {
            this.name = name;
        }

        /**
         * Newest first, at most {@code limit}, only those after the cursor ({@code beforeMicros},
         * {@code beforeId}) in the order newest stamp first, ties by higher id first. Stamps and
         * ids both grow with the position, so the order is the list's, reversed.
         */
        List<Message> newest(int limit, long beforeMicros, long beforeId) {
            int end = messages.size();
            if (beforeMicros != Long.MAX_VALUE) {
                int lo = 0;
                int hi = end;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (Paging.isAfter(messages.get(mid), beforeMicros, beforeId)) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                end = lo;
            }
            List<Message> result = new ArrayList<>(Math.min(limit, end));
            for (int i = end - 1; i >= 0 && result.size() < limit; i--) {
                result.add(messages.get(i));
            }
            return result;
        }
    }

    /** The wall clock in microseconds (the engine settings' clock). */
    long now() {
        return clock.getAsLong();
    }
}
