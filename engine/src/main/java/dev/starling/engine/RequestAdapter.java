package dev.starling.engine;

import dev.starling.spi.RequestType;
import com.lmax.disruptor.EventPoller;
import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;

import java.util.concurrent.CompletableFuture;

/**
 * A shard's side of its instance's request ring: takes the requests for this shard, runs each
 * through {@link UserOperations} and completes its future; a follow or profile of a user of
 * another instance becomes a remote call whose answer completes the future later. A fault inside
 * a handler fails only its own request, with {@code INTERNAL}.
 */
final class RequestAdapter implements EventPoller.Handler<RequestEvent> {

    private static final int BATCH = 256;
    /** What a handler returns when the answer comes later, from another instance. */
    private static final Object DEFERRED = new Object();

    private final int shard;
    private final UserOperations operations;
    private final FederationPort federation;
    private final RemoteCalls remoteCalls;
    private final FaultInjector injector;
    private final FaultReporter faults;
    private final ShardCounters counters;
    private int polled;

    RequestAdapter(int shard, UserOperations operations, FederationPort federation, RemoteCalls remoteCalls,
                   FaultInjector injector, FaultReporter faults, ShardCounters counters) {
        this.shard = shard;
        this.operations = operations;
        this.federation = federation;
        this.remoteCalls = remoteCalls;
        this.injector = injector;
        this.faults = faults;
        this.counters = counters;
    }

    /** Handles this shard's requests from {@code poller}, at most a batch; returns how many. */
    int poll(EventPoller<RequestEvent> poller) throws Exception {
        polled = 0;
        poller.poll(this);
        return polled;
    }

    @Override
    public boolean onEvent(RequestEvent event, long sequence, boolean endOfBatch) {
        if (event.shard != shard) {
            return true;
        }
        CompletableFuture<Object> future = event.future;
        RequestType type = event.type;
        try {
            Object result = handle(event);
            if (result != DEFERRED) {
                future.complete(result);
            }
        } catch (StarlingException e) {
            future.completeExceptionally(e);
        } catch (Throwable t) {
            faults.report(type + " request", t);
            future.completeExceptionally(new StarlingException(ErrorCode.INTERNAL,
                    type + " failed inside the engine: " + t, t));
        } finally {
            event.clearReferences();
            counters.done(type).incrementRelease();
        }
        return ++polled < BATCH;
    }

    private Object handle(RequestEvent event) {
        injector.beforeRequest(event.type);
        return switch (event.type) {
            case REGISTER -> operations.register(event.name);
            case LOG_IN -> operations.logIn(event.name);
            case FOLLOW -> {
                if (event.remoteInstance < 0) {
                    operations.follow(event.userId, event.user, event.name);
                    yield null;
                }
                federation.followRequest(event.remoteInstance, event.remoteShard, remoteCalls.register(event.future),
                        event.userId, event.name);
                yield DEFERRED;
            }
            case SEND -> operations.send(event.userId, event.user, event.text, event.receivedMicros);
            case TIMELINE -> operations.timeline(event.userId, event.limit, event.beforeMicros, event.beforeId);
            case PROFILE -> {
                if (event.remoteInstance < 0) {
                    yield operations.profile(event.name, event.limit, event.beforeMicros);
                }
                federation.profileRequest(event.remoteInstance, event.remoteShard, remoteCalls.register(event.future),
                        event.name, event.limit, event.beforeMicros);
                yield DEFERRED;
            }
        };
    }
}
