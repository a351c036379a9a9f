package com.nlre.tenancy.web.limits;

import java.io.IOException;

/** Thrown while a body is read once it passed its ceiling: whoever reads it answers 413, never 400 or 500. */
public class BodyTooLarge extends IOException {

    private final long maxBytes;

    public BodyTooLarge(long maxBytes) {
        super("The body may hold at most " + maxBytes + " bytes.");
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The {@link BodyTooLarge} in {@code failure}'s causes, if any. */
    public static java.util.Optional<BodyTooLarge> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof BodyTooLarge tooLarge) {
                return java.util.Optional.of(tooLarge);
            }
        }
        return java.util.Optional.empty();
    }
}
