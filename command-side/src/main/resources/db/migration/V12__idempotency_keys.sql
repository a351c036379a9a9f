-- Idempotency keys of creating POSTs: one row per scope (tenant id, or "operator") and client key. A row is claimed
-- IN_FLIGHT by the first request (until lease_until), then COMPLETED with the response to replay, until expires_at;
-- an expired row may be claimed again and is eventually deleted. fingerprint = SHA-256 of method, path and body.
CREATE TABLE idempotency_keys (
    scope                      VARCHAR(64)              NOT NULL,
    idempotency_key            VARCHAR(255)             NOT NULL,
    fingerprint                VARCHAR(64)              NOT NULL,
    -- IN_FLIGHT | COMPLETED
    state                      VARCHAR(16)              NOT NULL,
    claim_id                   VARCHAR(36)              NOT NULL,
    created_at                 TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_until                TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at                 TIMESTAMP WITH TIME ZONE NOT NULL,
    response_status            INTEGER,
    response_content_type      VARCHAR(255),
    response_location          VARCHAR(2048),
    response_consistency_token VARCHAR(512),
    response_body              BYTEA,
    PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX ix_idempotency_keys_expires ON idempotency_keys (expires_at);
