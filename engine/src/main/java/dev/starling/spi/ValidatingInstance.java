package dev.starling.spi;

import dev.starling.api.Instance;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;

import java.util.concurrent.CompletableFuture;

/**
 * The API's rules for an {@link Instance}, written once for every engine: each call validates its
 * input on the caller's thread (a bad input fails the returned future at once, and nothing is
 * submitted), then hands a checked, normalised request to the engine.
 */
public abstract class ValidatingInstance implements Instance {

    private final String domain;

    protected ValidatingInstance(String domain) {
        this.domain = domain;
    }

    @Override
    public final String domain() {
        return domain;
    }

    @Override
    public final CompletableFuture<Session> registerUser(String userName) {
        try {
            return register(Validation.localNameOnInstance(userName, domain));
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public final CompletableFuture<Session> logIn(String userName) {
        try {
            return logInLocal(Validation.localNameOnInstance(userName, domain));
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Registers a valid local name (without its domain). */
    protected abstract CompletableFuture<Session> register(String localName);

    /** Logs in a valid local name (without its domain). */
    protected abstract CompletableFuture<Session> logInLocal(String localName);
}
