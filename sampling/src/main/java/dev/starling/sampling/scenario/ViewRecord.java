package dev.starling.sampling.scenario;

/**
 * One line of views.csv: a peer's view at one cycle.
 *
 * @param cycle the cycle
 * @param peer  the peer's address
 * @param ids   the view's addresses, head first
 * @param ages     their ages
 * @param loggedIn the cycle under way when the peer wrote it: {@code cycle}, or later when its agent was late
 *                 (kept in memory only; views.csv has no column for it, late.csv lists the late ones)
 */
public record ViewRecord(long cycle, int peer, int[] ids, int[] ages, long loggedIn) {

    /** A record written on time (or read back from views.csv). */
    public ViewRecord(long cycle, int peer, int[] ids, int[] ages) {
        this(cycle, peer, ids, ages, cycle);
    }

    /** @return whether it was written after its cycle was over */
    public boolean late() {
        return loggedIn > cycle;
    }

    /** The fixed header of views.csv. */
    public static final String CSV_HEADER = "cycle,peer,view";

    /** @return the line, view as {@code id:age} pairs joined by {@code ;} */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(16 + ids.length * 8);
        sb.append(cycle).append(',').append(peer).append(',');
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                sb.append(';');
            }
            sb.append(ids[i]).append(':').append(ages[i]);
        }
        return sb.toString();
    }

    /**
     * @param line a data line of views.csv
     * @return the record
     */
    public static ViewRecord parse(String line) {
        int a = line.indexOf(',');
        int b = line.indexOf(',', a + 1);
        if (a < 0 || b < 0) {
            throw new IllegalArgumentException("not a views.csv line: " + line);
        }
        long cycle = Long.parseLong(line.substring(0, a));
        int peer = Integer.parseInt(line.substring(a + 1, b));
        String view = line.substring(b + 1);
        if (view.isEmpty()) {
            return new ViewRecord(cycle, peer, new int[0], new int[0]);
        }
        String[] pairs = view.split(";");
        int[] ids = new int[pairs.length];
        int[] ages = new int[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            int colon = pairs[i].indexOf(':');
            ids[i] = Integer.parseInt(pairs[i].substring(0, colon));
            ages[i] = Integer.parseInt(pairs[i].substring(colon + 1));
        }
        return new ViewRecord(cycle, peer, ids, ages);
    }
}
