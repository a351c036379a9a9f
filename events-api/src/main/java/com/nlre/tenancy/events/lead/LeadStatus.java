package com.nlre.tenancy.events.lead;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The acquisition pipeline: new → contacted → qualified → under_contract → closed_won, with closed_lost reachable from
 * every open stage. A closed lead may be reopened to contacted (sellers come back).
 */
public enum LeadStatus {
    NEW, CONTACTED, QUALIFIED, UNDER_CONTRACT, CLOSED_WON, CLOSED_LOST;

    public Set<LeadStatus> allowedNext() {
        return switch (this) {
            case NEW -> EnumSet.of(CONTACTED, CLOSED_LOST);
            case CONTACTED -> EnumSet.of(QUALIFIED, CLOSED_LOST);
            case QUALIFIED -> EnumSet.of(UNDER_CONTRACT, CONTACTED, CLOSED_LOST);
            case UNDER_CONTRACT -> EnumSet.of(CLOSED_WON, CLOSED_LOST, QUALIFIED);
            case CLOSED_WON, CLOSED_LOST -> EnumSet.of(CONTACTED);
        };
    }

    public boolean canMoveTo(LeadStatus next) {
        return allowedNext().contains(next);
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static LeadStatus fromWireName(String value) {
        return Arrays.stream(values()).filter(status -> status.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown lead status '" + value
                        + "': expected one of new, contacted, qualified, under_contract, closed_won, closed_lost"));
    }
}
