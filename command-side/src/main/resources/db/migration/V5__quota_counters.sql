-- Hard quotas, decided on the write side: one counter per tenant, meter and period. A reservation is an UPDATE in the
-- same transaction as the command's events, so it is exact under concurrency and undone with a failed command.
CREATE TABLE quota_counters (
    tenant_id VARCHAR(64) NOT NULL,
    meter     VARCHAR(32) NOT NULL,
    period    VARCHAR(16) NOT NULL,
    used      BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, meter, period)
);

-- The limits and billing zone each tenant's quotas are checked against; kept by a subscribing processor in the same
-- transaction as the tenant's events, so a plan change applies to the very next command.
CREATE TABLE tenant_quota_settings (
    tenant_id VARCHAR(64) PRIMARY KEY,
    plan      VARCHAR(32) NOT NULL,
    max_leads BIGINT,
    max_calls BIGINT,
    max_users BIGINT,
    timezone  VARCHAR(64) NOT NULL
);
