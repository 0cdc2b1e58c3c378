package dev.starling.engine;

import dev.starling.spi.RequestType;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;

import java.util.List;

/**
 * A shard's {@link FederationHandler}: applies what other instances send through the shard's
 * {@link UserOperations}, and completes the shard's own {@link RemoteCalls} with their answers.
 */
final class ShardFederationHandler implements FederationHandler {

    private final String domain;
    private final UserOperations operations;
    private final RemoteCalls remoteCalls;
    private final FaultInjector injector;
    private final FaultReporter faults;
    private final Backfill backfill = new Backfill();

    ShardFederationHandler(String domain, UserOperations operations, RemoteCalls remoteCalls, FaultInjector injector,
                           FaultReporter faults) {
        this.domain = domain;
        this.operations = operations;
        this.remoteCalls = remoteCalls;
        this.injector = injector;
        this.faults = faults;
    }

    @Override
    public void onDelivery(long senderId, long messageId, long stamp, String sender, String text) {
        operations.receiveDelivery(senderId, messageId, stamp, sender, text);
    }

    @Override
    public long onFollowRequest(int from, String targetLocalName) {
        return operations.acceptRemoteFollower(targetLocalName, from);
    }

    @Override
    public List<Message> backfillOf(long userId) {
        return operations.backfillOf(userId);
    }

    @Override
    public void onFollowAccepted(long correlation, long follower, long followed, List<Message> newestFirst) {
        Backfill out = backfill.reset(follower, followed);
        int n = Math.min(newestFirst.size(), out.ids.length);
        for (int i = 0; i < n; i++) {
            Message m = newestFirst.get(i);
            operations.keepCopy(m.id(), m.timestampMicros(), m.sender(), m.text());
            out.add(m.timestampMicros(), m.id());
        }
        operations.followAccepted(correlation, out);
    }

    @Override
    public List<Message> onProfileRequest(String localName, int limit, long beforeMicros) {
        return operations.profile(localName, limit, beforeMicros);
    }

    @Override
    public void onAnswer(long correlation, Object result) {
        remoteCalls.complete(correlation, result);
    }

    @Override
    public void onFailure(long correlation, StarlingException error) {
        remoteCalls.fail(correlation, error);
    }

    @Override
    public void beforeRemoteRequest(RequestType type) {
        injector.beforeRemoteRequest(type);
    }

    @Override
    public void onFault(String what, Throwable fault) {
        faults.report(what, fault);
    }

    @Override
    public String domain() {
        return domain;
    }
}
