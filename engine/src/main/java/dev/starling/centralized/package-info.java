/**
 * The CENTRALIZED baseline, after the assignment's {@code server_centralized.erl}: one thread,
 * one bounded queue, on-heap maps, timelines merged on read. Depends on {@code dev.starling.api}
 * {@code dev.starling.runtime} (idle strategy, clock, quiescence) and the engine's settings and
 * counters types, never on RING's shards, rings or stores.
 */
package dev.starling.centralized;
