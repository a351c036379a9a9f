-- The keys personal data in events is sealed with (crypto-shredding). Outside the event store on purpose: deleting a
-- key makes the personal data sealed under it unreadable while the events keep their shape.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

-- One AES-256 key per tenant, wrapped (AES-GCM) by the master key. Offboarding shreds it: wrapped_key becomes null and
-- shredded_at is set, so the tenant's subject keys can no longer be unwrapped and are never re-created.
CREATE TABLE tenant_keys (
    tenant_id   VARCHAR(64) PRIMARY KEY,
    wrapped_key VARCHAR(128),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    shredded_at TIMESTAMP WITH TIME ZONE
);

-- One AES-256 data key per data subject (subject_type lead, user or tenant), wrapped by its tenant's key. Forgetting
-- the subject leaves a tombstone (wrapped_key null, forgotten_at set): its key is never re-created.
CREATE TABLE subject_keys (
    tenant_id    VARCHAR(64)  NOT NULL,
    subject_type VARCHAR(16)  NOT NULL,
    subject_id   VARCHAR(64)  NOT NULL,
    wrapped_key  VARCHAR(128),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    forgotten_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (tenant_id, subject_type, subject_id)
);
