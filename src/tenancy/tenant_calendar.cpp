// TenancyService, the tenant's calendar: business hours, exceptional closures, holiday and school
// zones, and the school holidays it imported; the version of the tenant's settings that guards
// their changes (If-Match, core/versions.hpp). Contracts in tenancy_service.hpp.
#include <algorithm>
#include <map>
#include <sstream>

#include <date/date.h>

#include "calendar/school_holidays.hpp"
#include "core/text.hpp"
#include "core/versions.hpp"
#include "tenancy/tenancy_rows.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::tenancy {

using storage::Connection;
using storage::Row;

namespace detail {

std::string FormatDay(calendar::Day day) { return date::format("%F", day); }

std::optional<calendar::Day> ParseDay(const std::string& text) {
    std::istringstream in(text);
    calendar::Day day;
    in >> date::parse("%F", day);
    if (in.fail()) return std::nullopt;
    return day;
}

Result<TenantCalendar> Validated(TenantCalendar c) {
    if (c.department) {
        // "2a" and " 91 " mean 2A and 91.
        std::string code(TrimSpace(*c.department));
        std::transform(code.begin(), code.end(), code.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
        c.department = code.empty() ? std::nullopt : std::optional<std::string>(code);
    }
    for (Closure& closure : c.closures) closure.name = std::string(TrimSpace(closure.name));
    static constexpr const char* kDays[] = {"lundi",    "mardi",  "mercredi", "jeudi",
                                            "vendredi", "samedi", "dimanche"};
    auto zone = calendar::ParseHolidayZone(c.holiday_zone);
    if (!zone) return Invalid("La zone de jours fériés « " + c.holiday_zone + " » est inconnue.");
    if (c.department) {
        auto of_department = calendar::ZoneOfDepartment(*c.department);
        if (!of_department) {
            return Invalid("Le département « " + *c.department +
                           " » est inconnu (exemples : 75, 2A, 974).");
        }
        if (*of_department != *zone) {
            return Invalid("Le département " + *c.department + " relève de la zone « " +
                           std::string(calendar::HolidayZoneName(*of_department)) + " », pas « " +
                           c.holiday_zone + " ».");
        }
    }
    if (c.school_zone && !calendar::ParseSchoolZone(*c.school_zone)) {
        return Invalid("La zone de vacances scolaires « " + *c.school_zone +
                       " » est inconnue (A, B, C, corse, ou une académie d'outre-mer).");
    }
    for (std::size_t d = 0; d < 7; ++d) {
        auto& slots = c.business_hours[d];
        std::sort(slots.begin(), slots.end(), [](const TimeSlot& a, const TimeSlot& b) {
            return a.start_minute < b.start_minute;
        });
        for (std::size_t i = 0; i < slots.size(); ++i) {
            const TimeSlot& s = slots[i];
            if (s.start_minute < 0 || s.end_minute > 24 * 60 || s.start_minute >= s.end_minute) {
                return Invalid(std::string("Horaires du ") + kDays[d] +
                               " : chaque plage doit commencer avant de finir, entre 00:00 et "
                               "24:00.");
            }
            if (i > 0 && slots[i - 1].end_minute > s.start_minute) {
                return Invalid(std::string("Horaires du ") + kDays[d] +
                               " : deux plages se chevauchent.");
            }
        }
    }
    std::sort(c.closures.begin(), c.closures.end(),
              [](const Closure& a, const Closure& b) { return a.day < b.day; });
    for (std::size_t i = 0; i < c.closures.size(); ++i) {
        if (c.closures[i].name.empty() || c.closures[i].name.size() > 200) {
            return Invalid(
                "Chaque fermeture exceptionnelle doit avoir un nom (200 caractères au plus).");
        }
        if (i > 0 && c.closures[i - 1].day == c.closures[i].day) {
            return Invalid("La fermeture du " + FormatDay(c.closures[i].day) +
                           " est indiquée deux fois.");
        }
    }
    return c;
}

Result<void> WriteCalendar(Connection& c, const std::string& tenant_id, const TenantCalendar& cal) {
    GUICHET_CHECK(c.Execute(
        "UPDATE tenants SET holiday_zone = $1, department = $2, school_zone = $3 WHERE id = $4",
        {cal.holiday_zone, storage::Nullable(cal.department), storage::Nullable(cal.school_zone),
         tenant_id}));
    GUICHET_CHECK(c.Execute("DELETE FROM tenant_business_hours WHERE tenant_id = $1", {tenant_id}));
    for (int d = 0; d < 7; ++d) {
        for (const TimeSlot& s : cal.business_hours[static_cast<std::size_t>(d)]) {
            GUICHET_CHECK(c.Execute(
                "INSERT INTO tenant_business_hours (tenant_id, weekday, start_minute, end_minute) "
                "VALUES ($1, $2, $3, $4)",
                {tenant_id, int64_t{d}, int64_t{s.start_minute}, int64_t{s.end_minute}}));
        }
    }
    GUICHET_CHECK(c.Execute("DELETE FROM tenant_closures WHERE tenant_id = $1", {tenant_id}));
    for (const Closure& closure : cal.closures) {
        GUICHET_CHECK(
            c.Execute("INSERT INTO tenant_closures (tenant_id, day, name) VALUES ($1, $2, $3)",
                      {tenant_id, FormatDay(closure.day), closure.name}));
    }
    return {};
}

Result<int64_t> TenantVersion(Connection& c, const std::string& tenant_id) {
    GUICHET_TRY(row, c.QueryOne("SELECT version FROM tenants WHERE id = $1", {tenant_id}));
    if (!row) return Fail(ErrorCode::kNotFound, "Cette collectivité est inconnue.");
    return row->Int(0);
}

Result<int64_t> RaiseTenantVersion(Connection& c, const std::string& tenant_id, int64_t current) {
    GUICHET_CHECK(
        c.Execute("UPDATE tenants SET version = $1 WHERE id = $2", {current + 1, tenant_id}));
    return current + 1;
}

}  // namespace detail

namespace {

constexpr std::string_view kCalendarWhat = "le calendrier";

// The calendar of `tenant_id`, read on the caller's connection.
Result<TenantCalendar> ReadCalendar(Connection& c, const std::string& tenant_id) {
    GUICHET_TRY(row,
                c.QueryOne(std::string(detail::kTenantColumns) + "WHERE id = $1", {tenant_id}));
    if (!row) return Fail(ErrorCode::kNotFound, "Cette collectivité est inconnue.");
    const Tenant tenant = detail::TenantFromRow(*row);
    TenantCalendar cal{tenant.holiday_zone, tenant.department, tenant.school_zone, {}, {},
                       tenant.version};
    GUICHET_TRY(slots, c.Query("SELECT weekday, start_minute, end_minute FROM "
                               "tenant_business_hours WHERE tenant_id = $1 "
                               "ORDER BY weekday, start_minute",
                               {tenant_id}));
    for (const Row& r : slots) {
        auto weekday = static_cast<std::size_t>(r.Int(0));
        if (weekday < 7) {
            cal.business_hours[weekday].push_back(
                {static_cast<int>(r.Int(1)), static_cast<int>(r.Int(2))});
        }
    }
    GUICHET_TRY(closures, c.Query("SELECT day, name FROM tenant_closures WHERE tenant_id = $1 "
                                  "ORDER BY day",
                                  {tenant_id}));
    for (const Row& r : closures) {
        if (auto day = detail::ParseDay(r.Text(0))) cal.closures.push_back({*day, r.Text(1)});
    }
    return cal;
}

}  // namespace

Result<TenantCalendar> TenancyService::GetCalendar(std::string_view tenant_id) {
    return db_.Read<TenantCalendar>(
        [&](Connection& c) { return ReadCalendar(c, std::string(tenant_id)); });
}

Result<TenantCalendar> TenancyService::SetCalendar(std::string_view tenant_id,
                                                   const TenantCalendar& requested,
                                                   std::optional<int64_t> expected_version) {
    GUICHET_TRY(checked, detail::Validated(requested));
    const std::string id(tenant_id);
    GUICHET_TRY(version, db_.Write<int64_t>([&](Connection& c) -> Result<int64_t> {
        GUICHET_TRY(current, detail::TenantVersion(c, id));
        GUICHET_CHECK(CheckVersion(expected_version, current, kCalendarWhat));
        GUICHET_CHECK(detail::WriteCalendar(c, id, checked));
        return detail::RaiseTenantVersion(c, id, current);
    }));
    checked.version = version;
    return checked;
}

Result<TenantCalendar> TenancyService::AddClosures(std::string_view tenant_id,
                                                   const std::vector<Closure>& closures,
                                                   std::optional<int64_t> expected_version) {
    const std::string id(tenant_id);
    return db_.Write<TenantCalendar>([&](Connection& c) -> Result<TenantCalendar> {
        GUICHET_TRY(current, ReadCalendar(c, id));
        GUICHET_CHECK(CheckVersion(expected_version, current.version, kCalendarWhat));
        std::map<calendar::Day, std::string> days;
        for (const auto& closure : current.closures) days[closure.day] = closure.name;
        for (const auto& closure : closures) days[closure.day] = closure.name;
        current.closures.clear();
        for (auto& [day, name] : days) current.closures.push_back({day, name});
        GUICHET_TRY(checked, detail::Validated(std::move(current)));
        GUICHET_CHECK(detail::WriteCalendar(c, id, checked));
        GUICHET_TRY(version, detail::RaiseTenantVersion(c, id, checked.version));
        checked.version = version;
        return checked;
    });
}

Result<calendar::HolidayRules> TenancyService::HolidayRulesFor(std::string_view tenant_id) {
    GUICHET_TRY(cal, GetCalendar(tenant_id));
    calendar::HolidayRules rules;
    rules.zone =
        calendar::ParseHolidayZone(cal.holiday_zone).value_or(calendar::HolidayZone::kMetropole);
    for (const Closure& closure : cal.closures) {
        rules.extra_closures.push_back({closure.day, closure.name});
    }
    GUICHET_TRY(school, SchoolHolidaysOf(tenant_id, cal.school_zone));
    rules.school_holidays = std::move(school);
    return rules;
}

Result<std::vector<calendar::SchoolHoliday>> TenancyService::SchoolHolidays(
    std::string_view tenant_id) {
    GUICHET_TRY(tenant, GetTenant(tenant_id));
    return SchoolHolidaysOf(tenant.id, tenant.school_zone);
}

Result<std::vector<calendar::SchoolHoliday>> TenancyService::SchoolHolidaysOf(
    std::string_view tenant_id, const std::optional<std::string>& school_zone) {
    GUICHET_TRY(rows, db_.Read<std::vector<Row>>([&](Connection& c) {
        return c.Query(
            "SELECT first_day, last_day, name FROM tenant_school_holidays "
            "WHERE tenant_id = $1 ORDER BY first_day, name",
            {std::string(tenant_id)});
    }));
    std::vector<calendar::SchoolHoliday> periods;
    for (const Row& r : rows) {
        auto first = detail::ParseDay(r.Text(0));
        auto last = detail::ParseDay(r.Text(1));
        if (first && last) periods.push_back({*first, *last, r.Text(2)});
    }
    if (!periods.empty() || !school_zone) return periods;
    auto zone = calendar::ParseSchoolZone(*school_zone);
    return zone ? calendar::ShippedSchoolHolidays(*zone) : periods;
}

Result<int64_t> TenancyService::ReplaceSchoolHolidays(
    std::string_view tenant_id, const std::vector<calendar::SchoolHoliday>& periods,
    std::optional<int64_t> expected_version) {
    for (const auto& p : periods) {
        if (p.last < p.first || p.name.empty()) {
            return Invalid("La période « " + p.name + " » du " + detail::FormatDay(p.first) +
                           " est invalide : la fin précède le début ou le nom manque.");
        }
    }
    const std::string id(tenant_id);
    return db_.Write<int64_t>([&](Connection& c) -> Result<int64_t> {
        GUICHET_TRY(current, detail::TenantVersion(c, id));
        GUICHET_CHECK(CheckVersion(expected_version, current, kCalendarWhat));
        GUICHET_CHECK(c.Execute("DELETE FROM tenant_school_holidays WHERE tenant_id = $1", {id}));
        for (const auto& p : periods) {
            // ON CONFLICT: the same period listed twice in a file is stored once.
            GUICHET_CHECK(c.Execute(
                "INSERT INTO tenant_school_holidays (tenant_id, first_day, last_day, name) "
                "VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, first_day, name) DO NOTHING",
                {id, detail::FormatDay(p.first), detail::FormatDay(p.last), p.name}));
        }
        return detail::RaiseTenantVersion(c, id, current);
    });
}

}  // namespace guichet::tenancy
