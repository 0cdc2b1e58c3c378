package dev.starling.centralized;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.spi.RequestType;
import dev.starling.spi.Validation;
import dev.starling.spi.ValidatingSession;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A logged-in user of a {@link CentralizedInstance} (inputs already checked by {@link
 * ValidatingSession}); every call is queued for the server thread.
 */
final class CentralizedSession extends ValidatingSession {

    private final CentralizedServer server;
    private final CentralizedServer.UserData user;

    CentralizedSession(CentralizedServer server, String domain, CentralizedServer.UserData user) {
        super(user.name.substring(0, user.name.indexOf('@')), domain);
        this.server = server;
        this.user = user;
    }

    /** 0 for every served domain: the one server holds them all. */
    @Override
    protected int instanceOf(String domain) {
        return server.serves(domain) ? 0 : NOT_DEPLOYED;
    }

    @Override
    protected CompletableFuture<Void> follow(Validation.QualifiedName target, int instance) {
        return server.submit(domain(), RequestType.FOLLOW, () -> {
            CentralizedServer.UserData followed = server.find(target.domain(), target.local());
            if (followed == user) {
                throw new StarlingException(ErrorCode.CANNOT_FOLLOW_SELF, user.name + " cannot follow itself");
            }
            user.following.add(followed);
            return null;
        });
    }

    @Override
    protected CompletableFuture<Message> send(String text) {
        long received = server.now();
        return server.submit(domain(), RequestType.SEND, () -> server.send(domain(), user, text, received));
    }

    @Override
    protected CompletableFuture<List<Message>> timelinePage(int limit, long beforeMicros, long beforeId) {
        return server.submit(domain(), RequestType.TIMELINE,
                () -> CentralizedServer.timeline(user, limit, beforeMicros, beforeId));
    }

    @Override
    protected CompletableFuture<List<Message>> profilePage(Validation.QualifiedName target, int instance, int limit,
                                                           long beforeMicros, long beforeId) {
        return server.submit(domain(), RequestType.PROFILE,
                () -> server.find(target.domain(), target.local()).newest(limit, beforeMicros, beforeId));
    }
}
