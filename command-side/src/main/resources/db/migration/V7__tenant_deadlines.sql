-- Each tenant's pending trial or subscription end (at most one), kept by the tenant-deadlines subscribing processor
-- in the same transaction as the tenant's events. Service instances claim a due row for a while (claimed_until) and
-- end the term with an idempotent command; a claim that is never settled lapses and the row is tried again.
CREATE TABLE tenant_deadlines (
    tenant_id     VARCHAR(64)              PRIMARY KEY,
    -- trial | subscription
    kind          VARCHAR(16)              NOT NULL,
    due_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_until TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_tenant_deadlines_due ON tenant_deadlines (due_at);
