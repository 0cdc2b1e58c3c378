package dev.starling.centralized;

import dev.starling.api.Instance;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;
import dev.starling.engine.RequestType;
import dev.starling.engine.Validation;

import java.util.concurrent.CompletableFuture;

/** One domain served by the {@link CentralizedServer}'s single thread. */
public final class CentralizedInstance implements Instance {

    private final CentralizedServer server;
    private final String domain;

    CentralizedInstance(CentralizedServer server, String domain) {
        this.server = server;
        this.domain = domain;
    }

    @Override
    public String domain() {
        return domain;
    }

    CentralizedServer server() {
        return server;
    }

    @Override
    public CompletableFuture<Session> registerUser(String userName) {
        try {
            String local = Validation.localNameOnInstance(userName, domain);
            return server.submit(domain, RequestType.REGISTER,
                    () -> new CentralizedSession(this, server.register(domain, local)));
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Session> logIn(String userName) {
        try {
            String local = Validation.localNameOnInstance(userName, domain);
            return server.submit(domain, RequestType.LOG_IN,
                    () -> new CentralizedSession(this, server.find(domain, local)));
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
