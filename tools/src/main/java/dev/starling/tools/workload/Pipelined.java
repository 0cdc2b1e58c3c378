package dev.starling.tools.workload;

import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Issues many requests with a bounded number in flight, for loading data fast: an
 * {@code OVERLOADED} answer is retried after a short pause (the engine said "later", not "no");
 * any other error stops the run and is rethrown.
 */
public final class Pipelined {

    private Pipelined() {
    }

    public static void run(int count, int window, IntFunction<CompletableFuture<?>> request, Progress progress) {
        Semaphore slots = new Semaphore(window);
        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < count && failure.get() == null; i++) {
            slots.acquireUninterruptibly();
            submit(i, request, slots, done, failure);
            if (progress != null) {
                progress.update(done.get());
            }
        }
        slots.acquireUninterruptibly(window);
        if (failure.get() != null) {
            Throwable t = failure.get();
            throw t instanceof RuntimeException r ? r : new CompletionException(t);
        }
        if (progress != null) {
            progress.finish(done.get());
        }
    }

    private static void submit(int i, IntFunction<CompletableFuture<?>> request, Semaphore slots, AtomicLong done,
                               AtomicReference<Throwable> failure) {
        request.apply(i).whenComplete((result, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof StarlingException s && s.code() == ErrorCode.OVERLOADED) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                CompletableFuture.runAsync(() -> submit(i, request, slots, done, failure));
                return;
            }
            if (cause != null) {
                failure.compareAndSet(null, cause);
            } else {
                done.incrementAndGet();
            }
            slots.release();
        });
    }
}
