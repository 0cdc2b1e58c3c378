package dev.starling.tools.workload;

/**
 * What a measured run was, as the leading columns of a {@link ResultCsv} row.
 *
 * @param experiment      the experiment ({@code bench} for a single run)
 * @param series          the line or box group the run belongs to (e.g. the engine or the mix), may be empty
 * @param parameter       the name of the varied parameter, may be empty
 * @param value           its value in this run, may be empty
 * @param rep             repetition, from 1
 * @param engine          RING or CENTRALIZED
 * @param instances       instances deployed
 * @param threads         engine threads running
 * @param shards          shards per instance (RING)
 * @param users           users loaded
 * @param follows         follows loaded
 * @param mix             timeline:profile:send weights
 * @param clients         concurrent clients
 * @param rate            open-loop rate in requests/s, 0 for a closed loop
 * @param warmupSeconds   warm-up, not measured
 * @param durationSeconds measured time
 */
public record RunInfo(String experiment, String series, String parameter, String value, int rep, String engine,
                      int instances, int threads, int shards, int users, long follows, String mix, int clients,
                      double rate, double warmupSeconds, double durationSeconds) {
}
