// TenancyService: creates and finds tenants, their domains and their services.
//
// Validation happens here, before anything is written: a bad slug, time zone, zone or parent
// gives kInvalidArgument with a French message naming the field, and changes nothing.
// Reads of services are always scoped by tenant: asking for another tenant's service is
// kNotFound, exactly as for a service that does not exist.
// Versions (core/versions.hpp): the tenant's settings (its calendar, school holidays, closures,
// the article of its name) share one version, and each service has its own. A change takes the
// version it was made from (`expected_version`, nullopt: overwrite whatever is stored, for the
// command line and imports), compares it with the stored one inside its write transaction
// (CheckVersion: kFailedPrecondition "stale-version" when another change came first, and nothing
// is written), and returns the raised version.
// Files: tenancy_service.cpp (tenants, domains), tenant_calendar.cpp, service_directory.cpp,
// tenancy_migrations.cpp (tables).
// Thread-safety: stateless beyond the Database; safe from any worker thread. Calls block. No
// method may be called inside another lease of the same Database (storage/database.hpp, Leases),
// except the static ones, which take the caller's Connection.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "tenancy/tenant.hpp"

namespace guichet::tenancy {

struct ServiceImportCounts {
    std::size_t created = 0;
    std::size_t updated = 0;
};

class TenancyService {
  public:
    TenancyService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

    static std::span<const storage::Migration> Migrations();

    Result<Tenant> CreateTenant(const NewTenant& request);
    Result<std::vector<Tenant>> ListTenants();
    Result<Tenant> GetTenant(std::string_view id);
    Result<Tenant> FindBySlug(std::string_view slug);
    // Sets the article of the tenant's name as written after "de" (one of kNameArticles;
    // nullopt: derived from the name again). kInvalidArgument for another value, kNotFound.
    Result<Tenant> SetNameArticle(std::string_view tenant_id, std::optional<std::string> article,
                                  std::optional<int64_t> expected_version = std::nullopt);

    // Adds a host name ("mairie.example.fr") that selects `tenant_id` for public requests.
    Result<void> AddDomain(std::string_view tenant_id, std::string_view host);

    // The tenant of a public request: the `tenant=` query parameter if given, else the tenant
    // owning the Host name (port ignored), else the only tenant if there is exactly one.
    // kNotFound when none applies, with a message telling how to choose.
    Result<Tenant> ResolvePublic(std::string_view host, std::string_view slug_param);

    // The tenant's calendar settings, with the version of the tenant's settings; SetCalendar
    // validates and replaces them all at once, and returns them with the raised version.
    Result<TenantCalendar> GetCalendar(std::string_view tenant_id);
    Result<TenantCalendar> SetCalendar(std::string_view tenant_id, const TenantCalendar& calendar,
                                       std::optional<int64_t> expected_version = std::nullopt);
    // Adds exceptional closures (a day already closed takes the new name), in the same
    // transaction as the check of the version.
    Result<TenantCalendar> AddClosures(std::string_view tenant_id,
                                       const std::vector<Closure>& closures,
                                       std::optional<int64_t> expected_version);
    // What the calendar engine needs to know of this tenant's holidays: its zone, its closures
    // and the school holidays of its school zone.
    Result<calendar::HolidayRules> HolidayRulesFor(std::string_view tenant_id);
    // The tenant's school holidays: those it imported, else the shipped ones of its school zone,
    // else none.
    Result<std::vector<calendar::SchoolHoliday>> SchoolHolidays(std::string_view tenant_id);
    // Replaces the imported school holidays (an empty list returns to the shipped ones); returns
    // the raised version of the tenant's settings.
    Result<int64_t> ReplaceSchoolHolidays(std::string_view tenant_id,
                                          const std::vector<calendar::SchoolHoliday>& periods,
                                          std::optional<int64_t> expected_version = std::nullopt);

    // kInvalidArgument naming the field when a service's fields are not acceptable.
    static Result<void> ValidateService(const NewService& request);
    Result<Service> CreateService(std::string_view tenant_id, const NewService& request);
    // Changes the fields given of a service (kNotFound for another tenant's), checked with
    // ValidateService; kAlreadyExists "conflict" when the new name is taken.
    Result<Service> UpdateService(std::string_view tenant_id, std::string_view service_id,
                                  const ServiceChanges& changes,
                                  std::optional<int64_t> expected_version);
    // Creates or updates services by external id, then links parents, in one transaction: all
    // rows are written or none. Rows must have passed ValidateService.
    Result<ServiceImportCounts> ImportServices(std::string_view tenant_id,
                                               const std::vector<ServiceImport>& rows);
    Result<std::optional<Service>> FindServiceByExternalId(std::string_view tenant_id,
                                                           std::string_view external_id);
    Result<std::vector<Service>> ListServices(std::string_view tenant_id);
    Result<Service> GetService(std::string_view tenant_id, std::string_view service_id);
    // The tenant's service whose id or external id is `id_or_external_id`, read on the caller's
    // connection: for the other modules, which name services in their rows but never read the
    // `services` table themselves (module borders, docs/architecture.md), inside their own
    // transaction (storage/database.hpp, Leases).
    static Result<std::optional<Service>> FindService(storage::Connection& c,
                                                      std::string_view tenant_id,
                                                      std::string_view id_or_external_id);

  private:
    // School holidays of a tenant whose school zone is already known (no tenant read).
    Result<std::vector<calendar::SchoolHoliday>> SchoolHolidaysOf(
        std::string_view tenant_id, const std::optional<std::string>& school_zone);
    Result<std::vector<Tenant>> QueryTenants(std::string_view where, const storage::Params& params);

    storage::Database& db_;
    const Clock& clock_;
};

}  // namespace guichet::tenancy
