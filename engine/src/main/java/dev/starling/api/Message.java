package dev.starling.api;

/**
 * One message.
 *
 * @param id              unique within the deployment
 * @param sender          qualified name of the sender, e.g. {@code "alice@vub.be"}
 * @param text            1 to 500 characters of valid Unicode
 * @param timestampMicros wall clock when the owning instance received it, strictly increasing per sender
 */
public record Message(long id, String sender, String text, long timestampMicros) {
}
