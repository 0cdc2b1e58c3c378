package dev.starling.engine;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.TimelineWindow;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A logged-in user of a {@link RingInstance}; every call is a request on the instance's ring. */
final class RingSession implements Session {

    private final RingInstance instance;
    private final long userId;
    private final String localName;
    private final String user;
    /** This user's timeline window, looked up on the first read and kept (the entry never moves). */
    private volatile TimelineWindow window;

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

    TimelineWindow window() {
        return window;
    }

    TimelineWindow window(TimelineWindow found) {
        window = found;
        return found;
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
            return instance.readTimeline(this, limit, beforeMicros);
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
            if (owner == null) {
                return instance.readProfile(name.local(), limit, beforeMicros);
            }
            // A remote page is asked for by the reader's own shard, which then waits for the answer.
            return instance.publish(RequestType.PROFILE, instance.shardIndexOfUser(userId), this,
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
