package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.engine.FaultInjector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.starling.federation.Api.await;
import static dev.starling.federation.Api.expectError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code TIMEOUT} means (RING only: CENTRALIZED serves every domain on one thread and never
 * waits on another instance). The outcome of the request is unknown, as with any timeout between
 * two systems: a follow that answered {@code TIMEOUT} completes when the other instance answers
 * later, and following again is a safe no-op; a late profile page is dropped.
 */
class RemoteTimeoutTest {

    private static final Duration QUIET = Duration.ofSeconds(30);

    @Test
    void shouldCompleteAFollowThatAnsweredTimeoutOnceTheOtherInstanceAnswers() {
        FaultInjector injector = new FaultInjector();
        try (Deployment d = Deployment.builder().instances("vub.be", "ulb.be").engine(EngineKind.RING)
                .remoteTimeout(Duration.ofMillis(300)).faultInjector(injector).start()) {
            Session alice = await(d.instance("vub.be").registerUser("alice"));
            Session bob = await(d.instance("ulb.be").registerUser("bob"));
            Message m1 = await(bob.sendMessage("m1"));
            Message m2 = await(bob.sendMessage("m2"));
            injector.suspendFederation("ulb.be", true);
            expectError(ErrorCode.TIMEOUT, alice.follow("bob@ulb.be"));
            expectError(ErrorCode.TIMEOUT, alice.profile("bob@ulb.be", 10));
            assertEquals(List.of(), await(alice.timeline(10)));
            injector.suspendFederation("ulb.be", false);
            assertTrue(d.awaitQuiescent(QUIET));
            assertEquals(List.of(m2, m1), await(alice.timeline(10)), "the follow took effect: the backfill arrived");
            Message m3 = await(bob.sendMessage("m3"));
            assertTrue(d.awaitQuiescent(QUIET));
            assertEquals(List.of(m3, m2, m1), await(alice.timeline(10)), "and later messages arrive");
            await(alice.follow("bob@ulb.be")); // following again: a no-op, nothing twice
            assertTrue(d.awaitQuiescent(QUIET));
            assertEquals(List.of(m3, m2, m1), await(alice.timeline(10)));
            assertEquals(2, d.metrics().instance("vub.be").remoteTimeouts());
        }
    }
}
