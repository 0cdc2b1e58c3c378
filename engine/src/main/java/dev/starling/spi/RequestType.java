package dev.starling.spi;

/** The kinds of request that enter an instance's ring, in the order metrics report them. */
public enum RequestType {
    REGISTER, LOG_IN, FOLLOW, SEND, TIMELINE, PROFILE;

    private static final RequestType[] VALUES = values();

    public static RequestType of(int ordinal) {
        return VALUES[ordinal];
    }
}
