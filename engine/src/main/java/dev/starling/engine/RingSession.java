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
 * instances, by the {@link Federation}.
 */
final class RingSession implements Session {

    private final ShardDirectory directory;
    private final Federation federation;
    private final RequestPublisher publisher;
    private final CallerSide callers;
    private final String localName;
    private final String user;
    private final int shard;
    private final HomeWindow home;

    RingSession(ShardDirectory directory, Federation federation, RequestPublisher publisher, CallerSide callers,
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
            if (name.domain().equals(directory.domain()) && Validation.sameName(name.local(), localName)) {
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
        return timelineBefore(limit, Long.MAX_VALUE, Long.MIN_VALUE);
    }

    @Override
    public CompletableFuture<List<Message>> timeline(int limit, Message before) {
        return Validation.afterCursor(before, (micros, id) -> timelineBefore(limit, micros, id));
    }

    @Override
    public CompletableFuture<List<Message>> timeline(int limit, long beforeMicros) {
        try {
            Validation.checkBefore(beforeMicros);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return timelineBefore(limit, beforeMicros, Long.MIN_VALUE);
    }

    /** Entries after the cursor ({@code beforeMicros}, {@code beforeId}); {@code Long.MIN_VALUE}: by stamp alone. */
    private CompletableFuture<List<Message>> timelineBefore(int limit, long beforeMicros, long beforeId) {
        try {
            Validation.checkLimit(limit);
            return callers.timeline(home, limit, beforeMicros, beforeId,
                    () -> publisher.timeline(shard, home.userId, limit, beforeMicros, beforeId));
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<List<Message>> profile(String target, int limit) {
        return profileBefore(target, limit, Long.MAX_VALUE, Long.MIN_VALUE);
    }

    @Override
    public CompletableFuture<List<Message>> profile(String target, int limit, Message before) {
        return Validation.afterCursor(before, (micros, id) -> profileBefore(target, limit, micros, id));
    }

    @Override
    public CompletableFuture<List<Message>> profile(String target, int limit, long beforeMicros) {
        try {
            Validation.checkBefore(beforeMicros);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return profileBefore(target, limit, beforeMicros, Long.MIN_VALUE);
    }

    /** Messages after the cursor ({@code beforeMicros}, {@code beforeId}); {@code Long.MIN_VALUE}: by stamp alone. */
    private CompletableFuture<List<Message>> profileBefore(String target, int limit, long beforeMicros, long beforeId) {
        try {
            Validation.checkLimit(limit);
            Validation.QualifiedName name = Validation.parseUser(target, directory.domain());
            int owner = ownerOf(name);
            if (owner < 0) {
                return callers.profile(directory.shardOfName(name.local()), name.local(), limit, beforeMicros, beforeId);
            }
            // A remote page is asked for by the reader's own shard, which then waits for the answer.
            int remoteShard = federation.shardOfName(owner, name.local());
            if (beforeId == Long.MIN_VALUE) {
                return publisher.remoteProfile(shard, name.local(), owner, remoteShard, limit, beforeMicros);
            }
            // By message: one sender's stamps strictly increase, so at most one of its messages
            // shares the cursor's stamp. The page of stamps up to the cursor's, one longer, holds
            // the answer once that message is dropped when it is not after the cursor.
            long upTo = beforeMicros == Long.MAX_VALUE ? beforeMicros : beforeMicros + 1;
            return publisher.<List<Message>>remoteProfile(shard, name.local(), owner, remoteShard, limit + 1, upTo)
                    .thenApply(page -> Paging.after(page, beforeMicros, beforeId, limit));
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
