package dev.starling.tools.workload;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long step. On a terminal ({@code System.console() != null}) one line rewritten in
 * place with {@code \r} at most every 250 ms; in a pipe or a file a plain line every
 * {@value #PLAIN_EVERY_SECONDS} seconds and one when the step ends, so a log holds no overwritten
 * updates; nothing at all after {@link #quiet(boolean) quiet(true)} ({@code --quiet}).
 */
public final class Progress {

    static final int PLAIN_EVERY_SECONDS = 5;
    private static volatile boolean quiet;
    private static volatile Boolean terminal;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastPrint;
    private boolean printedInPlace;

    public Progress(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.lastPrint = startNanos;
    }

    /** Silences every progress line of this process (results are still printed). */
    public static void quiet(boolean silent) {
        quiet = silent;
    }

    /** Whether lines are rewritten in place; by default when a console is attached. */
    public static boolean terminal() {
        Boolean t = terminal;
        return t != null ? t : System.console() != null;
    }

    /** Overrides the console test (for tests). */
    static void terminal(Boolean inPlace) {
        terminal = inPlace;
    }

    public void update(long done) {
        status(String.format(Locale.ROOT, "%-26s %s %,d/%,d  %,.0f/s", label, bar(done), done, total, rate(done)),
                done >= total && terminal()); // in a pipe, finish() prints the last line
    }

    /**
     * A free-form progress text, e.g. a workload's seconds and requests; printed as {@link #update}
     * prints its bar. {@code force} prints it whatever the time since the last one.
     */
    public void status(String text, boolean force) {
        if (quiet) {
            return;
        }
        long now = System.nanoTime();
        boolean inPlace = terminal();
        long every = inPlace ? 250_000_000L : PLAIN_EVERY_SECONDS * 1_000_000_000L;
        if (!force && now - lastPrint < every) {
            return;
        }
        lastPrint = now;
        if (inPlace) {
            out.print("\r  " + text + "   ");
            printedInPlace = true;
        } else {
            out.println("  " + text);
        }
        out.flush();
    }

    /** Ends the step (its last line, then a line break on a terminal) and returns the elapsed seconds. */
    public double finish(long done) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (!quiet) {
            if (terminal()) {
                update(done);
            } else {
                status(String.format(Locale.ROOT, "%-26s %,d/%,d in %.1f s, %,.0f/s", label, done, total, seconds,
                        rate(done)), true);
            }
        }
        end();
        return seconds;
    }

    /** Ends a line rewritten in place, if any, so that the next output starts on its own line. */
    public void end() {
        if (printedInPlace) {
            out.println();
            out.flush();
            printedInPlace = false;
        }
    }

    private String bar(long done) {
        int width = 30;
        int filled = total == 0 ? width : (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    private double rate(long done) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return seconds > 0 ? done / seconds : 0.0;
    }
}
