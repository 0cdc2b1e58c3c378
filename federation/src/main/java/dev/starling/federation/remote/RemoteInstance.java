package dev.starling.federation.remote;

import dev.starling.api.Session;
import dev.starling.spi.ValidatingInstance;

import java.util.concurrent.CompletableFuture;

/** An instance served by another process, reached through an {@link ApiClient}; names are checked here first. */
final class RemoteInstance extends ValidatingInstance {

    private final ApiClient client;

    RemoteInstance(String domain, ApiClient client) {
        super(domain);
        this.client = client;
    }

    @Override
    protected CompletableFuture<Session> register(String localName) {
        return client.register(domain(), localName).thenApply(this::session);
    }

    @Override
    protected CompletableFuture<Session> logInLocal(String localName) {
        return client.logIn(domain(), localName).thenApply(this::session);
    }

    private Session session(String user) {
        int at = user.lastIndexOf('@');
        return new RemoteSession(client, user.substring(0, at), user.substring(at + 1));
    }
}
