/**
 * The RING engine: per instance a Disruptor request ring and shards (Agrona agents, each the
 * single writer of its {@link dev.starling.engine.store} stores) run by a fixed number of engine
 * threads, and what runs on callers' threads (reads through {@link
 * dev.starling.engine.StoreReader}, idle shards' duty cycles, see {@link
 * dev.starling.engine.CallerSide}).
 *
 * <p>Inside a shard, one role per class: {@link dev.starling.engine.Shard} (the duty cycle),
 * {@code UserOperations} (what each operation does to the stores), the adapters that decode and
 * dispatch (requests, inbox) and the proxies that encode and send (hand-overs; the federation
 * through its port). A shard sees its instance only through its {@code ShardDirectory}, and other
 * instances only through the {@link dev.starling.engine.FederationTransport} port, which the
 * {@code federation} module implements.
 *
 * <p>May depend on {@code dev.starling.api}, {@code dev.starling.engine.store}, {@code
 * dev.starling.runtime}, Disruptor, Agrona and Chronicle Map; never on {@code
 * dev.starling.centralized} or on modules above it.
 */
package dev.starling.engine;
