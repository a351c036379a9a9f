package com.nlre.tenancy.query.lead;

import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.query.web.InstantParameter;
import com.nlre.tenancy.web.ProblemException;
import org.springframework.lang.Nullable;

import java.time.Instant;

/**
 * What a lead list is narrowed to; every part optional and all of them combined. Values are only ever compared as
 * values: {@code q} is matched as a literal, never as a pattern or an operator.
 *
 * @param assignee     a user id, or {@link #UNASSIGNED} for leads assigned to no one
 * @param createdFrom  inclusive
 * @param createdTo    exclusive
 * @param q            text to find, case-insensitively, in the name or the property address
 */
public record LeadFilter(@Nullable LeadStatus status, @Nullable String tag, @Nullable String assignee,
                         @Nullable Instant createdFrom, @Nullable Instant createdTo, @Nullable String q) {

    public static final String UNASSIGNED = "none";
    static final int MAX_TEXT = 200;

    public static final LeadFilter NONE = new LeadFilter(null, null, null, null, null, null);

    /**
     * Reads the list's query parameters.
     *
     * @throws ProblemException 400 naming the parameter at fault
     */
    public static LeadFilter parse(@Nullable String status, @Nullable String tag, @Nullable String assignee,
                                   @Nullable String createdFrom, @Nullable String createdTo, @Nullable String q) {
        LeadStatus statusFilter = null;
        if (!isBlank(status)) {
            try {
                statusFilter = LeadStatus.fromWireName(status.trim());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidParameter("status",
                        "must be one of new, contacted, qualified, under_contract, closed_won, closed_lost");
            }
        }
        Instant from = InstantParameter.parse("createdFrom", createdFrom);
        Instant to = InstantParameter.parse("createdTo", createdTo);
        InstantParameter.checkRange(from, to, "createdFrom", "createdTo");
        return new LeadFilter(statusFilter, text("tag", tag), text("assignee", assignee), from, to, text("q", q));
    }

    @Nullable
    private static String text(String parameter, @Nullable String value) {
        if (isBlank(value)) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw ProblemException.invalidParameter(parameter, "must be at most " + MAX_TEXT + " characters");
        }
        return value.strip();
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
