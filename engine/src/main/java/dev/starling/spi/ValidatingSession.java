package dev.starling.spi;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The API's rules for a {@link Session}, written once for every engine: names are parsed against
 * the session's domain, following oneself and users of instances that are not deployed are
 * refused, texts, limits and cursors are checked, all on the caller's thread; a bad input fails
 * the returned future at once and nothing is submitted. The engine gets checked requests only.
 */
public abstract class ValidatingSession implements Session {

    private final String localName;
    private final String domain;
    private final String user;

    protected ValidatingSession(String localName, String domain) {
        this.localName = localName;
        this.domain = domain;
        this.user = localName + "@" + domain;
    }

    @Override
    public final String user() {
        return user;
    }

    /** The session's domain. */
    protected final String domain() {
        return domain;
    }

    @Override
    public final CompletableFuture<Void> follow(String target) {
        try {
            Validation.QualifiedName name = Validation.parseUser(target, domain);
            if (name.domain().equals(domain) && Validation.sameName(name.local(), localName)) {
                throw new StarlingException(ErrorCode.CANNOT_FOLLOW_SELF, user + " cannot follow itself");
            }
            return follow(name, deployed(name));
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public final CompletableFuture<Message> sendMessage(String text) {
        try {
            Validation.checkText(text);
            return send(text);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public final CompletableFuture<List<Message>> timeline(int limit) {
        return checkedTimeline(limit, Long.MAX_VALUE, BY_STAMP);
    }

    @Override
    public final CompletableFuture<List<Message>> timeline(int limit, long beforeMicros) {
        try {
            Validation.checkBefore(beforeMicros);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return checkedTimeline(limit, beforeMicros, BY_STAMP);
    }

    @Override
    public final CompletableFuture<List<Message>> timeline(int limit, Message before) {
        return Validation.afterCursor(before, (micros, id) -> checkedTimeline(limit, micros, id));
    }

    @Override
    public final CompletableFuture<List<Message>> profile(String target, int limit) {
        return checkedProfile(target, limit, Long.MAX_VALUE, BY_STAMP);
    }

    @Override
    public final CompletableFuture<List<Message>> profile(String target, int limit, long beforeMicros) {
        try {
            Validation.checkBefore(beforeMicros);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return checkedProfile(target, limit, beforeMicros, BY_STAMP);
    }

    @Override
    public final CompletableFuture<List<Message>> profile(String target, int limit, Message before) {
        return Validation.afterCursor(before, (micros, id) -> checkedProfile(target, limit, micros, id));
    }

    private CompletableFuture<List<Message>> checkedTimeline(int limit, long beforeMicros, long beforeId) {
        try {
            Validation.checkLimit(limit);
            return timelinePage(limit, beforeMicros, beforeId);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<List<Message>> checkedProfile(String target, int limit, long beforeMicros,
                                                            long beforeId) {
        try {
            Validation.checkLimit(limit);
            Validation.QualifiedName name = Validation.parseUser(target, domain);
            return profilePage(name, deployed(name), limit, beforeMicros, beforeId);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private int deployed(Validation.QualifiedName name) {
        int instance = instanceOf(name.domain());
        if (instance == NOT_DEPLOYED) {
            throw new StarlingException(ErrorCode.UNKNOWN_INSTANCE, name.domain() + " is not deployed");
        }
        return instance;
    }

    /**
     * The {@code beforeId} of a page by stamp alone: the entries stamped strictly before {@code
     * beforeMicros}. Any other value pages by message (see the API's "Paging by message").
     */
    protected static final long BY_STAMP = Long.MIN_VALUE;

    /** What {@link #instanceOf} answers for a domain that no instance serves. */
    protected static final int NOT_DEPLOYED = Integer.MIN_VALUE;

    /**
     * The engine's index of the instance serving {@code domain} (any value the engine likes,
     * handed back to it with the request), or {@link #NOT_DEPLOYED}.
     */
    protected abstract int instanceOf(String domain);

    /** Follows a user of a deployed instance other than oneself; {@code instance} is {@link #instanceOf} its domain. */
    protected abstract CompletableFuture<Void> follow(Validation.QualifiedName target, int instance);

    /** Sends a valid text. */
    protected abstract CompletableFuture<Message> send(String text);

    /**
     * A page of the home timeline after the cursor ({@code beforeMicros}, {@code beforeId}), or
     * ({@link #BY_STAMP}) strictly before {@code beforeMicros}; {@code limit} is valid.
     */
    protected abstract CompletableFuture<List<Message>> timelinePage(int limit, long beforeMicros, long beforeId);

    /** A page of a profile of a user of a deployed instance, with the cursor as for {@link #timelinePage}. */
    protected abstract CompletableFuture<List<Message>> profilePage(Validation.QualifiedName target, int instance,
                                                                    int limit, long beforeMicros, long beforeId);

    @Override
    public String toString() {
        return "Session[" + user + "]";
    }
}
