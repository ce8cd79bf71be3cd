// Domain types of the tenancy module: tenants (one per administration) and their services.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace guichet::tenancy {

// One administration served by this instance: a commune, an intercommunalité, a France Services
// point. Every row elsewhere carries a tenant_id.
struct Tenant {
    std::string id;
    std::string slug;          // Lower-case, digits and dashes; used in URLs (?tenant=slug).
    std::string name;          // "Mairie de Villebelle".
    std::string timezone;      // IANA zone, "Europe/Paris" by default.
    std::string holiday_zone;  // French public-holiday zone: "metropole", "alsace-moselle", …
    std::optional<std::string> logo_url;
    std::vector<std::string> domains;  // Host names that select this tenant.
    TimePoint created_at;
};

struct NewTenant {
    std::string slug;
    std::string name;
    std::string timezone = "Europe/Paris";
    std::string holiday_zone = "metropole";
    std::optional<std::string> logo_url;
};

// An organisational unit (service municipal); services form a tree within one tenant.
struct Service {
    std::string id;
    std::string tenant_id;
    std::optional<std::string> parent_id;
    std::string name;
    std::optional<std::string> email;
    TimePoint created_at;
};

struct NewService {
    std::string name;
    std::optional<std::string> parent_id;
    std::optional<std::string> email;
};

// The holiday zones of France that calendar computations know (see the calendar module).
const std::vector<std::string>& HolidayZones();

}  // namespace guichet::tenancy
