package dev.starling.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What register and log-in return: the handle through which one user acts. */
public interface Session {

    /** The qualified name of this session's user, e.g. {@code "alice@vub.be"}. */
    String user();

    /** Follows {@code "bob@ulb.be"}, or {@code "bob"} on the session's own instance. Following twice is a no-op. */
    CompletableFuture<Void> follow(String user);

    /** Stores a message on the sender's instance, stamped when the instance received it. */
    CompletableFuture<Message> sendMessage(String text);

    /** Messages of the users this user follows, newest first, at most {@code limit}. */
    CompletableFuture<List<Message>> timeline(int limit);

    /** As {@link #timeline(int)}, only messages strictly older than {@code beforeMicros}. */
    CompletableFuture<List<Message>> timeline(int limit, long beforeMicros);

    /** That user's own messages, newest first, at most {@code limit}. */
    CompletableFuture<List<Message>> profile(String user, int limit);

    /** As {@link #profile(String, int)}, only messages strictly older than {@code beforeMicros}. */
    CompletableFuture<List<Message>> profile(String user, int limit, long beforeMicros);
}
