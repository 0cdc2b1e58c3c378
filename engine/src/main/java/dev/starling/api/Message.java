package dev.starling.api;

/**
 * One message.
 *
 * @param id              unique among the messages one session can see (a remote copy keeps its id);
 *                        breaks ties of stamps in every timeline and profile (higher id first)
 * @param sender          qualified name of the sender, e.g. {@code "alice@vub.be"}
 * @param text            1 to 500 characters of valid Unicode
 * @param timestampMicros wall clock when the owning instance received it; strictly increasing per
 *                        sender and per instance (across senders and restarts), following the wall
 *                        clock whenever it is ahead of the instance's last stamp
 */
public record Message(long id, String sender, String text, long timestampMicros) {
}
