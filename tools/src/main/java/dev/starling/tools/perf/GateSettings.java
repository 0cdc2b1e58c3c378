package dev.starling.tools.perf;

/**
 * The gate's workload size and timing.
 *
 * @param users           users in the social graph
 * @param followsMean     mean follows per user
 * @param messagesPerUser messages each user sends before measuring
 * @param clients         concurrent closed-loop clients per deployment
 * @param seed            seed of the graph and the clients
 */
record GateSettings(int users, int followsMean, int messagesPerUser, int clients, long seed) {
}
