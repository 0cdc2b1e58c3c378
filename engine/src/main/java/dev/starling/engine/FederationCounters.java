package dev.starling.engine;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * One shard's federation counters, kept by its {@link FederationPort} (the shard's thread is the
 * only writer): events sent (published or queued), waiting for room, dropped (no such instance),
 * handled (received), and the messages delivered to and received from other instances.
 */
public record FederationCounters(AtomicCounter sent, AtomicCounter queued, AtomicCounter dropped,
                                 AtomicCounter handled, AtomicCounter deliveriesSent,
                                 AtomicCounter deliveriesReceived) {
}
