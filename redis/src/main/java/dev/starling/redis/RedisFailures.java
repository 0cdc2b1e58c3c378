package dev.starling.redis;

import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;
import io.lettuce.core.RedisCommandTimeoutException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** What a failure inside the REDIS engine answers to the caller: always a {@link StarlingException}. */
final class RedisFailures {

    private RedisFailures() {
    }

    /**
     * The typed error for {@code failure}: a {@link StarlingException} as it is; anything after the
     * engine closed is {@code CLOSED}; a command or remote call that timed out is {@code TIMEOUT};
     * the rest (a lost connection, a server error) is {@code INTERNAL}.
     */
    static StarlingException translate(Throwable failure, boolean closed, String what) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof StarlingException starling) {
            return starling;
        }
        if (closed) {
            return new StarlingException(ErrorCode.CLOSED, what + ": the deployment is closed");
        }
        if (cause instanceof RedisCommandTimeoutException || cause instanceof TimeoutException) {
            return new StarlingException(ErrorCode.TIMEOUT, what + " timed out: " + cause.getMessage(), cause);
        }
        return new StarlingException(ErrorCode.INTERNAL, what + " failed on Redis: " + cause, cause);
    }
}
