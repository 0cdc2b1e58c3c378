package dev.starling.tools.cli;

import dev.starling.api.StarlingException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How every command reports a failure. A user error (an option that cannot be parsed, a value
 * out of range, an output that cannot be written) is one line on stderr, prefixed by the command
 * name, with exit code 2; a run that fails for a reason outside the program (an I/O error, a
 * deployment that does not drain) is one line and exit 1; anything else is a bug: its stack trace,
 * a line asking to report it, and exit 1.
 */
public final class ErrorHandlers implements IParameterExceptionHandler, IExecutionExceptionHandler {

    public static final int USAGE = 2;
    public static final int FAILED = 1;

    /** Installs both handlers on a command line (they apply to its sub-commands too). */
    public static CommandLine install(CommandLine commandLine) {
        ErrorHandlers handlers = new ErrorHandlers();
        commandLine.setParameterExceptionHandler(handlers);
        commandLine.setExecutionExceptionHandler(handlers);
        return commandLine;
    }

    /** The command's name as typed after {@code starling}: {@code demo}, {@code gossip simulate}. */
    public static String name(CommandLine commandLine) {
        String qualified = commandLine.getCommandSpec().qualifiedName(" ");
        return qualified.startsWith("starling ") ? qualified.substring("starling ".length()) : qualified;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String message = oneLine(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                message += "; did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?";
            }
        }
        if (ex instanceof UnmatchedArgumentException || ex instanceof MissingParameterException) {
            message += " (see 'starling " + name(cmd) + " --help')";
        }
        PrintWriter err = cmd.getErr();
        err.println(name(cmd) + ": " + message);
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        Throwable cause = unwrap(ex);
        if (expected(cause)) {
            err.println(name(cmd) + ": " + oneLine(message(cause)));
        } else {
            cause.printStackTrace(err);
            err.println(name(cmd) + ": internal error (" + cause + "); this is a bug: please report it with the"
                    + " command line and the stack trace above");
        }
        err.flush();
        return FAILED;
    }

    /** The cause that says what went wrong, out of the wrappers that futures and executors add. */
    public static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                || cause instanceof java.lang.reflect.InvocationTargetException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Failures of a run that are not bugs of this program: the machine, the files, the engine's refusals. */
    static boolean expected(Throwable t) {
        return t instanceof StarlingException || t instanceof IOException || t instanceof UncheckedIOException
                || t instanceof IllegalStateException || t instanceof InterruptedException
                || t instanceof OutOfMemoryError;
    }

    private static String message(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + t.getMessage() + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB): lower the sizes, or give more heap, e.g. STARLING_HEAP=-Xmx8g ./starling ...";
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
