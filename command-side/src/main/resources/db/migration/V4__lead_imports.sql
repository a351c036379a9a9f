-- Lead import jobs: the progress and per-row errors of CSV imports, which run asynchronously on the command side.
-- Every row names its tenant and every tenant query filters by it. The file itself is not kept: a job that stops
-- before it completes (interrupted) is finished by uploading the same file again, which skips the leads it added.

CREATE TABLE lead_import_jobs (
    job_id          VARCHAR(64)  PRIMARY KEY,
    tenant_id       VARCHAR(64)  NOT NULL,
    requested_by    VARCHAR(64)  NOT NULL,
    -- queued | running | completed | failed | interrupted
    status          VARCHAR(16)  NOT NULL,
    total           INTEGER      NOT NULL,
    processed       INTEGER      NOT NULL DEFAULT 0,
    created         INTEGER      NOT NULL DEFAULT 0,
    already_present INTEGER      NOT NULL DEFAULT 0,
    failed          INTEGER      NOT NULL DEFAULT 0,
    reason          VARCHAR(500),
    -- the service instance that runs the job, and when it last showed it was alive
    instance_id     VARCHAR(64)  NOT NULL,
    heartbeat_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE,
    finished_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_lead_import_jobs_tenant ON lead_import_jobs (tenant_id, created_at);
CREATE INDEX ix_lead_import_jobs_active ON lead_import_jobs (status, heartbeat_at);

-- The rows an import could not add, at most 1,000 per job (the first by line number).
CREATE TABLE lead_import_errors (
    tenant_id VARCHAR(64)  NOT NULL,
    job_id    VARCHAR(64)  NOT NULL,
    line      INTEGER      NOT NULL,
    field     VARCHAR(64),
    message   VARCHAR(500) NOT NULL,
    PRIMARY KEY (tenant_id, job_id, line)
);
