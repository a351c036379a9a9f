package com.nlre.tenancy.query.web;

import com.nlre.tenancy.web.ProblemException;

/**
 * A validated page request: {@code page} zero-based, {@code size} 1 to {@value #MAX_SIZE}.
 *
 * @throws ProblemException 400 naming the parameter at fault
 */
public record PageParameters(int page, int size) {

    public static final int MAX_SIZE = 100;

    public PageParameters {
        if (page < 0) {
            throw ProblemException.invalidParameter("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ProblemException.invalidParameter("size", "must be between 1 and " + MAX_SIZE);
        }
    }

    public long skip() {
        return (long) page * size;
    }

    public int totalPages(long totalItems) {
        return (int) Math.min(Integer.MAX_VALUE, (totalItems + size - 1) / size);
    }
}
