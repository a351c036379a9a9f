package com.nlre.tenancy.query.call;

import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.tenant.TenantId;
import org.bson.Document;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.Date;

/**
 * The stored shape of collection {@value #COLLECTION}: one document per {@code CallLogged} or {@code CallBlocked}
 * event, {@code _id} = {@code tenantId + "/" + aggregateId + "/" + sequence} (the sequence zero-padded, so {@code _id}
 * orders a lead's calls as they were recorded), enums by their wire names, timestamps as BSON dates.
 * {@code initiatedAt} is when the call started or, for a refused call, was attempted ({@code blocked: true}, with the
 * {@code rule} that refused it and the {@code reason}). Calls are facts: once stored, no event changes them.
 *
 * <p>The document is keyed by its event rather than by {@code callId}: call ids may be chosen by clients, and a
 * refused attempt retried under the same id must not hide the call that followed.
 */
final class CallDocuments {

    static final String COLLECTION = "calls";

    static final String ID = "_id";
    static final String TENANT_ID = "tenantId";
    static final String CALL_ID = "callId";
    static final String LEAD_ID = "leadId";
    static final String DIRECTION = "direction";
    static final String PHONE = "phone";
    static final String AGENT_ID = "agentId";
    static final String INITIATED_AT = "initiatedAt";
    static final String DURATION_SECONDS = "durationSeconds";
    static final String OUTCOME = "outcome";
    static final String NOTES = "notes";
    static final String RECORDED = "recorded";
    static final String TRANSCRIBED = "transcribed";
    static final String BLOCKED = "blocked";
    static final String RULE = "rule";
    static final String REASON = "reason";
    static final String LOGGED_AT = "loggedAt";

    private CallDocuments() {
    }

    static String id(TenantId tenantId, String aggregateId, long sequence) {
        return tenantId.value() + "/" + aggregateId + "/" + String.format("%019d", sequence);
    }

    @Nullable
    static Date date(@Nullable Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static CallView toView(Document document) {
        String direction = document.getString(DIRECTION);
        String outcome = document.getString(OUTCOME);
        return new CallView(
                document.getString(CALL_ID),
                document.getString(LEAD_ID),
                direction == null ? null : CallDirection.fromWireName(direction),
                document.getString(PHONE),
                document.getString(AGENT_ID),
                instant(document, INITIATED_AT),
                document.get(DURATION_SECONDS) instanceof Number seconds ? seconds.intValue() : null,
                outcome == null ? null : CallOutcome.fromWireName(outcome),
                document.getString(NOTES),
                Boolean.TRUE.equals(document.getBoolean(RECORDED)),
                Boolean.TRUE.equals(document.getBoolean(TRANSCRIBED)),
                Boolean.TRUE.equals(document.getBoolean(BLOCKED)),
                document.getString(RULE),
                document.getString(REASON),
                instant(document, LOGGED_AT));
    }

    @Nullable
    private static Instant instant(Document document, String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
