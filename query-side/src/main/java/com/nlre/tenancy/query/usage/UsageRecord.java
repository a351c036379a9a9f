package com.nlre.tenancy.query.usage;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * One usage ledger entry as a billing system ingests it. {@code transactionId} is stable across redeliveries,
 * replays and rebuilds (it is derived from the event's id), so an importer that upserts by it never counts twice.
 */
@Schema(name = "UsageRecord")
public record UsageRecord(String transactionId, String tenantId, String meter, long quantity, String period,
                          Instant occurredAt, String eventId, String aggregateId, long sequence, Long position) {
}
