package dev.starling.jmh;

import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Waits for a request the way a well-behaved client does: {@code OVERLOADED} means "later", so
 * the request is issued again (after a yield) until it is taken; any other error is thrown.
 * A ring is full when its slowest shard is behind, and a shard with no requests of its own only
 * catches up when its thread next wakes, which on a busy 2-core machine can take a while.
 */
final class Overloaded {

    private Overloaded() {
    }

    static <T> T join(CompletableFuture<T> first, Supplier<CompletableFuture<T>> again) {
        CompletableFuture<T> future = first;
        while (true) {
            try {
                return future.join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof StarlingException s) || s.code() != ErrorCode.OVERLOADED) {
                    throw e;
                }
                Thread.yield();
                future = again.get();
            }
        }
    }

    static <T> T join(Supplier<CompletableFuture<T>> request) {
        return join(request.get(), request);
    }
}
