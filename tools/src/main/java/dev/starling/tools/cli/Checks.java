package dev.starling.tools.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.time.Duration;
import java.util.Locale;

/**
 * Checks of option values made before a command does any work. A failed check is a
 * {@link ParameterException} naming the option, its allowed range and the value given; the
 * command line's handler ({@link ErrorHandlers}) prints it as one line and exits 2.
 */
public final class Checks {

    private Checks() {
    }

    /** A user error about the command line: one line, exit 2. */
    public static ParameterException fail(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code value} within {@code min..max}, both included. */
    public static void range(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw fail(spec, String.format(Locale.ROOT, "%s must be %,d to %,d, got %,d", option, min, max, value));
        }
    }

    /** {@code value} within {@code min..max}, both included. */
    public static void range(CommandSpec spec, String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw fail(spec, String.format(Locale.ROOT, "%s must be %s to %s, got %s", option, number(min), number(max),
                    number(value)));
        }
    }

    /** A duration of at least {@code min} and at most {@code max}. */
    public static void range(CommandSpec spec, String option, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw fail(spec, option + " must be " + DurationConverter.format(min) + " to " + DurationConverter.format(max)
                    + ", got " + DurationConverter.format(value));
        }
    }

    /** A duration above zero and at most {@code max}. */
    public static void positive(CommandSpec spec, String option, Duration value, Duration max) {
        if (value.isZero() || value.isNegative() || value.compareTo(max) > 0) {
            throw fail(spec, option + " must be above 0 s and at most " + DurationConverter.format(max) + ", got "
                    + DurationConverter.format(value));
        }
    }

    /** A check of a rule between options, e.g. {@code --follows-mean below --users}. */
    public static void require(CommandSpec spec, boolean ok, String message) {
        if (!ok) {
            throw fail(spec, message);
        }
    }

    /** True when the user gave {@code option} on the command line (not its default). */
    public static boolean given(CommandSpec spec, String option) {
        return spec.commandLine().getParseResult() != null && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v)
                : String.format(Locale.ROOT, "%s", v);
    }
}
