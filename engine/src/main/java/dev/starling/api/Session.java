package dev.starling.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What register and log-in return: the handle through which one user acts.
 *
 * <p>Timelines and profiles are lists in one total order: newest {@link Message#timestampMicros}
 * first, ties (messages of different senders or instances stamped the same microsecond) broken
 * by higher {@link Message#id} first. Ids are unique among the messages one session can see, so
 * a {@link Message} is a cursor that pages through every entry exactly once ({@link
 * #timeline(int, Message)}, {@link #profile(String, int, Message)}); a stamp alone is not.
 */
public interface Session {

    /** The qualified name of this session's user, e.g. {@code "alice@vub.be"}. */
    String user();

    /**
     * Follows {@code "bob@ulb.be"}, or {@code "bob"} on the session's own instance. Following twice
     * is a no-op. A follow of a user of another instance that fails with {@code TIMEOUT} has an
     * unknown outcome: it may still complete when that instance answers later (the follower's
     * timeline then receives the backfill and later messages); following again is safe.
     */
    CompletableFuture<Void> follow(String user);

    /** Stores a message on the sender's instance, stamped when the instance received it. */
    CompletableFuture<Message> sendMessage(String text);

    /** Messages of the users this user follows, newest first (ties by higher id), at most {@code limit}. */
    CompletableFuture<List<Message>> timeline(int limit);

    /**
     * As {@link #timeline(int)}, only messages stamped strictly before {@code beforeMicros}.
     * Paging with the stamp of a page's last message skips the messages that share its stamp
     * (different senders can tie); page with {@link #timeline(int, Message)} to see each once.
     */
    CompletableFuture<List<Message>> timeline(int limit, long beforeMicros);

    /**
     * As {@link #timeline(int)}, the entries strictly after {@code before} in the timeline's order
     * (newest stamp first, ties by higher id first): with the last message of a page, the next
     * page, every entry exactly once. {@code INVALID_ARGUMENT} when {@code before} is null.
     */
    CompletableFuture<List<Message>> timeline(int limit, Message before);

    /** That user's own messages, newest first, at most {@code limit}. */
    CompletableFuture<List<Message>> profile(String user, int limit);

    /**
     * As {@link #profile(String, int)}, only messages strictly older than {@code beforeMicros}
     * (a cursor taken from another list can tie with this user's messages: see {@link
     * #profile(String, int, Message)}).
     */
    CompletableFuture<List<Message>> profile(String user, int limit, long beforeMicros);

    /**
     * As {@link #profile(String, int)}, the messages strictly after {@code before} in the order
     * newest stamp first, ties by higher id first. {@code INVALID_ARGUMENT} when {@code before} is null.
     */
    CompletableFuture<List<Message>> profile(String user, int limit, Message before);
}
