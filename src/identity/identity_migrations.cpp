// The identity module's tables and their migrations (the only file that writes its schema):
// agents, sessions, api_keys, audit_log, login_failures, login_networks. Other modules never name
// them in their SQL (module borders); the REFERENCES to tenancy's tables are integrity only.
#include "identity/identity_service.hpp"

namespace guichet::identity {
namespace {

constexpr storage::Migration kMigrations[] = {
    {1, "agents, sessions, throttling, API keys, audit log", R"sql(
CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  email TEXT NOT NULL,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  roles TEXT NOT NULL,
  service_id TEXT REFERENCES services(id),
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  UNIQUE (tenant_id, email)
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  agent_id TEXT NOT NULL REFERENCES agents(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ip TEXT,
  user_agent TEXT
);
CREATE INDEX sessions_agent ON sessions(agent_id);
CREATE TABLE login_throttle (
  tenant_id TEXT NOT NULL,
  login TEXT NOT NULL,
  failures INTEGER NOT NULL,
  locked_until BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, login)
);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  name TEXT NOT NULL,
  prefix TEXT NOT NULL UNIQUE,
  secret_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT,
  last_used_at BIGINT
);
CREATE INDEX api_keys_tenant ON api_keys(tenant_id);
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  ip TEXT,
  action TEXT NOT NULL,
  target_type TEXT,
  target_id TEXT,
  detail TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX audit_log_tenant ON audit_log(tenant_id, id);
)sql"},
    {2, "login throttling per account, per address and per both; usual networks", R"sql(
DROP TABLE login_throttle;
CREATE TABLE login_failures (
  tenant_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  login TEXT NOT NULL,
  address TEXT NOT NULL,
  failures INTEGER NOT NULL,
  last_failure_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, scope, login, address)
);
CREATE INDEX login_failures_login ON login_failures(tenant_id, login);
CREATE TABLE login_networks (
  tenant_id TEXT NOT NULL,
  login TEXT NOT NULL,
  network TEXT NOT NULL,
  last_login_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, login, network)
);
)sql"},
    {3, "agents: version (optimistic concurrency, core/versions.hpp)", R"sql(
ALTER TABLE agents ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
)sql"},
};

}  // namespace

std::span<const storage::Migration> IdentityService::Migrations() { return kMigrations; }

}  // namespace guichet::identity
