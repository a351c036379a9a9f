-- Cancellation now starts a retention period, at whose end the tenant is offboarded: tenant_deadlines also holds each
-- canceled tenant's retention end (kind 'retention'), written with its TenantCanceled. Tenants canceled before this
-- migration get one 30 days (the default nlre.offboarding.retention) after their cancellation. The deadline only wakes
-- the poller: the Tenant aggregate decides with its own end (canceledAt plus the configured period for these), so a
-- longer configured period is kept (the deadline is retried until then) and a shorter one takes effect at this date.
INSERT INTO tenant_deadlines (tenant_id, kind, due_at)
SELECT i.tenant_id, 'retention', i.occurred_at + INTERVAL '30' DAY
FROM tenant_event_index i
WHERE i.event_type = 'TenantCanceled'
  AND NOT EXISTS (SELECT 1 FROM tenant_deadlines d WHERE d.tenant_id = i.tenant_id);
