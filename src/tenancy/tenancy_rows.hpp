// Internal to the tenancy module: the row mapping and the checks shared by the files of
// TenancyService (tenancy_service.cpp: tenants and domains; tenant_calendar.cpp: calendars and
// school holidays; service_directory.cpp: services; tenancy_migrations.cpp: its tables).
// Nothing outside src/tenancy includes it. Thread-safety: pure functions, or functions that work
// on the caller's Connection (inside its transaction).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "tenancy/tenant.hpp"

namespace guichet::tenancy::detail {

// The tenancy module's migrations (tenants, tenant_domains, services, tenant_business_hours,
// tenant_closures, tenant_school_holidays).
std::span<const storage::Migration> TenancyMigrations();

// "SELECT <tenant columns> FROM tenants ", and the Tenant of one of its rows.
inline constexpr std::string_view kTenantColumns =
    "SELECT id, slug, name, timezone, holiday_zone, logo_url, created_at, department, "
    "school_zone, name_article, version FROM tenants ";
Tenant TenantFromRow(const storage::Row& r);

// "2026-05-14", and back (nullopt when not a date).
std::string FormatDay(calendar::Day day);
std::optional<calendar::Day> ParseDay(const std::string& text);

// A calendar checked and normalised (department upper-cased, slots and closures sorted), or
// kInvalidArgument with a French message naming what is wrong.
Result<TenantCalendar> Validated(TenantCalendar c);

// Replaces the calendar rows of `tenant_id` (zones on the tenants row, hours, closures). Does not
// touch the version: the caller raises it.
Result<void> WriteCalendar(storage::Connection& c, const std::string& tenant_id,
                           const TenantCalendar& cal);

// The stored version of the tenant's settings, read on the caller's connection (kNotFound when
// the tenant does not exist), and its raise by one.
Result<int64_t> TenantVersion(storage::Connection& c, const std::string& tenant_id);
Result<int64_t> RaiseTenantVersion(storage::Connection& c, const std::string& tenant_id,
                                   int64_t current);

}  // namespace guichet::tenancy::detail
