package dev.starling.api;

/** The only exception the API lets escape: a failed request with its {@link ErrorCode}. */
public class StarlingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public StarlingException(ErrorCode code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public StarlingException(ErrorCode code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
