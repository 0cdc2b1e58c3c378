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
    TIMEOUT,
    CLOSED,
    /** A fault inside the engine while handling this request; the engine carries on with the next one. */
    INTERNAL
}
