-- Per-tenant request rate limits shared by every instance (nlre.rate-limits.store=jdbc; both services may point here):
-- one token bucket per service, tenant and plan rate, in the shape bucket4j's PostgreSQL proxy manager reads and
-- writes (its serialized state, locked with SELECT ... FOR UPDATE for one short transaction per request). expires_at
-- (epoch milliseconds) is when the bucket is full again; rows past it are deleted, as a missing bucket starts full.
CREATE TABLE rate_limit_buckets (
    id         VARCHAR(255) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

CREATE INDEX rate_limit_buckets_expires_at ON rate_limit_buckets (expires_at);
