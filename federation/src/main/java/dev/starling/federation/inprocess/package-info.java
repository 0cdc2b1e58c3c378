/**
 * The in-process transport of the federation: instances of one JVM reach each other through
 * Disruptor rings, one inbound ring per instance. May depend on {@code protocol} and the engine's
 * federation port; nothing depends on it but {@link dev.starling.federation.Deployment}.
 */
package dev.starling.federation.inprocess;
