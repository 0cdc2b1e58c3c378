package dev.starling.sampling.analysis;

import java.util.Locale;

/**
 * One row of stats.csv: the overlay at the end of one cycle, over alive peers only.
 *
 * @param cycle         the cycle
 * @param alive         alive peers
 * @param inDegreeMean  mean in-degree (links from alive peers)
 * @param inDegreeStd   population standard deviation of the in-degree
 * @param inDegreeMin   lowest in-degree
 * @param inDegreeMax   highest in-degree
 * @param deadLinks     view entries of alive peers that name crashed peers
 * @param components    connected components of the undirected overlay among alive peers
 */
public record OverlayStats(int cycle, int alive, double inDegreeMean, double inDegreeStd, int inDegreeMin,
                           int inDegreeMax, long deadLinks, int components) {

    /** The fixed header of stats.csv. */
    public static final String CSV_HEADER =
            "cycle,alive,indegree_mean,indegree_std,indegree_min,indegree_max,dead_links,components";

    /** @return this row in stats.csv's format */
    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%d,%.4f,%.4f,%d,%d,%d,%d",
                cycle, alive, inDegreeMean, inDegreeStd, inDegreeMin, inDegreeMax, deadLinks, components);
    }

    /**
     * @param line a data line of stats.csv (extra columns ignored)
     * @return the row
     */
    public static OverlayStats parse(String line) {
        String[] f = line.split(",");
        return new OverlayStats(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]), Long.parseLong(f[6]),
                Integer.parseInt(f[7]));
    }
}
