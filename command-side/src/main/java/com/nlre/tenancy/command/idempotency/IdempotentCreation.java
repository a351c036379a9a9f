package com.nlre.tenancy.command.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a POST that creates something as honouring the {@value IdempotencyFilter#HEADER} header: a retry with the
 * same key and the same request answers the first response without executing again (see {@link IdempotencyFilter}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface IdempotentCreation {

    /**
     * Top-level response fields that hold a secret shown once (an API key, an initial password): they are never stored,
     * so a replay answers without them and names them in {@value IdempotencyFilter#WITHHELD_HEADER}.
     */
    String[] secretFields() default {};

    /**
     * True (the default): the key's claim, everything the handler stores (its commands' events, quota reservations,
     * index rows...) and the kept response commit in one database transaction, so a request either took effect and
     * is replayed, or took no effect and executes on retry. False only for a handler that hands its work to another
     * thread (which could not see uncommitted rows): its claim and response are stored on their own.
     */
    boolean atomic() default true;
}
