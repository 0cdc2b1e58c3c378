package dev.starling.tools.workload;

import dev.starling.spi.BroadcastLatency;
import org.HdrHistogram.Histogram;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measured runs as CSV, one row per run and operation (plus an {@code all} row), with the run's
 * settings in the leading columns so that one file can hold a whole experiment. An existing file
 * with the same columns is appended to. Latencies are microseconds; throughput is requests per
 * second of measured time. Rows are flushed as they are written, so an interrupted experiment
 * keeps what it measured.
 */
public final class ResultCsv implements Closeable {

    public static final List<String> COLUMNS = List.of("experiment", "series", "parameter", "value", "rep",
            "engine", "instances", "threads", "shards", "users", "follows", "mix", "clients", "rate",
            "warmup_s", "duration_s", "operation", "count", "throughput", "mean_us", "p50_us", "p90_us",
            "p99_us", "p999_us", "max_us", "errors", "ring_backlog_mean", "ring_backlog_max", "out_of_order_share",
            "bcast_first_same_p50_ms", "bcast_first_same_p99_ms", "bcast_last_same_p50_ms", "bcast_last_same_p99_ms",
            "bcast_first_other_p50_ms", "bcast_first_other_p99_ms", "bcast_last_other_p50_ms",
            "bcast_last_other_p99_ms", "status");

    /** Run-level columns (staleness, broadcast latency), filled on a run's {@code all} row only. */
    private static final int RUN_COLUMNS = 9;

    private static final String HEADER = String.join(",", COLUMNS);

    private final BufferedWriter writer;

    private ResultCsv(BufferedWriter writer) {
        this.writer = writer;
    }

    /** Opens {@code file} for appending rows; a new file gets the header, an existing one must have it. */
    public static ResultCsv open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            if (!fresh) {
                String first;
                try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    first = reader.readLine();
                }
                if (!HEADER.equals(first)) {
                    throw new IllegalArgumentException(file + " exists with other columns; give a new file");
                }
            }
            BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ResultCsv csv = new ResultCsv(writer);
            if (fresh) {
                csv.line(HEADER);
            }
            return csv;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rows of a measured run: each operation that completed or failed at least once, then
     * {@code all}, which also carries the run's staleness and broadcast latency (from the federation
     * metrics; blank without them or where nothing was sampled).
     */
    public void write(RunInfo info, WorkloadResult result, MetricsSampler metrics) {
        String backlogMean = metrics == null ? "" : format(metrics.ringBacklogMean());
        String backlogMax = metrics == null ? "" : Long.toString(metrics.ringBacklogMax());
        List<String> blank = java.util.Collections.nCopies(RUN_COLUMNS, "");
        for (Operation op : Operation.values()) {
            long errors = result.errors().getOrDefault(op, 0L);
            if (result.count(op) > 0 || errors > 0) {
                row(info, op.label(), result.latencies().get(op), result.throughput(op), errors, backlogMean, backlogMax,
                        blank);
            }
        }
        long errors = result.errors().values().stream().mapToLong(Long::longValue).sum();
        row(info, "all", result.combined(), result.totalThroughput(), errors, backlogMean, backlogMax,
                metrics == null ? blank : runCells(metrics));
    }

    private static List<String> runCells(MetricsSampler metrics) {
        List<String> cells = new ArrayList<>(RUN_COLUMNS);
        cells.add(String.format(Locale.ROOT, "%.6f", metrics.outOfOrderShare()));
        BroadcastLatency b = metrics.broadcast();
        for (Histogram h : List.of(b.firstSameInstance(), b.lastSameInstance(), b.firstOtherInstance(),
                b.lastOtherInstance())) {
            boolean empty = h.getTotalCount() == 0;
            cells.add(empty ? "" : format(h.getValueAtPercentile(50) / 1000.0));
            cells.add(empty ? "" : format(h.getValueAtPercentile(99) / 1000.0));
        }
        return cells;
    }

    /** One row saying that a run could not be made, and why. */
    public void writeFailure(RunInfo info, String reason) {
        List<String> cells = lead(info, "all");
        for (int i = cells.size(); i < COLUMNS.size() - 1; i++) {
            cells.add("");
        }
        cells.add("failed: " + reason);
        line(join(cells));
    }

    private void row(RunInfo info, String operation, Histogram h, double throughput, long errors, String backlogMean,
                     String backlogMax, List<String> runCells) {
        List<String> cells = lead(info, operation);
        long count = h.getTotalCount();
        cells.add(Long.toString(count));
        cells.add(format(throughput));
        if (count == 0) {
            for (int i = 0; i < 6; i++) {
                cells.add("");
            }
        } else {
            cells.add(format(h.getMean() / 1000.0));
            for (double percentile : new double[] {50, 90, 99, 99.9}) {
                cells.add(format(h.getValueAtPercentile(percentile) / 1000.0));
            }
            cells.add(format(h.getMaxValue() / 1000.0));
        }
        cells.add(Long.toString(errors));
        cells.add(backlogMean);
        cells.add(backlogMax);
        cells.addAll(runCells);
        cells.add("ok");
        line(join(cells));
    }

    private static List<String> lead(RunInfo i, String operation) {
        List<String> cells = new ArrayList<>(COLUMNS.size());
        cells.add(i.experiment());
        cells.add(i.series());
        cells.add(i.parameter());
        cells.add(i.value());
        cells.add(Integer.toString(i.rep()));
        cells.add(i.engine());
        cells.add(Integer.toString(i.instances()));
        cells.add(Integer.toString(i.threads()));
        cells.add(Integer.toString(i.shards()));
        cells.add(Integer.toString(i.users()));
        cells.add(Long.toString(i.follows()));
        cells.add(i.mix());
        cells.add(Integer.toString(i.clients()));
        cells.add(format(i.rate()));
        cells.add(format(i.warmupSeconds()));
        cells.add(format(i.durationSeconds()));
        cells.add(operation);
        return cells;
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String join(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(quote(cells.get(i) == null ? "" : cells.get(i)));
        }
        return line.toString();
    }

    private static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\r", " ").replace("\n", " ").replace("\"", "\"\"") + '"';
    }

    private void line(String text) {
        try {
            writer.write(text);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV: " + e.getMessage(), e);
        }
    }

    /** Reads a file written by this class: one map per row, column name to cell, in file order. */
    public static List<Map<String, String>> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !HEADER.equals(lines.get(0))) {
            throw new IllegalArgumentException(file + " is not a Starling results CSV");
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) {
                continue;
            }
            List<String> cells = split(line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < COLUMNS.size(); c++) {
                row.put(COLUMNS.get(c), c < cells.size() ? cells.get(c) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close CSV: " + e.getMessage(), e);
        }
    }
}
