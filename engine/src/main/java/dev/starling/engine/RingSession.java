package dev.starling.engine;

import dev.starling.spi.Paging;
import dev.starling.api.Message;
import dev.starling.spi.Validation;
import dev.starling.spi.ValidatingSession;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A logged-in user of a RING instance (inputs already checked by {@link ValidatingSession}).
 * Reads run on the caller's thread ({@link CallerSide}); follows, sends and remote profile pages
 * are requests on the instance's ring ({@link RequestPublisher}), routed by the instance's {@link
 * ShardDirectory} and, for users of other instances, by the {@link FederationTransport}.
 */
final class RingSession extends ValidatingSession {

    /** {@link #instanceOf} this session's own instance. */
    private static final int LOCAL = -1;

    private final ShardDirectory directory;
    private final FederationTransport federation;
    private final RequestPublisher publisher;
    private final CallerSide callers;
    private final int shard;
    private final HomeWindow home;

    RingSession(ShardDirectory directory, FederationTransport federation, RequestPublisher publisher, CallerSide callers,
                UserOperations.Account account) {
        super(account.localName(), directory.domain());
        this.directory = directory;
        this.federation = federation;
        this.publisher = publisher;
        this.callers = callers;
        this.shard = directory.shardOfUser(account.userId());
        this.home = new HomeWindow(account.userId());
    }

    @Override
    protected int instanceOf(String domain) {
        if (domain.equals(domain())) {
            return LOCAL;
        }
        int index = federation.indexOf(domain);
        return index < 0 ? NOT_DEPLOYED : index;
    }

    @Override
    protected CompletableFuture<Void> follow(Validation.QualifiedName target, int instance) {
        int ownerShard = instance == LOCAL ? 0 : federation.shardOfName(instance, target.local());
        return publisher.follow(shard, home.userId, user(), target.local(), instance, ownerShard);
    }

    @Override
    protected CompletableFuture<Message> send(String text) {
        return publisher.send(shard, home.userId, user(), text);
    }

    @Override
    protected CompletableFuture<List<Message>> timelinePage(int limit, long beforeMicros, long beforeId) {
        return callers.timeline(home, limit, beforeMicros, beforeId,
                () -> publisher.timeline(shard, home.userId, limit, beforeMicros, beforeId));
    }

    @Override
    protected CompletableFuture<List<Message>> profilePage(Validation.QualifiedName target, int instance, int limit,
                                                           long beforeMicros, long beforeId) {
        if (instance == LOCAL) {
            return callers.profile(directory.shardOfName(target.local()), target.local(), limit, beforeMicros, beforeId);
        }
        // A remote page is asked for by the reader's own shard, which then waits for the answer.
        int remoteShard = federation.shardOfName(instance, target.local());
        if (beforeId == BY_STAMP) {
            return publisher.remoteProfile(shard, target.local(), instance, remoteShard, limit, beforeMicros);
        }
        // By message: one sender's stamps strictly increase, so at most one of its messages
        // shares the cursor's stamp. The page of stamps up to the cursor's, one longer, holds
        // the answer once that message is dropped when it is not after the cursor.
        long upTo = beforeMicros == Long.MAX_VALUE ? beforeMicros : beforeMicros + 1;
        return publisher.<List<Message>>remoteProfile(shard, target.local(), instance, remoteShard, limit + 1, upTo)
                .thenApply(page -> Paging.after(page, beforeMicros, beforeId, limit));
    }
}
