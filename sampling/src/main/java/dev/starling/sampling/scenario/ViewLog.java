package dev.starling.sampling.scenario;

import dev.starling.sampling.protocol.View;
import dev.starling.sampling.runtime.ViewListener;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects {@code (cycle, peer, view)} from the agents (thread-safe) and reads and writes views.csv. Records
 * from cycle {@code endCycle} on are ignored: the scenario stops there.
 */
public final class ViewLog implements ViewListener {
    private final long endCycle;
    private final List<ViewRecord> records = new ArrayList<>();

    /** @param endCycle first cycle not logged */
    public ViewLog(long endCycle) {
        this.endCycle = endCycle;
    }

    @Override
    public void onView(long cycle, int peer, View view) {
        onView(cycle, peer, view, cycle);
    }

    @Override
    public void onView(long cycle, int peer, View view, long loggedIn) {
        if (cycle >= endCycle) {
            return;
        }
        ViewRecord r = new ViewRecord(cycle, peer, view.ids(), view.ages(), loggedIn);
        synchronized (records) {
            records.add(r);
        }
    }

    /** @return the records so far, sorted by cycle then peer */
    public List<ViewRecord> records() {
        List<ViewRecord> copy;
        synchronized (records) {
            copy = new ArrayList<>(records);
        }
        copy.sort(Comparator.comparingLong(ViewRecord::cycle).thenComparingInt(ViewRecord::peer));
        return copy;
    }

    /**
     * Writes views.csv, sorted by cycle then peer.
     *
     * @param file the file; parent directories are created
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        write(file, records());
    }

    /**
     * @param file    views.csv
     * @param records the lines
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, List<ViewRecord> records) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(ViewRecord.CSV_HEADER);
            out.newLine();
            for (ViewRecord r : records) {
                out.write(r.toCsv());
                out.newLine();
            }
        }
    }

    /**
     * @param file a views.csv
     * @return its records, in file order
     * @throws IOException if it cannot be read or has the wrong header
     */
    public static List<ViewRecord> read(Path file) throws IOException {
        List<ViewRecord> out = new ArrayList<>();
        try (var lines = Files.lines(file)) {
            var it = lines.iterator();
            if (!it.hasNext() || !it.next().equals(ViewRecord.CSV_HEADER)) {
                throw new IOException(file + ": not a views.csv (header must be " + ViewRecord.CSV_HEADER + ")");
            }
            while (it.hasNext()) {
                String line = it.next();
                if (!line.isBlank()) {
                    out.add(ViewRecord.parse(line));
                }
            }
        }
        return out;
    }
}
