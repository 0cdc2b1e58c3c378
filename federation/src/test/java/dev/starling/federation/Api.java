package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers: wait for a future with a deadline, and expect a typed error. */
final class Api {

    private Api() {
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StarlingException s) {
                throw s;
            }
            throw new AssertionError("future failed with something other than StarlingException", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("future not completed within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static StarlingException expectError(ErrorCode code, CompletableFuture<?> future) {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            StarlingException s = assertInstanceOf(StarlingException.class, e.getCause(), "cause of " + e);
            assertEquals(code, s.code(), s.getMessage());
            return s;
        } catch (TimeoutException e) {
            fail("future not completed within 30 s; expected " + code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return fail("expected " + code + " but the future succeeded");
    }

    /**
     * How a future ended: null when it completed with a value, else the code of its
     * {@link StarlingException}. Anything else (another exception, no answer in 30 s) fails the test.
     */
    static ErrorCode outcome(CompletableFuture<?> future) {
        try {
            await(future);
            return null;
        } catch (StarlingException e) {
            return e.code();
        }
    }
}
