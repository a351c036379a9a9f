package com.nlre.tenancy.command.history;

import com.nlre.tenancy.events.lead.LeadStatus;

import java.time.Instant;
import java.util.List;

/** Every change of one lead's pipeline status, oldest first, with who made it (from the event's metadata). */
public record LeadStatusChanges(String leadId, List<Change> changes) {

    /**
     * @param position   the change's global position in the event store
     * @param changedAt  when the change took effect (the event's own time)
     * @param actorType  {@code user}, {@code api_key}, {@code operator} or {@code system}
     */
    public record Change(long position, Instant changedAt, LeadStatus from, LeadStatus to, String actorId,
                         String actorType, String correlationId) {
    }
}
