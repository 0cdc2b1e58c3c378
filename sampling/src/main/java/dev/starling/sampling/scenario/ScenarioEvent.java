package dev.starling.sampling.scenario;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line of the scenario's own event log, events.csv ({@code cycle,event,peer,view}, the view as addresses
 * joined by {@code ;}): who starts, joins, crashes
 * or comes back, at which cycle. Who is alive at cycle k is read from these, never from which views were logged:
 * a starved agent logs late, and a late log must not read as a crash.
 *
 * @param cycle the cycle the event takes effect in (row k of stats.csv shows it)
 * @param kind  what happened
 * @param peer  the peer's address
 * @param view  the first view it was given (start, join, recover), empty for a crash
 */
public record ScenarioEvent(int cycle, Kind kind, int peer, int[] view) {
    /** The fixed header of events.csv. */
    public static final String CSV_HEADER = "cycle,event,peer,view";

    /** What happened to a peer. */
    public enum Kind {
        /** Started at cycle 0 from the bootstrap structure. */
        START,
        /** Joined through the bootstrap server. */
        JOIN,
        /** Crashed. */
        CRASH,
        /** Came back after a crash. */
        RECOVER;

        /** @return true when the peer is up after this event */
        public boolean up() {
            return this != CRASH;
        }
    }

    /**
     * @param events the log
     * @param peers  addresses are 0..peers-1
     * @param cycles rows 0..cycles-1
     * @return {@code alive[k][p]}: whether p is up at cycle k by the log
     */
    public static boolean[][] aliveByCycle(List<ScenarioEvent> events, int peers, int cycles) {
        List<ScenarioEvent> sorted = new ArrayList<>(events);
        sorted.sort(java.util.Comparator.comparingInt(ScenarioEvent::cycle));
        boolean[][] alive = new boolean[cycles][peers];
        boolean[] now = new boolean[peers];
        int next = 0;
        for (int k = 0; k < cycles; k++) {
            while (next < sorted.size() && sorted.get(next).cycle() <= k) {
                ScenarioEvent e = sorted.get(next++);
                now[e.peer()] = e.kind().up();
            }
            System.arraycopy(now, 0, alive[k], 0, peers);
        }
        return alive;
    }

    /** @return the line */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        sb.append(cycle).append(',').append(kind.name().toLowerCase(Locale.ROOT)).append(',').append(peer).append(',');
        for (int i = 0; i < view.length; i++) {
            sb.append(i == 0 ? "" : ";").append(view[i]);
        }
        return sb.toString();
    }

    /**
     * @param file   events.csv
     * @param events the log
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, List<ScenarioEvent> events) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(CSV_HEADER);
            out.newLine();
            for (ScenarioEvent e : events) {
                out.write(e.toCsv());
                out.newLine();
            }
        }
    }

    /**
     * @param file an events.csv
     * @return its events
     * @throws IOException if it cannot be read or has the wrong header
     */
    public static List<ScenarioEvent> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(CSV_HEADER)) {
            throw new IOException(file + ": not an events.csv (header must be " + CSV_HEADER + ")");
        }
        List<ScenarioEvent> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                String[] f = line.split(",", -1);
                int[] view = f[3].isEmpty() ? new int[0]
                        : java.util.Arrays.stream(f[3].split(";")).mapToInt(Integer::parseInt).toArray();
                out.add(new ScenarioEvent(Integer.parseInt(f[0]), Kind.valueOf(f[1].toUpperCase(Locale.ROOT)),
                        Integer.parseInt(f[2]), view));
            }
        }
        return out;
    }
}
