package com.nlre.tenancy.query.web;

import com.nlre.tenancy.web.ProblemException;
import org.springframework.lang.Nullable;

/**
 * A validated cursor-page request: {@code limit} 1 to {@value #MAX_LIMIT}, and the {@code cursor} a previous page
 * answered as {@code nextCursor} (absent for the first page).
 *
 * @throws ProblemException 400 naming the parameter at fault
 */
public record CursorParameters(int limit, @Nullable String cursor) {

    public static final int MAX_LIMIT = 100;
    public static final String DEFAULT_LIMIT = "20";

    public CursorParameters {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalidParameter("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (cursor != null && cursor.isBlank()) {
            cursor = null;
        }
    }
}
