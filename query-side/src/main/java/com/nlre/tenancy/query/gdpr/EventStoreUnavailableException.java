package com.nlre.tenancy.query.gdpr;

/** The command side's history could not be read (down, timing out, or answering other than 200). */
public class EventStoreUnavailableException extends RuntimeException {

    public EventStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
