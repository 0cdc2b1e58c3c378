package dev.starling.api;

/** Why a request failed. Codes are only ever added, never renamed or removed. */
public enum ErrorCode {
    INVALID_NAME,
    INVALID_TEXT,
    INVALID_ARGUMENT,
    USER_EXISTS,
    UNKNOWN_USER,
    UNKNOWN_INSTANCE,
    CANNOT_FOLLOW_SELF,
    OVERLOADED,
    /**
     * A remote instance did not answer within the deployment's {@code remoteTimeout}. The outcome
     * is unknown, as with any timeout between two systems: the request may still take effect once
     * the other instance answers (a follow then completes, backfill and later messages included).
     * Repeating the request is safe: a second follow of the same user is a no-op.
     */
    TIMEOUT,
    CLOSED,
    /** A fault inside the engine while handling this request; the engine carries on with the next one. */
    INTERNAL,
    /**
     * A store cannot take the write (the disk is full, or an id space is used up); nothing of the
     * request was written, and reads and other writes go on. Stores grow with their data, so only
     * a full disk or an exhausted id space gives it.
     */
    STORAGE_FULL
}
