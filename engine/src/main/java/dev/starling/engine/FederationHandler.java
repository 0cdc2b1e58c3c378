package dev.starling.engine;

import dev.starling.spi.RequestType;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;

import java.util.List;

/**
 * What the federation protocol may ask of one shard, on that shard's thread: the engine's side of
 * each event another instance sends. Requests that fail throw {@link StarlingException} (the
 * protocol answers the asking instance with it) or anything else (a fault: answered with {@code
 * INTERNAL} and reported through {@link #onFault}).
 */
public interface FederationHandler {

    /** A message of a remote user that local users follow: keep a copy, fan it out. */
    void onDelivery(long senderId, long messageId, long stamp, String sender, String text);

    /**
     * Instance {@code from} has a user that wants to follow {@code targetLocalName}, a user of this
     * shard: note it. Returns the followed user's id; {@code UNKNOWN_USER} when there is none.
     */
    long onFollowRequest(int from, String targetLocalName);

    /** The newest messages of a local user, as many as a backfill holds, newest first. */
    List<Message> backfillOf(long userId);

    /**
     * The followed user's instance accepted a follow by {@code follower} (a user of this instance):
     * keep copies of the backfill (newest first), record the follow, then complete {@code correlation}.
     */
    void onFollowAccepted(long correlation, long follower, long followed, List<Message> backfill);

    /** A page of a local user's profile for another instance. */
    List<Message> onProfileRequest(String localName, int limit, long beforeMicros);

    /** The answer to a remote call this shard made. */
    void onAnswer(long correlation, Object result);

    /** The failure of a remote call this shard made. */
    void onFailure(long correlation, StarlingException error);

    /** Before the shard answers a request of another instance (where faults are injected). */
    void beforeRemoteRequest(RequestType type);

    /** A fault caught while handling an event (counted and logged; the shard carries on). */
    void onFault(String what, Throwable fault);

    /** The shard's domain, for error messages sent back. */
    String domain();
}
