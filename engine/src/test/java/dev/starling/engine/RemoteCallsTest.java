package dev.starling.engine;

import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemoteCallsTest {

    private final ShardCounters counters = new ShardCounters(new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * CountersReader.COUNTER_LENGTH))), "shard");

    private static ErrorCode failure(CompletableFuture<Object> f) {
        CompletionException e = assertThrows(CompletionException.class, f::join);
        return ((StarlingException) e.getCause()).code();
    }

    @Test
    void shouldCompleteEachCallByItsOwnCorrelation() {
        RemoteCalls calls = new RemoteCalls(60_000_000_000L, counters);
        CompletableFuture<Object> a = new CompletableFuture<>();
        CompletableFuture<Object> b = new CompletableFuture<>();
        long ca = calls.register(a);
        long cb = calls.register(b);
        assertTrue(ca != cb);
        assertEquals(2, counters.remoteCallsWaiting.get());
        calls.complete(cb, "page");
        calls.fail(ca, new StarlingException(ErrorCode.UNKNOWN_USER, "no"));
        assertEquals("page", b.join());
        assertEquals(ErrorCode.UNKNOWN_USER, failure(a));
        assertEquals(0, counters.remoteCallsWaiting.get());
        assertEquals(0, calls.expire());
    }

    @Test
    void shouldTimeOutInCallOrderAndDropTheLateAnswer() {
        RemoteCalls calls = new RemoteCalls(1_000_000L, counters); // 1 ms
        CompletableFuture<Object> first = new CompletableFuture<>();
        CompletableFuture<Object> second = new CompletableFuture<>();
        long c1 = calls.register(first);
        calls.register(second);
        calls.complete(calls.register(new CompletableFuture<>()), null); // answered in time: never times out
        LockSupport.parkNanos(5_000_000);
        assertEquals(2, calls.expire());
        assertEquals(ErrorCode.TIMEOUT, failure(first));
        assertEquals(ErrorCode.TIMEOUT, failure(second));
        assertEquals(2, counters.remoteTimeouts.get());
        calls.complete(c1, "late");
        assertEquals(ErrorCode.TIMEOUT, failure(first), "the late answer changes nothing");
        assertEquals(0, counters.remoteCallsWaiting.get());
    }

    @Test
    void shouldFailEveryWaitingCallOnClose() {
        RemoteCalls calls = new RemoteCalls(60_000_000_000L, counters);
        CompletableFuture<Object> a = new CompletableFuture<>();
        calls.register(a);
        calls.failAll(new StarlingException(ErrorCode.CLOSED, "closed"));
        assertEquals(ErrorCode.CLOSED, failure(a));
        assertFalse(calls.expire() > 0);
        assertEquals(0, counters.remoteCallsWaiting.get());
    }
}
