package com.nlre.tenancy.query.lead;

import com.nlre.tenancy.query.data.Keyset;
import com.nlre.tenancy.web.ProblemException;
import org.springframework.lang.Nullable;

import java.util.Arrays;

/** The orders a lead list can be asked for; ties are broken by lead id, in the same direction. */
public enum LeadOrder {
    NEWEST_FIRST("-createdAt", LeadDocuments.CREATED_AT, -1),
    OLDEST_FIRST("createdAt", LeadDocuments.CREATED_AT, 1),
    NAME_A_TO_Z("name", LeadDocuments.NAME_SORT, 1),
    NAME_Z_TO_A("-name", LeadDocuments.NAME_SORT, -1);

    public static final String PARAMETER = "sort";
    public static final String DEFAULT = "-createdAt";

    private final String wireName;
    private final Keyset.Order order;

    LeadOrder(String wireName, String field, int direction) {
        this.wireName = wireName;
        this.order = new Keyset.Order(field, direction, LeadDocuments.LEAD_ID);
    }

    /** As the {@code sort} parameter and a cursor name it, e.g. {@code -createdAt}. */
    public String wireName() {
        return wireName;
    }

    Keyset.Order keysetOrder() {
        return order;
    }

    boolean byTime() {
        return order.field().equals(LeadDocuments.CREATED_AT);
    }

    /** @throws ProblemException 400 naming {@code sort} for anything but the four orders */
    public static LeadOrder parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return NEWEST_FIRST;
        }
        return Arrays.stream(values()).filter(order -> order.wireName.equals(value.trim())).findFirst()
                .orElseThrow(() -> ProblemException.invalidParameter(PARAMETER,
                        "must be one of createdAt, -createdAt, name, -name"));
    }
}
