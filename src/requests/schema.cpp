#include "requests/schema.hpp"

namespace guichet::requests {
namespace {

// Structured parts that are read and written whole (fields, workflow, charter rules, citizen,
// pauses) are JSON in TEXT columns; what lists filter and sort on has its own column and index.
constexpr storage::Migration kMigrations[] = {
    {1, "categories, charters, routing, requests, timeline, attachments", R"sql(
CREATE TABLE request_categories (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  external_id TEXT,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  service_id TEXT REFERENCES services(id),
  kind TEXT NOT NULL,
  is_public INTEGER NOT NULL,
  fields TEXT NOT NULL,
  workflow TEXT NOT NULL,
  keywords TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX request_categories_external ON request_categories(tenant_id, external_id);
CREATE TABLE request_charters (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, version)
);
CREATE TABLE request_routing (
  tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
  default_service_id TEXT REFERENCES services(id),
  rules TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE requests (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  tracking_code TEXT NOT NULL,
  category_id TEXT NOT NULL REFERENCES request_categories(id),
  kind TEXT NOT NULL,
  channel TEXT NOT NULL,
  citizen_name TEXT NOT NULL,
  citizen_email TEXT,
  citizen_phone TEXT,
  citizen_address TEXT,
  subject TEXT NOT NULL,
  description TEXT NOT NULL,
  fields TEXT NOT NULL,
  location TEXT,
  priority INTEGER NOT NULL,
  tags TEXT NOT NULL,
  service_id TEXT REFERENCES services(id),
  agent_id TEXT,
  status TEXT NOT NULL,
  is_closed INTEGER NOT NULL,
  charter_version INTEGER NOT NULL,
  due_ack BIGINT,
  due_first BIGINT,
  due_resolution BIGINT,
  next_due BIGINT,
  acknowledged_at BIGINT,
  first_answered_at BIGINT,
  resolved_at BIGINT,
  paused_since BIGINT,
  pauses TEXT NOT NULL,
  alerts INTEGER NOT NULL,
  merged_into TEXT,
  links TEXT NOT NULL,
  external_ref TEXT,
  received_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL
);
CREATE UNIQUE INDEX requests_tracking ON requests(tenant_id, tracking_code);
CREATE INDEX requests_inbox ON requests(tenant_id, is_closed, service_id, next_due);
CREATE INDEX requests_agent ON requests(tenant_id, agent_id, is_closed, next_due);
CREATE INDEX requests_email ON requests(tenant_id, citizen_email);
CREATE INDEX requests_phone ON requests(tenant_id, citizen_phone);
CREATE INDEX requests_due ON requests(is_closed, next_due);
CREATE INDEX requests_external_ref ON requests(tenant_id, external_ref);
CREATE TABLE request_timeline (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  request_id TEXT NOT NULL REFERENCES requests(id),
  type TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT NOT NULL,
  data TEXT NOT NULL,
  is_public INTEGER NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX request_timeline_request ON request_timeline(request_id, at);
CREATE TABLE request_attachments (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  request_id TEXT NOT NULL REFERENCES requests(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX request_attachments_request ON request_attachments(request_id);
CREATE TABLE request_contacts (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  channel TEXT NOT NULL,
  citizen_name TEXT NOT NULL,
  subject TEXT NOT NULL,
  service_id TEXT,
  agent_id TEXT,
  at BIGINT NOT NULL
);
CREATE INDEX request_contacts_tenant ON request_contacts(tenant_id, at);
)sql"},
    {2, "answer templates, letterhead", R"sql(
CREATE TABLE request_templates (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  name TEXT NOT NULL,
  channel TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  is_default INTEGER NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL
);
CREATE UNIQUE INDEX request_templates_name ON request_templates(tenant_id, name);
CREATE TABLE request_letterheads (
  tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
  sender_name TEXT NOT NULL,
  address TEXT NOT NULL,
  place TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
)sql"},
    {3, "inbox order served by indexes; no deadline stored as the largest time", R"sql(
UPDATE requests SET next_due = 9223372036854775807 WHERE next_due IS NULL;
DROP INDEX requests_inbox;
DROP INDEX requests_agent;
CREATE INDEX requests_queue ON requests(tenant_id, is_closed, next_due, id);
CREATE INDEX requests_inbox ON requests(tenant_id, is_closed, service_id, next_due, id);
CREATE INDEX requests_agent ON requests(tenant_id, agent_id, is_closed, next_due, id);
)sql"},
    {4, "attachments the citizen sees; requests by date of receipt (Open311 lists)", R"sql(
ALTER TABLE request_attachments ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
UPDATE request_attachments SET shared = 1 WHERE EXISTS (
  SELECT 1 FROM request_timeline t
  WHERE t.request_id = request_attachments.request_id AND t.type = 'attachment'
    AND t.is_public = 1 AND t.data LIKE '%"id":"' || request_attachments.id || '"%');
CREATE INDEX requests_received ON requests(tenant_id, received_at, id);
)sql"},
    {5, "person key of requests (one citizen across channels); untyped requests' type internal",
     R"sql(
ALTER TABLE requests ADD COLUMN citizen_id TEXT;
CREATE INDEX requests_citizen ON requests(tenant_id, citizen_id, created_at);
UPDATE request_categories SET is_public = 0 WHERE external_id = 'general';
)sql"},
    // Urgent requests (a checked « Danger immédiat » box,
    // priority 2) come first in the inbox; the indexes serve the new order.
    {6, "inbox order: priority first", R"sql(
DROP INDEX requests_queue;
DROP INDEX requests_inbox;
DROP INDEX requests_agent;
CREATE INDEX requests_queue ON requests(tenant_id, is_closed, priority DESC, next_due, id);
CREATE INDEX requests_inbox ON requests(tenant_id, is_closed, service_id, priority DESC, next_due, id);
CREATE INDEX requests_agent ON requests(tenant_id, agent_id, is_closed, priority DESC, next_due, id);
)sql"},
    // Two administrators editing the same settings: each change names the version it was made
    // from (If-Match, core/versions.hpp). Requests, templates and charters had one already.
    {7, "versions of request types, routing and letterhead", R"sql(
ALTER TABLE request_categories ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE request_routing ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE request_letterheads ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
)sql"},
};

}  // namespace

std::span<const storage::Migration> Migrations() { return kMigrations; }

}  // namespace guichet::requests
