package dev.starling.centralized;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;
import dev.starling.engine.RequestType;
import dev.starling.engine.Validation;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A logged-in user of a {@link CentralizedInstance}; every call is queued for the server thread. */
final class CentralizedSession implements Session {

    private final CentralizedInstance instance;
    private final CentralizedServer server;
    private final CentralizedServer.UserData user;

    CentralizedSession(CentralizedInstance instance, CentralizedServer.UserData user) {
        this.instance = instance;
        this.server = instance.server();
        this.user = user;
    }

    @Override
    public String user() {
        return user.name;
    }

    @Override
    public CompletableFuture<Void> follow(String target) {
        try {
            Validation.QualifiedName name = Validation.parseUser(target, instance.domain());
            if (!server.serves(name.domain())) {
                throw new StarlingException(ErrorCode.UNKNOWN_INSTANCE, name.domain() + " is not deployed");
            }
            return server.submit(instance.domain(), RequestType.FOLLOW, () -> {
                CentralizedServer.UserData followed = server.find(name.domain(), name.local());
                if (followed == user) {
                    throw new StarlingException(ErrorCode.CANNOT_FOLLOW_SELF, user.name + " cannot follow itself");
                }
                user.following.add(followed);
                return null;
            });
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Message> sendMessage(String text) {
        try {
            Validation.checkText(text);
            long received = server.now();
            return server.submit(instance.domain(), RequestType.SEND,
                    () -> server.send(instance.domain(), user, text, received));
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<List<Message>> timeline(int limit) {
        return timeline(limit, Long.MAX_VALUE, Long.MIN_VALUE, false);
    }

    @Override
    public CompletableFuture<List<Message>> timeline(int limit, long beforeMicros) {
        return timeline(limit, beforeMicros, Long.MIN_VALUE, true);
    }

    @Override
    public CompletableFuture<List<Message>> timeline(int limit, Message before) {
        return Validation.afterCursor(before, (micros, id) -> timeline(limit, micros, id, false));
    }

    private CompletableFuture<List<Message>> timeline(int limit, long beforeMicros, long beforeId, boolean checkBefore) {
        try {
            Validation.checkLimit(limit);
            if (checkBefore) {
                Validation.checkBefore(beforeMicros);
            }
            return server.submit(instance.domain(), RequestType.TIMELINE,
                    () -> CentralizedServer.timeline(user, limit, beforeMicros, beforeId));
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<List<Message>> profile(String target, int limit) {
        return profile(target, limit, Long.MAX_VALUE, Long.MIN_VALUE, false);
    }

    @Override
    public CompletableFuture<List<Message>> profile(String target, int limit, long beforeMicros) {
        return profile(target, limit, beforeMicros, Long.MIN_VALUE, true);
    }

    @Override
    public CompletableFuture<List<Message>> profile(String target, int limit, Message before) {
        return Validation.afterCursor(before, (micros, id) -> profile(target, limit, micros, id, false));
    }

    private CompletableFuture<List<Message>> profile(String target, int limit, long beforeMicros, long beforeId,
                                                     boolean checkBefore) {
        try {
            Validation.checkLimit(limit);
            if (checkBefore) {
                Validation.checkBefore(beforeMicros);
            }
            Validation.QualifiedName name = Validation.parseUser(target, instance.domain());
            if (!server.serves(name.domain())) {
                throw new StarlingException(ErrorCode.UNKNOWN_INSTANCE, name.domain() + " is not deployed");
            }
            return server.submit(instance.domain(), RequestType.PROFILE,
                    () -> server.find(name.domain(), name.local()).newest(limit, beforeMicros, beforeId));
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public String toString() {
        return "Session[" + user.name + "]";
    }
}
