/**
 * The federation protocol between RING instances: the events ({@link
 * dev.starling.federation.protocol.FederationEvent}: deliveries, follow requests and their
 * acceptance with a backfill, profile pages, failures), their encoding (proxy) and decoding
 * (adapter), the per-destination outbox that retries what found no room, and {@link
 * dev.starling.federation.protocol.ProtocolEndpoint}, one shard's {@link
 * dev.starling.engine.FederationPort}. Transport-neutral: a transport supplies a {@link
 * dev.starling.federation.protocol.FederationLink} (out) and a {@link
 * dev.starling.federation.protocol.FederationInbox} per shard (in).
 *
 * <p>May depend on {@code dev.starling.api} and the engine's federation port types; never on a
 * transport.
 */
package dev.starling.federation.protocol;
