/**
 * The runtime kit both engines and the tools share: the idle strategy with its wake-up handshake
 * ({@link dev.starling.runtime.WakeableIdleStrategy}, {@link dev.starling.runtime.IdleMode}),
 * thread pinning ({@link dev.starling.runtime.ThreadAffinity}), the wall clock in microseconds
 * ({@link dev.starling.runtime.EpochMicros}) and waiting for quiescence. Depends on Agrona and
 * OpenHFT affinity only; nothing here knows rings, shards or stores.
 */
package dev.starling.runtime;
