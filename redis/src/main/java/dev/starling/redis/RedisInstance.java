package dev.starling.redis;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.TimelineWindow;
import dev.starling.spi.RequestType;
import dev.starling.spi.ValidatingInstance;
import dev.starling.spi.Validation;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One domain on the REDIS engine: Mastodon's home-feed design. Users, follow edges, messages and
 * feeds live in Redis under the instance's {@link FeedKeys}; each message is stored once (a
 * string keyed by its id) and referenced by id from its sender's profile and its followers' home
 * feeds (sorted sets scored by stamp). A send writes the message and the profile entry, answers,
 * then queues its fan-out for the {@link FanOutWorkers}, as Mastodon's {@code FanOutOnWriteService}
 * queues {@code FeedInsertWorker}s; a read is one reverse range by score and one multi-get.
 *
 * <p>Federation: a follower's instance registers itself with the followed user's instance, which
 * then delivers each message once per instance with followers (not once per follower); the
 * receiving instance stores a copy and fans it out to its own followers of that user.
 *
 * <p>Requests are issued on the engine's one shared, multiplexed connection; each instance admits
 * at most the engine's ring size of requests at once and a larger number of waiting fan-outs
 * ({@link InstanceCounters}), and answers {@code OVERLOADED} past them, before anything is written.
 */
final class RedisInstance extends ValidatingInstance {

    /** Entries kept per home feed: the RING engine's window. */
    static final int WINDOW = TimelineWindow.CAPACITY;

    private static final long BY_STAMP = Long.MIN_VALUE;

    private final int index;
    private final FeedKeys keys;
    private final RedisAsyncCommands<String, String> redis;
    private final FanOutWorkers workers;
    private final Function<String, RedisInstance> directory;
    private final BroadcastRecorder broadcast;
    private final InstanceCounters counters;
    private final Supplier<Boolean> closed;
    private final LongSupplier clock;
    private final int backfill;
    private final Duration remoteTimeout;
    private final Map<String, UserRef> users = new ConcurrentHashMap<>();
    private final AtomicLong nextUser = new AtomicLong();
    private final AtomicLong nextMessage = new AtomicLong();
    private final AtomicLong lastStamp = new AtomicLong();

    /** A user of this instance: its id in the keys and its name as registered. */
    record UserRef(long uid, String localName) {
    }

    RedisInstance(String domain, int index, FeedKeys keys, RedisAsyncCommands<String, String> redis,
                  FanOutWorkers workers, Function<String, RedisInstance> directory, BroadcastRecorder broadcast,
                  Supplier<Boolean> closed, RedisEngine.Options options) {
        super(domain);
        this.index = index;
        this.keys = keys;
        this.redis = redis;
        this.workers = workers;
        this.directory = directory;
        this.broadcast = broadcast;
        this.closed = closed;
        this.clock = options.settings().clock();
        this.backfill = options.settings().backfill();
        this.remoteTimeout = options.settings().remoteTimeout();
        this.counters = new InstanceCounters(domain, options.settings().ringSize());
    }

    InstanceCounters counters() {
        return counters;
    }

    FeedKeys keys() {
        return keys;
    }

    // ---- requests, each admitted, counted and answered with typed errors only

