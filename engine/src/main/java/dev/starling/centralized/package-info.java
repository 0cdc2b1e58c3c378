/**
 * The CENTRALIZED baseline, after the assignment's {@code server_centralized.erl}: one thread,
 * one bounded queue, on-heap maps, timelines merged on read. Depends on {@code dev.starling.api}
 * and the engine's shared runtime kit (settings, idle strategy, clock), never on RING's shards,
 * rings or stores.
 */
package dev.starling.centralized;
