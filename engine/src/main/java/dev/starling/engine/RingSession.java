package dev.starling.engine;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A logged-in user of a RING instance. Reads run on the caller's thread ({@link CallerSide});
 * follows, sends and remote profile pages are requests on the instance's ring ({@link
 * RequestPublisher}), routed by the instance's {@link ShardDirectory} and, for users of other
 * instances, by the {@link FederationTransport}.
 */
final class RingSession implements Session {

    private final ShardDirectory directory;
    private final FederationTransport federation;
    private final RequestPublisher publisher;
    private final CallerSide callers;
    private final String localName;
    private final String user;
    private final int shard;
    private final HomeWindow home;

    RingSession(ShardDirectory directory, FederationTransport federation, RequestPublisher publisher, CallerSide callers,
                UserOperations.Account account) {
        this.directory = directory;
        this.federation = federation;
        this.publisher = publisher;
        this.callers = callers;
        this.localName = account.localName();
        this.user = localName + "@" + directory.domain();
        this.shard = directory.shardOfUser(account.userId());
        this.home = new HomeWindow(account.userId());
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public CompletableFuture<Void> follow(String target) {
        try {
            Validation.QualifiedName name = Validation.parseUser(target, directory.domain());
            if (name.domain().equals(directory.domain()) && name.local().equalsIgnoreCase(localName)) {
                throw new StarlingException(ErrorCode.CANNOT_FOLLOW_SELF, user + " cannot follow itself");
            }
            int owner = ownerOf(name);
            int ownerShard = owner < 0 ? 0 : federation.shardOfName(owner, name.local());
            return publisher.follow(shard, home.userId, user, name.local(), owner, ownerShard);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Message> sendMessage(String text) {
        try {
            Validation.checkText(text);
            return publisher.send(shard, home.userId, user, text);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<List<Message>> timeline(int limit) {
        return timelineBefore(limit, Long.MAX_VALUE);
    }

    @Override
    public CompletableFuture<List<Message>> timeline(int limit, long beforeMicros) {
        try {
            Validation.checkBefore(beforeMicros);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return timelineBefore(limit, beforeMicros);
    }

    private CompletableFuture<List<Message>> timelineBefore(int limit, long beforeMicros) {
        try {
            Validation.checkLimit(limit);
            return callers.timeline(home, limit, beforeMicros,
                    () -> publisher.timeline(shard, home.userId, limit, beforeMicros));
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<List<Message>> profile(String target, int limit) {
        return profileBefore(target, limit, Long.MAX_VALUE);
    }

    @Override
    public CompletableFuture<List<Message>> profile(String target, int limit, long beforeMicros) {
        try {
            Validation.checkBefore(beforeMicros);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return profileBefore(target, limit, beforeMicros);
    }

    private CompletableFuture<List<Message>> profileBefore(String target, int limit, long beforeMicros) {
        try {
            Validation.checkLimit(limit);
            Validation.QualifiedName name = Validation.parseUser(target, directory.domain());
            int owner = ownerOf(name);
            if (owner < 0) {
                return callers.profile(directory.shardOfName(name.local()), name.local(), limit, beforeMicros);
            }
            // A remote page is asked for by the reader's own shard, which then waits for the answer.
            return publisher.remoteProfile(shard,
                    name.local(), owner, federation.shardOfName(owner, name.local()), limit, beforeMicros);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** -1 for a user of this instance, else the index of its instance; {@code UNKNOWN_INSTANCE} when not deployed. */
    private int ownerOf(Validation.QualifiedName name) {
        if (name.domain().equals(directory.domain())) {
            return -1;
        }
        int owner = federation.indexOf(name.domain());
        if (owner < 0) {
            throw new StarlingException(ErrorCode.UNKNOWN_INSTANCE, name.domain() + " is not deployed");
        }
        return owner;
    }

    @Override
    public String toString() {
        return "Session[" + user + "]";
    }
}
