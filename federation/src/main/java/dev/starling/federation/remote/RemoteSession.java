package dev.starling.federation.remote;

import dev.starling.api.Message;
import dev.starling.federation.remote.codecs.Cursor;
import dev.starling.spi.ValidatingSession;
import dev.starling.spi.Validation;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A user logged in on a served instance, used from another process: inputs are checked here as
 * on any instance ({@link ValidatingSession}), then each call is a request to the serving process
 * through its {@link ApiClient}. Whether another instance is deployed is the serving process's
 * to say ({@code UNKNOWN_INSTANCE} comes back from it).
 */
final class RemoteSession extends ValidatingSession {

    /** {@link #instanceOf} any domain: the serving process resolves it. */
    private static final int RESOLVED_THERE = 0;

    private final ApiClient client;

    RemoteSession(ApiClient client, String localName, String domain) {
        super(localName, domain);
        this.client = client;
    }

    @Override
    protected int instanceOf(String domain) {
        return RESOLVED_THERE;
    }

    @Override
    protected CompletableFuture<Void> follow(Validation.QualifiedName target, int instance) {
        return client.follow(user(), target.local() + "@" + target.domain());
    }

    @Override
    protected CompletableFuture<Message> send(String text) {
        return client.send(user(), text);
    }

    @Override
    protected CompletableFuture<List<Message>> timelinePage(int limit, long beforeMicros, long beforeId) {
        return client.page(user(), "", limit, cursor(beforeMicros, beforeId), beforeMicros, beforeId);
    }

    @Override
    protected CompletableFuture<List<Message>> profilePage(Validation.QualifiedName target, int instance, int limit,
                                                           long beforeMicros, long beforeId) {
        return client.page(user(), target.local() + "@" + target.domain(), limit, cursor(beforeMicros, beforeId),
                beforeMicros, beforeId);
    }

    private static Cursor cursor(long beforeMicros, long beforeId) {
        if (beforeId != BY_STAMP) {
            return Cursor.BEFORE_MESSAGE;
        }
        return beforeMicros == Long.MAX_VALUE ? Cursor.NEWEST : Cursor.BEFORE_STAMP;
    }
}
