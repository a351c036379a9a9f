-- Each tenant's events in global order, so reading one tenant's history touches only that tenant's rows (never a scan
-- of every tenant's events). One row per stored event, written by the tenant-event-index subscribing processor in the
-- same transaction as the event; payloads stay in domainevententry and are joined by global_index.
CREATE TABLE tenant_event_index (
    tenant_id       VARCHAR(64)              NOT NULL,
    global_index    BIGINT                   NOT NULL,
    aggregate_id    VARCHAR(255)             NOT NULL,
    sequence_number BIGINT                   NOT NULL,
    -- the event's wire name (EventCatalog), e.g. LeadStatusChanged
    event_type      VARCHAR(128)             NOT NULL,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, global_index),
    CONSTRAINT uk_tenant_event_index_event UNIQUE (global_index)
);
-- one aggregate's history within a tenant (e.g. a lead's status changes)
CREATE INDEX ix_tenant_event_index_aggregate ON tenant_event_index (tenant_id, aggregate_id, global_index);

-- Events stored before this migration. Every aggregate id is the tenant id ("tenant_…", tenant aggregate) or the
-- tenant id, a dot and the aggregate's own id (leads, agents, invoices, the do-not-call list); payload types are the
-- events' class names, whose simple name is the wire name. Axon stores timestamps as ISO-8601 text in UTC.
INSERT INTO tenant_event_index (tenant_id, global_index, aggregate_id, sequence_number, event_type, occurred_at)
SELECT REGEXP_REPLACE(aggregateidentifier, '\..*$', ''),
       globalindex,
       aggregateidentifier,
       sequencenumber,
       REGEXP_REPLACE(payloadtype, '^.*\.', ''),
       CAST(timestamp AS TIMESTAMP WITH TIME ZONE)
FROM domainevententry
WHERE aggregateidentifier LIKE 'tenant\_%';
