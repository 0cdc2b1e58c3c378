package dev.starling.federation.protocol;

/**
 * The events other instances sent one shard: the inbound half of a transport, polled on the
 * shard's thread.
 */
public interface FederationInbox {

    /** Receives one event; returns false to stop the poll (a batch is full). */
    interface Handler {
        boolean onEvent(FederationEvent event);
    }

    /** Hands the events waiting for this shard to {@code handler}, until it returns false. */
    void poll(Handler handler) throws Exception;

    /** Events received that this shard has not polled past yet. */
    long backlog();
}
