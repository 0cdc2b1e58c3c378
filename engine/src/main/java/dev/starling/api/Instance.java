package dev.starling.api;

import java.util.concurrent.CompletableFuture;

/** One server instance, responsible for the users of one domain, e.g. {@code vub.be}. */
public interface Instance {

    /** The domain this instance serves, e.g. {@code "vub.be"}. */
    String domain();

    /** Creates the user on this instance; {@code USER_EXISTS} if the name is taken (ignoring case). */
    CompletableFuture<Session> registerUser(String userName);

    /** A session for an existing user of this instance; {@code UNKNOWN_USER} otherwise. */
    CompletableFuture<Session> logIn(String userName);
}
