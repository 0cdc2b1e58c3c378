/**
 * {@link dev.starling.federation.Deployment}: which instances exist, on which engine, with which
 * settings, and their metrics. Depends on the {@code engine} module; the tools and benchmarks
 * depend on it.
 */
package dev.starling.federation;
