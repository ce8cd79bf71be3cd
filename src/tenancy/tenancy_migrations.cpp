// The tenancy module's tables and their migrations (the only file that writes its schema).
// Tables: tenants, tenant_domains, services, tenant_business_hours, tenant_closures,
// tenant_school_holidays. Other modules never name them in their SQL (module borders).
#include "tenancy/tenancy_rows.hpp"

namespace guichet::tenancy::detail {
namespace {

constexpr storage::Migration kMigrations[] = {
    {1, "tenants, domains and services", R"sql(
CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  timezone TEXT NOT NULL,
  holiday_zone TEXT NOT NULL,
  logo_url TEXT,
  created_at BIGINT NOT NULL
);
CREATE TABLE tenant_domains (
  host TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id)
);
CREATE INDEX tenant_domains_tenant ON tenant_domains(tenant_id);
CREATE TABLE services (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  parent_id TEXT REFERENCES services(id),
  name TEXT NOT NULL,
  email TEXT,
  created_at BIGINT NOT NULL,
  UNIQUE (tenant_id, name)
);
CREATE INDEX services_tenant ON services(tenant_id);
)sql"},
    {2, "tenant calendars: department, school zone, business hours, closures", R"sql(
ALTER TABLE tenants ADD COLUMN department TEXT;
ALTER TABLE tenants ADD COLUMN school_zone TEXT;
CREATE TABLE tenant_business_hours (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  weekday INTEGER NOT NULL,
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, weekday, start_minute)
);
CREATE TABLE tenant_closures (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  day TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (tenant_id, day)
);
)sql"},
    {3, "school holidays imported by a tenant", R"sql(
CREATE TABLE tenant_school_holidays (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  first_day TEXT NOT NULL,
  last_day TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (tenant_id, first_day, name)
);
)sql"},
    {4, "services: external id, phone, description, topics", R"sql(
ALTER TABLE services ADD COLUMN external_id TEXT;
ALTER TABLE services ADD COLUMN phone TEXT;
ALTER TABLE services ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN topics TEXT NOT NULL DEFAULT '[]';
CREATE UNIQUE INDEX services_external ON services(tenant_id, external_id);
)sql"},
    // Placeholder: version 5 belongs to the addresses work merged separately (it replaces this).
    {5, "reserved", R"sql(
SELECT 1;
)sql"},
    {6, "tenants: the article of the name (« de la Mairie de Villebelle »)", R"sql(
ALTER TABLE tenants ADD COLUMN name_article TEXT;
)sql"},
    // Optimistic concurrency (core/versions.hpp): the tenant's settings (its calendar and the
    // article of its name) and each service have a version, raised by every change.
    {7, "versions of tenant settings and services", R"sql(
ALTER TABLE tenants ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE services ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
)sql"},
};

}  // namespace

std::span<const storage::Migration> TenancyMigrations() { return kMigrations; }

}  // namespace guichet::tenancy::detail
