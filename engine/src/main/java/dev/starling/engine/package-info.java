/**
 * The RING engine: per instance a Disruptor request ring and a federation ring, shards (Agrona
 * agents, each the single writer of its {@link dev.starling.engine.store} stores) run by a fixed
 * number of engine threads, and what runs on callers' threads (reads through {@link
 * dev.starling.engine.StoreReader}, idle shards' duty cycles, see {@link
 * dev.starling.engine.CallerSide}).
 *
 * <p>May depend on {@code dev.starling.api}, {@code dev.starling.engine.store}, {@code
 * dev.starling.runtime}, Disruptor, Agrona and Chronicle Map; never on {@code
 * dev.starling.centralized} or on modules above it.
 */
package dev.starling.engine;
