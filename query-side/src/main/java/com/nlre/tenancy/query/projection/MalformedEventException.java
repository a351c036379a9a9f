package com.nlre.tenancy.query.projection;

/**
 * A record on the event topic that can never be projected, however often it is retried: not an envelope, a payload
 * that does not fit its type, or a payload of another tenant than its envelope. Not retried.
 */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
