package dev.starling.spi;

/**
 * When one sampled message reached its followers' timelines, in microseconds since the epoch
 * (the clock of {@code EpochMicros}, the one stamps are taken on): the first and last insert among
 * followers on the sender's instance, and among followers on other instances. A side with no
 * follower reached holds {@link #NONE} as its first and 0 as its last. Processes serving
 * different instances each see part of a message's spread; {@link #merge} joins the parts.
 *
 * @param messageId  the message
 * @param stamp      its stamp, in epoch microseconds
 * @param firstSame  first insert on the sender's instance, or {@link #NONE}
 * @param lastSame   last insert on the sender's instance, or 0
 * @param firstOther first insert on another instance, or {@link #NONE}
 * @param lastOther  last insert on all other instances, or 0
 */
public record BroadcastSpread(long messageId, long stamp, long firstSame, long lastSame, long firstOther,
                              long lastOther) {

    /** The first arrival of a side that no follower reached. */
    public static final long NONE = Long.MAX_VALUE;

    /** The spread of the same message seen by both: the earliest firsts and the latest lasts. */
    public BroadcastSpread merge(BroadcastSpread other) {
        if (other.messageId != messageId) {
            throw new IllegalArgumentException("spreads of messages " + messageId + " and " + other.messageId);
        }
        return new BroadcastSpread(messageId, stamp, Math.min(firstSame, other.firstSame), Math.max(lastSame, other.lastSame),
                Math.min(firstOther, other.firstOther), Math.max(lastOther, other.lastOther));
    }
}
