/**
 * {@link dev.starling.federation.Deployment}: which instances exist, on which engine, with which
 * settings, and their metrics. The federation itself is in the sub-packages: {@code protocol}
 * (the events instances send each other, their encoding, and each shard's endpoint) and its
 * transports ({@code inprocess}: Disruptor rings between instances of one JVM).
 *
 * <p>Depends on the {@code engine} module; the tools and benchmarks depend on it.
 */
package dev.starling.federation;
