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
 * Writes a run's latencies as an HdrHistogram interval log ({@code .hlog}), values in
 * nanoseconds. Every interval (a second) has one untagged histogram of all the operations the mix
 * issues, then one per operation tagged with it ({@code timeline}, {@code profile},
 * {@code send}). HdrHistogram's own tools read the untagged ones by default
 * ({@code HistogramLogProcessor -i run.hlog}) and one operation with {@code -tag send}; its
 * {@code HistogramLogReader} returns both kinds in file order.
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
        Histogram all = WorkloadRunner.newHistogram();
        all.setStartTimeStamp(startEpochMillis);
        all.setEndTimeStamp(endEpochMillis);
        for (Operation op : Operation.values()) {
            if (operations.contains(op)) {
                all.add(latencies.get(op));
            }
        }
        writer.outputIntervalHistogram(all);
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
