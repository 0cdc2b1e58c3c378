package dev.starling.tools;

import dev.starling.api.StarlingException;

import java.util.concurrent.CompletionException;

/** Small helpers shared by the workload commands. */
final class Cli {

    private Cli() {
    }

    /** Engine threads when none are given: min(2, cores), so the command line stays responsive on 2 cores. */
    static int threadsOrDefault(Integer threads) {
        return threads != null ? threads : Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    /** A failure in one line: the message of an expected failure (it carries its error code), else the exception. */
    static String describe(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof StarlingException || cause instanceof IllegalArgumentException
                || cause instanceof IllegalStateException || cause instanceof java.io.UncheckedIOException) {
            return cause.getMessage();
        }
        return cause.toString();
    }
}
