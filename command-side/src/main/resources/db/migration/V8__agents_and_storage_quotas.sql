-- Hard limits on AI agents and on storage (the bytes of call recordings), beside the other limits. Like them, each
-- holds the hard limit (null: unlimited) and is rewritten from every TenantCreated and TenantPlanChanged.
ALTER TABLE tenant_quota_settings ADD COLUMN max_agents BIGINT;
ALTER TABLE tenant_quota_settings ADD COLUMN max_storage_bytes BIGINT;

-- Tenants that existed before these limits get their plan's limits from the catalogue of the time (seed: Agents
-- 2 / 4 / 4, Storage 1 / 10 / 100 GB, in GiB). Enterprise tenants stay unlimited until their next plan change, which
-- writes their negotiated limits.
UPDATE tenant_quota_settings SET max_agents = CASE plan WHEN 'free' THEN 2 WHEN 'starter' THEN 4
        WHEN 'professional' THEN 4 END,
    max_storage_bytes = CASE plan WHEN 'free' THEN 1073741824 WHEN 'starter' THEN 10737418240
        WHEN 'professional' THEN 107374182400 END;

-- The tenants' AI agents that may place calls: an agent's row exists from its registration to its retirement. Kept by
-- a subscribing processor in the same transaction as the agent's events.
CREATE TABLE tenant_ai_agents (
    tenant_id VARCHAR(64) NOT NULL,
    agent_id  VARCHAR(64) NOT NULL,
    PRIMARY KEY (tenant_id, agent_id)
);
