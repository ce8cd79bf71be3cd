// Domain types of the tenancy module: tenants (one per administration) and their services.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/holidays.hpp"
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
    std::optional<std::string> department;   // "91", "2A", "974"
    std::optional<std::string> school_zone;  // "A", "B", "C", "corse", "la-reunion", …
    // The article of `name` as it is written after "de" ("la", "le", "l'", "les", or "" for a
    // name without one such as "Villebelle"); nullopt: derived from the name (NameArticle).
    std::optional<std::string> name_article;
    // The version of the tenant's settings (its calendar, the article of its name): 1 when
    // created, raised by each change (core/versions.hpp).
    int64_t version = 1;
};

// The article of the tenant's name: the stored one, else derived from its first word ("Mairie
// de Villebelle": "la"; "Département de l'Essonne": "le"; "Agglomération…": "l'"; a bare place
// name: ""). One of kNameArticles.
std::string NameArticle(const Tenant& tenant);
inline constexpr std::array<std::string_view, 5> kNameArticles = {"la", "le", "l'", "les", ""};

// The tenant's name after the preposition "de", contracted as French requires: "de la Mairie de
// Villebelle", "du Département de l'Essonne", "de l'Agglomération du Val", "des Communes
// associées", "de Villebelle". Text for sentences such as « sur le portail de la Mairie ».
std::string NameAfterDe(const Tenant& tenant);

struct NewTenant {
    std::string slug;
    std::string name;
    std::string timezone = "Europe/Paris";
    std::string holiday_zone;  // Empty: the zone of `department`, else "metropole".
    std::optional<std::string> logo_url;
    std::optional<std::string> department;
    std::optional<std::string> school_zone;
};

// Opening slot of a working day: [start, end) in minutes after local midnight.
struct TimeSlot {
    int start_minute = 0;
    int end_minute = 0;
    bool operator==(const TimeSlot&) const = default;
};

// A day the administration is closed on top of the public holidays (a "pont", a local feast).
struct Closure {
    calendar::Day day;
    std::string name;
    bool operator==(const Closure&) const = default;
};

// What deadlines, appointment slots and PH/SH evaluate against for one tenant.
struct TenantCalendar {
    std::string holiday_zone;
    std::optional<std::string> department;
    std::optional<std::string> school_zone;
    std::array<std::vector<TimeSlot>, 7> business_hours;  // Index 0 is Monday.
    std::vector<Closure> closures;                        // Sorted by day.
    int64_t version = 1;  // The tenant's settings version (Tenant::version); ignored on input.
};

// Mon–Fri 08:30–12:00 and 13:30–17:30: what a new tenant starts with.
std::array<std::vector<TimeSlot>, 7> DefaultBusinessHours();

// An organisational unit (service municipal); services form a tree within one tenant.
struct Service {
    std::string id;
    std::string tenant_id;
    std::optional<std::string> parent_id;
    std::string name;
    std::optional<std::string> email;
    TimePoint created_at;
    std::optional<std::string> external_id;  // The id it was imported with ("etat-civil").
    std::optional<std::string> phone;
    std::string description;
    std::vector<std::string> topics;  // Words citizens use for what the service handles.
    int64_t version = 1;              // 1 when created, raised by each change or import.
};

struct NewService {
    std::string name;
    std::optional<std::string> parent_id;
    std::optional<std::string> email;
    std::optional<std::string> external_id;
    std::optional<std::string> phone;
    std::string description;
    std::vector<std::string> topics;
};

// A change of a service's fields from the console: nullopt leaves a field as it is. An empty
// email or phone clears it.
struct ServiceChanges {
    std::optional<std::string> name;
    std::optional<std::string> email;
    std::optional<std::string> phone;
    std::optional<std::string> description;
};

// One service of an import file: created, or updated when a service with that external id
// exists. `parent_external_id` names another service of the file or of the tenant.
struct ServiceImport {
    std::string external_id;
    std::optional<std::string> parent_external_id;
    NewService fields;
};

}  // namespace guichet::tenancy
