package dev.starling.tools.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them: {@code 10} (seconds), {@code 10s}, {@code 1.5s},
 * {@code 500ms}, {@code 2m}, {@code 2min}, {@code 1h}; a space before the unit and any case
 * are allowed. A sign is accepted here so that a range check can say what is wrong with it.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern DURATION = Pattern.compile(
            "([-+]?(?:\\d+\\.?\\d*|\\.\\d+))\\s*(ns|us|µs|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration: give seconds (10, 1.5) or a number"
                    + " with a unit (10s, 500ms, 2m)");
        }
        double number = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double nanosPerUnit = switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "m", "min", "mins", "minute", "minutes" -> 60e9;
            case "h", "hour", "hours" -> 3600e9;
            default -> 1e9;
        };
        double nanos = number * nanosPerUnit;
        if (Math.abs(nanos) > 1e18) {
            throw new TypeConversionException("'" + value + "' is too long a duration");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** A duration in the unit that shows it best: {@code 500 ms}, {@code 1.5 s}, {@code 2 min}. */
    public static String format(Duration d) {
        double seconds = d.toNanos() / 1e9;
        double abs = Math.abs(seconds);
        if (abs != 0 && abs < 1) {
            return trim(seconds * 1e3) + " ms";
        }
        if (abs >= 7200 && abs % 3600 == 0) {
            return trim(seconds / 3600) + " h";
        }
        if (abs >= 120 && abs % 60 == 0) {
            return trim(seconds / 60) + " min";
        }
        return trim(seconds) + " s";
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
