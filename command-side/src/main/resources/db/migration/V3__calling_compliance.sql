-- What the command side must know, strongly consistent with its own events, to decide whether a call is allowed.
-- Maintained by a subscribing processor in the same transaction as the events it reflects.

CREATE TABLE tenant_call_settings (
    tenant_id               VARCHAR(64) PRIMARY KEY,
    plan                    VARCHAR(32) NOT NULL,
    require_written_consent BOOLEAN     NOT NULL,
    enable_dnc_check        BOOLEAN     NOT NULL,
    call_window_start       VARCHAR(8)  NOT NULL,
    call_window_end         VARCHAR(8)  NOT NULL,
    call_window_zone        VARCHAR(64) NOT NULL,
    max_call_duration       INTEGER     NOT NULL,
    recording_enabled       BOOLEAN     NOT NULL
);

-- A tenant's own do-not-call numbers (E.164).
CREATE TABLE tenant_dnc (
    tenant_id VARCHAR(64) NOT NULL,
    phone     VARCHAR(20) NOT NULL,
    PRIMARY KEY (tenant_id, phone)
);

-- The platform-wide do-not-call list, loaded by operators from a file (E.164).
CREATE TABLE platform_dnc (
    phone     VARCHAR(20)  PRIMARY KEY,
    source    VARCHAR(200),
    loaded_at VARCHAR(40)  NOT NULL
);
