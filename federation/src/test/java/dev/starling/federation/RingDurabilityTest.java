package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.engine.FaultInjector;
import dev.starling.spi.RequestType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.starling.federation.Api.await;
import static dev.starling.federation.Api.expectError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only the RING engine promises: persistence, bounded rings, and handlers that survive faults. */
class RingDurabilityTest {

    private static Deployment open(Path dir) {
        return Deployment.builder().instances("vub.be").engine(EngineKind.RING).threads(2).shardsPerInstance(4)
                .dataDirectory(dir).expectedLoad(1_000, 50, 20).start();
    }

    @Test
    void shouldFindEverythingAgainAfterReopeningTheDataDirectory(@TempDir Path dir) {
        List<Message> sent = new ArrayList<>();
        try (Deployment d = open(dir)) {
            Instance vub = d.instance("vub.be");
            Session alice = await(vub.registerUser("Alice"));
            Session bob = await(vub.registerUser("bob"));
            for (int i = 0; i < 20; i++) {
                await(vub.registerUser("user" + i));
            }
            await(bob.follow("alice"));
            sent.addAll(ContractTest.sendMany(alice, 120));
            assertTrue(d.awaitQuiescent(Duration.ofSeconds(30)));
        }
        assertTrue(Files.isDirectory(dir.resolve("vub.be")), "data stays after close");
        try (Deployment d = open(dir)) {
            Instance vub = d.instance("vub.be");
            Session alice = await(vub.logIn("alice"));
            assertEquals("Alice@vub.be", alice.user());
            Session bob = await(vub.logIn("bob"));
            expectError(ErrorCode.USER_EXISTS, vub.registerUser("ALICE"));
            for (int i = 0; i < 20; i++) {
                await(vub.logIn("user" + i));
            }
            assertEquals(ContractTest.reversed(sent), await(bob.profile("alice", 10_000)));
            assertEquals(ContractTest.reversed(sent).subList(0, 100), await(bob.timeline(100)));
            // The follow edge survived: a new message still fans out, with a fresh id and a later stamp.
            Message next = await(alice.sendMessage("after reopening"));
            assertTrue(next.timestampMicros() > sent.get(sent.size() - 1).timestampMicros());
            assertFalse(sent.stream().anyMatch(m -> m.id() == next.id()));
            assertTrue(d.awaitQuiescent(Duration.ofSeconds(30)));
            assertEquals(next, await(bob.timeline(1)).get(0));
            Session newcomer = await(vub.registerUser("newcomer"));
            assertEquals("newcomer@vub.be", newcomer.user());
        }
    }

    @Test
    void shouldAnswerOverloadedAtOnceAndApplyEveryAcknowledgedRequest() {
        try (Deployment d = Deployment.builder().instances("vub.be").engine(EngineKind.RING).threads(1)
                .shardsPerInstance(2).ringSize(64).start()) {
            Session alice = await(d.instance("vub.be").registerUser("alice"));
            List<CompletableFuture<Message>> futures = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                futures.add(alice.sendMessage("flood " + i));
            }
            int acknowledged = 0;
            int overloaded = 0;
            for (CompletableFuture<Message> future : futures) {
                try {
                    await(future);
                    acknowledged++;
                } catch (dev.starling.api.StarlingException e) {
                    assertEquals(ErrorCode.OVERLOADED, e.code());
                    overloaded++;
                }
            }
            assertTrue(overloaded > 0, "a 64-slot ring must push back on 20,000 requests sent at once");
            assertTrue(d.awaitQuiescent(Duration.ofSeconds(30)));
            int stored = 0; // paged: a caller that runs an idle shard itself gets more than one page acknowledged
            List<Message> page = await(alice.profile("alice", 10_000));
            while (!page.isEmpty()) {
                stored += page.size();
                page = await(alice.profile("alice", 10_000, page.get(page.size() - 1).timestampMicros()));
            }
            assertEquals(acknowledged, stored, "every acknowledged message is stored, and nothing else");
        }
    }

    @Test
    void shouldFailOnlyTheFaultyRequestAndCarryOn() {
        FaultInjector faults = new FaultInjector();
        try (Deployment d = Deployment.builder().instances("vub.be").engine(EngineKind.RING).faultInjector(faults).start()) {
            Session alice = await(d.instance("vub.be").registerUser("alice"));
            faults.failNext(RequestType.SEND, 1);
            expectError(ErrorCode.INTERNAL, alice.sendMessage("this one fails inside the handler"));
            Message ok = await(alice.sendMessage("this one is stored"));
            assertEquals(List.of(ok), await(alice.profile("alice", 10)));
            assertEquals(1, d.metrics().instance("vub.be").faults());
        }
    }

    @Test
    void shouldRefuseReopeningWithAnotherShardCount(@TempDir Path dir) {
        try (Deployment d = open(dir)) {
            await(d.instance("vub.be").registerUser("alice"));
        }
        assertEquals(ErrorCode.INVALID_ARGUMENT, org.junit.jupiter.api.Assertions.assertThrows(
                dev.starling.api.StarlingException.class,
                () -> Deployment.builder().instances("vub.be").engine(EngineKind.RING).shardsPerInstance(2)
                        .dataDirectory(dir).start()).code());
    }
}
