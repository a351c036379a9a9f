-- Credentials live outside the event stream: events only record that they were set or changed.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

-- One row per tenant user. password_hash is BCrypt; MFA secrets are AES-GCM ciphertexts (never plain text).
-- A removed user's row is deleted, which frees the email within the tenant.
CREATE TABLE user_credentials (
    user_id                      VARCHAR(64)  PRIMARY KEY,
    tenant_id                    VARCHAR(64)  NOT NULL,
    email                        VARCHAR(254) NOT NULL,
    password_hash                VARCHAR(100) NOT NULL,
    mfa_secret_encrypted         VARCHAR(255),
    mfa_pending_secret_encrypted VARCHAR(255),
    mfa_enabled                  BOOLEAN      NOT NULL DEFAULT FALSE,
    -- the last TOTP time step accepted: a code is accepted once (RFC 6238 section 5.2)
    mfa_last_used_step           BIGINT,
    failed_attempts              INTEGER      NOT NULL DEFAULT 0,
    locked_until                 TIMESTAMP WITH TIME ZONE,
    last_login_at                TIMESTAMP WITH TIME ZONE,
    last_login_ip                VARCHAR(64),
    status                       VARCHAR(16)  NOT NULL
);
CREATE UNIQUE INDEX ux_user_credentials_tenant_email ON user_credentials (tenant_id, email);

-- One row per API key. key_hash is the SHA-256 (hex) of the whole key: keys carry 160 random bits, so a fast hash
-- cannot be reversed, and the key itself is shown once to its creator and kept nowhere.
CREATE TABLE api_key_credentials (
    key_id       VARCHAR(64)  PRIMARY KEY,
    tenant_id    VARCHAR(64)  NOT NULL,
    key_hash     CHAR(64)     NOT NULL,
    scopes       VARCHAR(500) NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    last_used_at TIMESTAMP WITH TIME ZONE,
    created_by   VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_api_key_credentials_hash ON api_key_credentials (key_hash);
CREATE INDEX ix_api_key_credentials_created ON api_key_credentials (created_at);

-- Every tenant's current status, written in the same transaction as the events that change it.
CREATE TABLE tenant_directory (
    tenant_id VARCHAR(64) PRIMARY KEY,
    status    VARCHAR(16) NOT NULL
);
