package dev.starling.redis;

import dev.starling.api.Message;
import dev.starling.spi.ValidatingSession;
import dev.starling.spi.Validation;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A logged-in user of a {@link RedisInstance} (inputs already checked by {@link ValidatingSession}). */
final class RedisSession extends ValidatingSession {

    private final RedisInstance instance;
    private final RedisInstance.UserRef user;
    private final Function<String, RedisInstance> directory;

    RedisSession(RedisInstance instance, RedisInstance.UserRef user, Function<String, RedisInstance> directory) {
        super(user.localName(), instance.domain());
        this.instance = instance;
        this.user = user;
        this.directory = directory;
    }

    /** The instance's index in the engine's directory (only whether it is deployed matters here). */
    @Override
    protected int instanceOf(String domain) {
        return directory.apply(domain) == null ? NOT_DEPLOYED : 0;
    }

    @Override
    protected CompletableFuture<Void> follow(Validation.QualifiedName target, int ignored) {
        return instance.follow(user, target, directory.apply(target.domain()));
    }

    @Override
    protected CompletableFuture<Message> send(String text) {
        return instance.send(user, text);
    }

    @Override
    protected CompletableFuture<List<Message>> timelinePage(int limit, long beforeMicros, long beforeId) {
        return instance.timeline(user, limit, beforeMicros, beforeId);
    }

    @Override
    protected CompletableFuture<List<Message>> profilePage(Validation.QualifiedName target, int ignored, int limit,
                                                           long beforeMicros, long beforeId) {
        return instance.profile(target, directory.apply(target.domain()), limit, beforeMicros, beforeId);
    }
}
