package dev.starling.engine;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A logged-in user of a {@link RingInstance}; every call is a request on the instance's ring. */
final class RingSession implements Session {

    private final RingInstance instance;
    private final long userId;
    private final String localName;
    private final String user;

    RingSession(RingInstance instance, long userId, String localName) {
        this.instance = instance;
        this.userId = userId;
        this.localName = localName;
        this.user = localName + "@" + instance.domain();
    }

    long userId() {
        return userId;
    }

    String localName() {
        return localName;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public CompletableFuture<Void> follow(String target) {
        try {
            Validation.QualifiedName name = Validation.parseUser(target, instance.domain());
            if (name.domain().equals(instance.domain()) && name.local().equalsIgnoreCase(localName)) {
                throw new StarlingException(ErrorCode.CANNOT_FOLLOW_SELF, user + " cannot follow itself");
            }
            RingInstance owner = instance.remoteOwner(name);
            return instance.publish(RequestType.FOLLOW, instance.shardIndexOfUser(userId), this,
                    userId, name.local(), owner, null, 0, Long.MAX_VALUE);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Message> sendMessage(String text) {
        try {
            Validation.checkText(text);
            return instance.publish(RequestType.SEND, instance.shardIndexOfUser(userId), this,
                    userId, null, null, text, 0, Long.MAX_VALUE);
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
            return instance.publish(RequestType.TIMELINE, instance.shardIndexOfUser(userId), this,
                    userId, null, null, null, limit, beforeMicros);
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
            Validation.QualifiedName name = Validation.parseUser(target, instance.domain());
            RingInstance owner = instance.remoteOwner(name);
            // A remote page is asked for by the reader's own shard, which then waits for the answer.
            int shard = owner == null ? instance.shardIndexOfName(name.local()) : instance.shardIndexOfUser(userId);
            return instance.publish(RequestType.PROFILE, shard, this,
                    userId, name.local(), owner, null, limit, beforeMicros);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public String toString() {
        return "Session[" + user + "]";
    }
}
