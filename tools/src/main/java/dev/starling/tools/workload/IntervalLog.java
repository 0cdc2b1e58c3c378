package dev.starling.tools.workload;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Writes a run's latencies as an HdrHistogram interval log ({@code .hlog}): one histogram per
 * operation and second, tagged with the operation ({@code timeline}, {@code profile},
 * {@code send}); values in nanoseconds. Read it with HdrHistogram's {@code HistogramLogReader}
 * or plot it with HdrHistogram's log analyzers.
 */
public final class IntervalLog implements RunObserver, Closeable {

    private final HistogramLogWriter writer;
    private final Set<Operation> operations;
    private boolean started;

    /**
     * @param file       the log to write (replaced if it exists)
     * @param operations the operations to log (those the mix issues), each every interval, empty or not
     * @param comment    a first line saying what was run
     */
    public IntervalLog(Path file, Set<Operation> operations, String comment) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.writer = new HistogramLogWriter(file.toFile());
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
        this.operations = Set.copyOf(operations);
        writer.outputComment(comment);
        writer.outputLogFormatVersion();
    }

    @Override
    public void interval(long startEpochMillis, long endEpochMillis, Map<Operation, Histogram> latencies) {
        if (!started) {
            started = true;
            writer.outputStartTime(startEpochMillis);
            writer.setBaseTime(startEpochMillis);
            writer.outputBaseTime(startEpochMillis);
            writer.outputLegend();
        }
        for (Operation op : Operation.values()) {
            if (operations.contains(op)) {
                Histogram h = latencies.get(op);
                h.setTag(op.label());
                writer.outputIntervalHistogram(h);
            }
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
