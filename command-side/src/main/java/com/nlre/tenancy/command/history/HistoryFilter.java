package com.nlre.tenancy.command.history;

import java.time.Instant;
import java.util.List;

/**
 * Which of a tenant's events a history read returns: those that occurred in {@code [from, to)} (or up to and
 * including {@code to} when {@code toInclusive}), of one aggregate, of some event types (wire names). A null bound or
 * an empty list does not filter.
 */
public record HistoryFilter(Instant from, Instant to, boolean toInclusive, String aggregateId, List<String> types) {

    public static final HistoryFilter NONE = new HistoryFilter(null, null, false, null, List.of());

    public HistoryFilter {
        types = types == null ? List.of() : List.copyOf(types);
    }

    /** Every event that occurred at or before {@code at}: what a state as of {@code at} is replayed from. */
    public static HistoryFilter upTo(Instant at) {
        return new HistoryFilter(null, at, true, null, List.of());
    }

    public static HistoryFilter ofAggregate(String aggregateId, List<String> types) {
        return new HistoryFilter(null, null, false, aggregateId, types);
    }

    public boolean isEmpty() {
        return from == null && to == null && aggregateId == null && types.isEmpty();
    }
}
