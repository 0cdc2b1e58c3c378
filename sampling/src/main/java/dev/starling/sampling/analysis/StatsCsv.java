package dev.starling.sampling.analysis;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads stats.csv (header {@link OverlayStats#CSV_HEADER}, one row per cycle). The simulator and the
 * elastic scenario number rows alike: row k (column {@code cycle}) is the overlay after k cycles, row 0 the first
 * views, so a run of K cycles has rows 0 to K.
 */
public final class StatsCsv implements AutoCloseable {
    private final BufferedWriter out;

    /**
     * Opens the file and writes the header; parent directories are created.
     *
     * @param file stats.csv
     * @throws IOException if it cannot be written
     */
    public StatsCsv(Path file) throws IOException {
        this(file, new String[0]);
    }

    /**
     * Opens the file and writes the header with extra columns after the fixed ones.
     *
     * @param file  stats.csv
     * @param extra names of the extra columns
     * @throws IOException if it cannot be written
     */
    public StatsCsv(Path file, String... extra) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        out = Files.newBufferedWriter(file);
        out.write(OverlayStats.CSV_HEADER);
        for (String column : extra) {
            out.write(',');
            out.write(column);
        }
        out.newLine();
    }

    /** @param row one cycle's stats */
    public void write(OverlayStats row) {
        try {
            out.write(row.toCsv());
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param row   one cycle's stats
     * @param extra the extra columns' values
     */
    public void write(OverlayStats row, long... extra) {
        try {
            out.write(row.toCsv());
            for (long v : extra) {
                out.write(',');
                out.write(Long.toString(v));
            }
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /**
     * @param file a stats.csv
     * @return its rows
     * @throws IOException if it cannot be read or its header is wrong
     */
    public static List<OverlayStats> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).startsWith(OverlayStats.CSV_HEADER)) {
            throw new IOException(file + ": not a stats.csv (header must start with " + OverlayStats.CSV_HEADER + ")");
        }
        List<OverlayStats> rows = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                rows.add(OverlayStats.parse(lines.get(i)));
            }
        }
        return rows;
    }
}
