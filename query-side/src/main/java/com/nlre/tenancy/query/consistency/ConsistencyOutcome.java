package com.nlre.tenancy.query.consistency;

import com.nlre.tenancy.web.ConsistencyToken;
import jakarta.servlet.http.HttpServletResponse;

/** What waiting for a request's consistency token came to. */
public enum ConsistencyOutcome {
    /** The request carried no token: nothing was waited for and no header is answered. */
    NOT_REQUESTED,
    /** The read models had applied the token's event when the query ran. */
    REACHED,
    /** The wait ran out first: the answer may not show the token's change yet. */
    NOT_REACHED;

    /** Sets {@code X-Consistency-Reached} on the response, whatever its status turns out to be. */
    public void writeTo(HttpServletResponse response) {
        if (this != NOT_REQUESTED) {
            response.setHeader(ConsistencyToken.REACHED_HEADER, String.valueOf(this == REACHED));
        }
    }
}
