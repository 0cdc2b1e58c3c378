package dev.starling.centralized;

import dev.starling.api.Session;
import dev.starling.spi.RequestType;
import dev.starling.spi.ValidatingInstance;

import java.util.concurrent.CompletableFuture;

/** One domain served by the {@link CentralizedServer}'s single thread. */
final class CentralizedInstance extends ValidatingInstance {

    private final CentralizedServer server;

    CentralizedInstance(CentralizedServer server, String domain) {
        super(domain);
        this.server = server;
    }

    @Override
    protected CompletableFuture<Session> register(String localName) {
        return server.submit(domain(), RequestType.REGISTER,
                () -> new CentralizedSession(server, domain(), server.register(domain(), localName)));
    }

    @Override
    protected CompletableFuture<Session> logInLocal(String localName) {
        return server.submit(domain(), RequestType.LOG_IN,
                () -> new CentralizedSession(server, domain(), server.find(domain(), localName)));
    }
}
