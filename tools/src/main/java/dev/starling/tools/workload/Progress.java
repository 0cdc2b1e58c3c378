package dev.starling.tools.workload;

import java.io.PrintStream;

/** A single progress line on the terminal, rewritten in place at most every 250 ms. */
public final class Progress {

    private final PrintStream out;
    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastPrint;

    public Progress(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    public void update(long done) {
        long now = System.nanoTime();
        if (now - lastPrint < 250_000_000L && done < total) {
            return;
        }
        lastPrint = now;
        double seconds = (now - startNanos) / 1e9;
        int width = 30;
        int filled = total == 0 ? width : (int) Math.min(width, done * width / total);
        out.printf("\r  %-26s [%s%s] %,d/%,d  %,.0f/s   ", label, "#".repeat(filled), ".".repeat(width - filled),
                done, total, seconds > 0 ? done / seconds : 0.0);
        out.flush();
    }

    /** Ends the line and returns the elapsed seconds. */
    public double finish(long done) {
        lastPrint = 0;
        update(done);
        out.println();
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