    /**
     * Runs one request: {@code OVERLOADED} at once when the instance has its limit of requests on
     * their way, {@code CLOSED} after close; every failure of {@code work} becomes a typed error.
     */
    <T> CompletableFuture<T> request(RequestType type, Supplier<CompletableFuture<T>> work) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new StarlingException(ErrorCode.CLOSED, domain() + " is closed"));
        }
        if (!counters.tryAdmit()) {
            return CompletableFuture.failedFuture(new StarlingException(ErrorCode.OVERLOADED,
                    domain() + " has its limit of requests on their way to Redis; try again later"));
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        CompletableFuture<T> inner;
        try {
            inner = work.get();
        } catch (Throwable t) {
            inner = CompletableFuture.failedFuture(t);
        }
        inner.whenComplete((value, failure) -> {
            counters.answered(type);
            if (failure == null) {
                answer.complete(value);
            } else {
                StarlingException typed = RedisFailures.translate(failure, closed.get(), type.toString());
                if (typed.code() == ErrorCode.INTERNAL) {
                    counters.faults.incrementAndGet();
                }
                if (typed.code() == ErrorCode.TIMEOUT) {
                    counters.remoteTimeouts.incrementAndGet();
                }
                answer.completeExceptionally(typed);
            }
        });
        return answer;
    }

    @Override
    protected CompletableFuture<Session> register(String localName) {
        return request(RequestType.REGISTER, () -> {
            String folded = Validation.foldName(localName);
            long uid = nextUser.incrementAndGet();
            return redis.hsetnx(keys.names(), folded, uid + " " + localName).toCompletableFuture().thenApply(set -> {
                if (!set) {
                    throw new StarlingException(ErrorCode.USER_EXISTS, localName + "@" + domain() + " is taken");
                }
                UserRef user = new UserRef(uid, localName);
                users.put(folded, user);
                return new RedisSession(this, user, directory);
            });
        });
    }

    @Override
    protected CompletableFuture<Session> logInLocal(String localName) {
        return request(RequestType.LOG_IN, () -> resolve(localName).thenApply(user -> new RedisSession(this, user, directory)));
    }

    /** Follows {@code target} (validated, not oneself) on this instance or, by federation, on {@code remote}. */
    CompletableFuture<Void> follow(UserRef follower, Validation.QualifiedName target, RedisInstance remote) {
        return request(RequestType.FOLLOW, () -> remote == this
                ? resolve(target.local()).thenCompose(followed -> followLocal(follower, followed))
                : followRemote(follower, target, remote));
    }

    CompletableFuture<Message> send(UserRef sender, String text) {
        long received = clock.getAsLong();
        if (!counters.fanOutRoom()) {
            return CompletableFuture.failedFuture(new StarlingException(ErrorCode.OVERLOADED,
                    domain() + " has its limit of fan-outs waiting for the workers; try again later"));
        }
        return request(RequestType.SEND, () -> {
            long stamp = lastStamp.updateAndGet(last -> Math.max(received, last + 1));
            long sequence = nextMessage.incrementAndGet();
            long id = (sequence << 6) | index;
            Message message = new Message(id, sender.localName() + "@" + domain(), text, stamp);
            String member = FeedKeys.member(id);
            RedisFuture<String> stored = redis.set(keys.message(member), StoredMessages.encode(message));
            RedisFuture<Long> profiled = redis.zadd(keys.profile(sender.uid()), stamp, member);
            return CompletableFuture.allOf(stored.toCompletableFuture(), profiled.toCompletableFuture())
                    .thenApply(ignored -> {
                        counters.fanOutQueued();
                        workers.submit(new FanOut(sender.uid(), message, member, broadcast.samples(sequence)));
                        return message;
                    });
        });
    }

    CompletableFuture<List<Message>> timeline(UserRef user, int limit, long beforeMicros, long beforeId) {
        return request(RequestType.TIMELINE, () -> {
            counters.timelineReads.incrementAndGet();
            return page(keys.home(user.uid()), limit, beforeMicros, beforeId);
        });
    }

    CompletableFuture<List<Message>> profile(Validation.QualifiedName target, RedisInstance owner, int limit,
                                             long beforeMicros, long beforeId) {
        return request(RequestType.PROFILE, () -> owner == this
                ? profilePage(target.local(), limit, beforeMicros, beforeId)
                : remoteCall(owner.profilePage(target.local(), limit, beforeMicros, beforeId)));
    }

    // ---- users

    /** The user of a valid local name; {@code UNKNOWN_USER} when there is none. Users are never removed, so found ones are kept. */
    CompletableFuture<UserRef> resolve(String localName) {
        String folded = Validation.foldName(localName);
        UserRef known = users.get(folded);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return redis.hget(keys.names(), folded).toCompletableFuture().thenApply(value -> {
            if (value == null) {
                throw new StarlingException(ErrorCode.UNKNOWN_USER, localName + "@" + domain() + " does not exist");
            }
            int space = value.indexOf(' ');
            UserRef user = new UserRef(Long.parseLong(value, 0, space, 10), value.substring(space + 1));
            users.put(folded, user);
            return user;
        });
    }

    // ---- follows

    private CompletableFuture<Void> followLocal(UserRef follower, UserRef followed) {
        String edge = Validation.foldName(followed.localName()) + "@" + domain();
        return redis.sadd(keys.following(follower.uid()), edge).toCompletableFuture().thenCompose(added -> {
            if (added == 0) {
                return CompletableFuture.completedFuture(null);
            }
            // Registered as a follower before the profile is read: a message sent meanwhile is either
            // in the profile read here or fanned out to this follower (or both: a sorted set keeps it once).
            redis.sadd(keys.followers(followed.uid()), Long.toString(follower.uid()));
            return redis.zrevrangebyscoreWithScores(keys.profile(followed.uid()), Range.unbounded(),
                            Limit.create(0, backfill)).toCompletableFuture()
                    .thenCompose(entries -> insertIntoHome(follower.uid(), entries));
        });
    }

    private CompletableFuture<Void> followRemote(UserRef follower, Validation.QualifiedName target, RedisInstance owner) {
        String edge = Validation.foldName(target.local()) + "@" + target.domain();
        String follow = keys.following(follower.uid());
        String remoteFollowers = keys.remoteFollowers(edge);
        String uid = Long.toString(follower.uid());
        return redis.sadd(follow, edge).toCompletableFuture().thenCompose(added -> {
            if (added == 0) {
                return CompletableFuture.completedFuture(null);
            }
            // This instance's follower set first: the other instance delivers to it as soon as it knows us.
            return redis.sadd(remoteFollowers, uid).toCompletableFuture()
                    .thenCompose(ignored -> remoteCall(owner.acceptFollower(target.local(), domain())))
                    .handle((newest, failure) -> {
                        if (failure == null) {
                            return storeCopies(newest).thenCompose(copied -> insertMessagesIntoHome(follower.uid(), newest));
                        }
                        StarlingException typed = RedisFailures.translate(failure, closed.get(), "follow " + edge);
                        if (typed.code() == ErrorCode.UNKNOWN_USER) {
                            redis.srem(remoteFollowers, uid);
                            return redis.srem(follow, edge).toCompletableFuture()
                                    .<Void>thenApply(removed -> {
                                        throw typed;
                                    });
                        }
                        return CompletableFuture.<Void>failedFuture(typed);
                    })
                    .thenCompose(Function.identity());
        });
    }

    /**
     * Called by a follower's instance: registers {@code followerDomain} as an instance with
     * followers of the user, then answers the user's newest messages for the backfill.
     */
    CompletableFuture<List<Message>> acceptFollower(String localName, String followerDomain) {
        return resolve(localName).thenCompose(user -> {
            redis.sadd(keys.remoteInstances(user.uid()), followerDomain);
            return page(keys.profile(user.uid()), backfill, Long.MAX_VALUE, BY_STAMP);
        });
    }

    /** A page of a local user's profile ({@code UNKNOWN_USER} when there is none). */
    CompletableFuture<List<Message>> profilePage(String localName, int limit, long beforeMicros, long beforeId) {
        return resolve(localName).thenCompose(user -> page(keys.profile(user.uid()), limit, beforeMicros, beforeId));
    }

    /** A call to another instance, failed with {@code TIMEOUT} when it does not answer within the remote timeout. */
    private <T> CompletableFuture<T> remoteCall(CompletableFuture<T> call) {
        return call.orTimeout(remoteTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .exceptionallyCompose(failure -> {
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof TimeoutException) {
                        return CompletableFuture.failedFuture(new StarlingException(ErrorCode.TIMEOUT,
                                "the other instance did not answer within " + remoteTimeout.toMillis() + " ms"));
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    private CompletableFuture<Void> storeCopies(List<Message> messages) {
        if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, String> copies = new HashMap<>();
        for (Message m : messages) {
            copies.put(keys.message(FeedKeys.member(m.id())), StoredMessages.encode(m));
        }
        return redis.mset(copies).toCompletableFuture().thenApply(ok -> null);
    }

    private CompletableFuture<Void> insertMessagesIntoHome(long uid, List<Message> messages) {
        List<ScoredValue<String>> entries = new ArrayList<>(messages.size());
        for (Message m : messages) {
            entries.add(ScoredValue.just(m.timestampMicros(), FeedKeys.member(m.id())));
        }
        return insertIntoHome(uid, entries);
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Void> insertIntoHome(long uid, List<ScoredValue<String>> entries) {
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String home = keys.home(uid);
        redis.zadd(home, entries.toArray(new ScoredValue[0]));
        return redis.zremrangebyrank(home, 0, -(WINDOW + 1)).toCompletableFuture().thenApply(trimmed -> null);
    }

    // ---- reads

    /**
     * A page of a feed or profile, newest first, ties by higher id first: the ids from one reverse
     * range by score (two in one round trip when the cursor is a message: the entries that tie
     * with its stamp, and those strictly older), then their messages from one multi-get.
     */
    CompletableFuture<List<Message>> page(String key, int limit, long beforeMicros, long beforeId) {
        CompletableFuture<List<String>> ids;
        if (beforeMicros == Long.MAX_VALUE && beforeId == BY_STAMP) {
            ids = redis.zrevrangebyscore(key, Range.unbounded(), Limit.create(0, limit)).toCompletableFuture();
        } else {
            RedisFuture<List<String>> ties = beforeId == BY_STAMP ? null
                    : redis.zrevrangebyscore(key, Range.create(beforeMicros, beforeMicros));
            RedisFuture<List<String>> older = redis.zrevrangebyscore(key,
                    Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding(beforeMicros)), Limit.create(0, limit));
            ids = ties == null ? older.toCompletableFuture()
                    : ties.toCompletableFuture().thenCombine(older, (tied, rest) -> {
                        List<String> merged = new ArrayList<>(limit);
                        String cursor = FeedKeys.member(beforeId);
                        for (String member : tied) {
                            if (merged.size() < limit && member.compareTo(cursor) < 0) {
                                merged.add(member);
                            }
                        }
                        for (String member : rest) {
                            if (merged.size() == limit) {
                                break;
                            }
                            merged.add(member);
                        }
                        return merged;
                    });
        }
        return ids.thenCompose(this::messages);
    }

    private CompletableFuture<List<Message>> messages(List<String> members) {
        if (members.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        String[] messageKeys = new String[members.size()];
        for (int i = 0; i < messageKeys.length; i++) {
            messageKeys[i] = keys.message(members.get(i));
        }
        return redis.mget(messageKeys).toCompletableFuture().thenApply(values -> {
            List<Message> page = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                var value = values.get(i);
                if (value.hasValue()) {
                    page.add(StoredMessages.decode(Long.parseLong(members.get(i)), value.getValue()));
                }
            }
            return page;
        });
    }

    // ---- fan-out and delivery, on the workers

    /** Writes one sent message into the home feeds of the sender's local followers, then hands it to the other instances. */
    private final class FanOut implements FanOutWorkers.Job {
        private final long senderUid;
        private final Message message;
        private final String member;
        private final boolean sampled;

        FanOut(long senderUid, Message message, String member, boolean sampled) {
            this.senderUid = senderUid;
            this.message = message;
            this.member = member;
            this.sampled = sampled;
        }

        @Override
        public void run(FanOutWorkers.Pipeline pipeline) throws Exception {
            RedisAsyncCommands<String, String> p = pipeline.commands();
            RedisFuture<java.util.Set<String>> followers = p.smembers(keys.followers(senderUid));
            RedisFuture<java.util.Set<String>> instances = p.smembers(keys.remoteInstances(senderUid));
            pipeline.flushAndAwait(List.of(followers, instances));
            if (!followers.get().isEmpty()) {
                pipeline.flushAndAwait(pushToHomes(p, keys, followers.get(), message.timestampMicros(), member));
                if (sampled) {
                    broadcast.sameInstance(clock.getAsLong() - message.timestampMicros());
                }
            }
            if (!instances.get().isEmpty()) {
                BroadcastRecorder.Remote tracker = sampled ? broadcast.remote(message.timestampMicros(), instances.get().size()) : null;
                for (String domain : instances.get()) {
                    RedisInstance receiver = directory.apply(domain);
                    if (receiver != null) {
                        counters.deliveriesSent.incrementAndGet();
                        receiver.deliver(message, member, tracker);
                    }
                }
            }
        }

        @Override
        public void done(Throwable failure) {
            if (failure != null) {
                counters.faults.incrementAndGet();
            }
            counters.fanOutDone();
        }
    }

    /** Takes a message from another instance: one delivery, stored here and fanned out to this instance's followers of its sender. */
    void deliver(Message message, String member, BroadcastRecorder.Remote tracker) {
        counters.deliveryQueued();
        workers.submit(new Delivery(message, member, tracker));
    }

    private final class Delivery implements FanOutWorkers.Job {
        private final Message message;
        private final String member;
        private final BroadcastRecorder.Remote tracker;

        Delivery(Message message, String member, BroadcastRecorder.Remote tracker) {
            this.message = message;
            this.member = member;
            this.tracker = tracker;
        }

        @Override
        public void run(FanOutWorkers.Pipeline pipeline) throws Exception {
            RedisAsyncCommands<String, String> p = pipeline.commands();
            RedisFuture<String> stored = p.set(keys.message(member), StoredMessages.encode(message));
            RedisFuture<java.util.Set<String>> followers = p.smembers(keys.remoteFollowers(
                    message.sender().toLowerCase(java.util.Locale.ROOT)));
            pipeline.flushAndAwait(List.of(stored, followers));
            if (!followers.get().isEmpty()) {
                pipeline.flushAndAwait(pushToHomes(p, keys, followers.get(), message.timestampMicros(), member));
            }
            if (tracker != null) {
                tracker.delivered(clock.getAsLong());
            }
        }

        @Override
        public void done(Throwable failure) {
            if (failure != null) {
                counters.faults.incrementAndGet();
            }
            counters.deliveryDone();
        }
    }

    /** Mastodon's {@code FeedManager#push_to_home}: add the entry to each feed, trim each to the window; all buffered. */
    private static List<RedisFuture<Long>> pushToHomes(RedisAsyncCommands<String, String> p, FeedKeys keys,
                                                       java.util.Set<String> followerIds, long stamp, String member) {
        List<RedisFuture<Long>> replies = new ArrayList<>(2 * followerIds.size());
        for (String follower : followerIds) {
            String home = keys.home(Long.parseLong(follower));
            replies.add(p.zadd(home, stamp, member));
            replies.add(p.zremrangebyrank(home, 0, -(WINDOW + 1)));
        }
        return replies;
    }

    /** True when nothing is on its way here. */
    boolean idle() {
        return counters.idle();
    }

    @Override
    public String toString() {
        return "RedisInstance[" + domain() + "]";
    }
}
