#include "tenancy/tenancy_service.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include <date/tz.h>
#include <boost/json.hpp>

#include "calendar/school_holidays.hpp"
#include "core/ids.hpp"

namespace guichet::tenancy {
namespace {

using storage::Connection;
using storage::Row;

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
};

bool IsSlug(std::string_view s) {
    if (s.size() < 2 || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

std::string NormaliseHost(std::string_view host) {
    // "Mairie.Example.fr:8080" -> "mairie.example.fr"; an IPv6 literal keeps its brackets.
    if (!host.empty() && host.front() != '[') {
        auto colon = host.rfind(':');
        if (colon != std::string_view::npos) host = host.substr(0, colon);
    }
    std::string out(host);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool IsHostName(std::string_view s) {
    if (s.empty() || s.size() > 253) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    });
}

bool IsTimeZone(const std::string& name) {
    try {
        return date::locate_zone(name) != nullptr;
    } catch (const std::exception&) {
        return false;
    }
}

Tenant TenantFromRow(const Row& r) {
    return Tenant{r.Text(0),    r.Text(1),    r.Text(2),   r.Text(3),
                  r.Text(4),    r.OptText(5), {},          FromUnixMillis(r.Int(6)),
                  r.OptText(7), r.OptText(8), r.OptText(9)};
}

std::string FormatDay(calendar::Day day) { return date::format("%F", day); }

std::optional<calendar::Day> ParseDay(const std::string& text) {
    std::istringstream in(text);
    calendar::Day day;
    in >> date::parse("%F", day);
    if (in.fail()) return std::nullopt;
    return day;
}

// Checks and normalises (sorts) a calendar; the French message names what is wrong.
std::string Trimmed(const std::string& text) {
    auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return {};
    return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

Result<TenantCalendar> Validated(TenantCalendar c) {
    if (c.department) {
        // "2a" and " 91 " mean 2A and 91.
        std::string code = Trimmed(*c.department);
        std::transform(code.begin(), code.end(), code.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
        c.department = code.empty() ? std::nullopt : std::optional<std::string>(code);
    }
    for (Closure& closure : c.closures) closure.name = Trimmed(closure.name);
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

std::string TopicsToText(const std::vector<std::string>& topics) {
    boost::json::array array;
    for (const auto& t : topics) array.emplace_back(t);
    return boost::json::serialize(array);
}

std::vector<std::string> TopicsFromText(const std::string& text) {
    std::vector<std::string> topics;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec || !v.is_array()) return topics;
    for (const auto& item : v.as_array())
        if (item.is_string()) topics.emplace_back(item.as_string());
    return topics;
}

Service ServiceFromRow(const Row& r) {
    return Service{r.Text(0),    r.Text(1),
                   r.OptText(2), r.Text(3),
                   r.OptText(4), FromUnixMillis(r.Int(5)),
                   r.OptText(6), r.OptText(7),
                   r.Text(8),    TopicsFromText(r.Text(9))};
}

constexpr std::string_view kTenantColumns =
    "SELECT id, slug, name, timezone, holiday_zone, logo_url, created_at, department, "
    "school_zone, name_article FROM tenants ";
constexpr std::string_view kServiceColumns =
    "SELECT id, tenant_id, parent_id, name, email, created_at, external_id, phone, description, "
    "topics FROM services ";

}  // namespace

std::array<std::vector<TimeSlot>, 7> DefaultBusinessHours() {
    std::array<std::vector<TimeSlot>, 7> hours;
    for (std::size_t d = 0; d < 5; ++d)
        hours[d] = {{8 * 60 + 30, 12 * 60}, {13 * 60 + 30, 17 * 60 + 30}};
    return hours;
}

std::span<const storage::Migration> TenancyService::Migrations() { return kMigrations; }

Result<Tenant> TenancyService::CreateTenant(const NewTenant& request) {
    if (!IsSlug(request.slug)) {
        return Invalid("L'identifiant « " + request.slug +
                       " » n'est pas valide : 2 à 63 caractères parmi a-z, 0-9 et le tiret.");
    }
    if (request.name.empty() || request.name.size() > 200) {
        return Invalid("Le nom de la collectivité est obligatoire (200 caractères au plus).");
    }
    if (!IsTimeZone(request.timezone)) {
        return Invalid("Le fuseau horaire « " + request.timezone +
                       " » est inconnu (exemple : Europe/Paris, America/Cayenne).");
    }
    TenantCalendar settings{
        request.holiday_zone, request.department, request.school_zone, DefaultBusinessHours(), {}};
    if (settings.holiday_zone.empty()) {
        auto of_department =
            request.department ? calendar::ZoneOfDepartment(*request.department) : std::nullopt;
        settings.holiday_zone = std::string(
            calendar::HolidayZoneName(of_department.value_or(calendar::HolidayZone::kMetropole)));
    }
    GUICHET_TRY(checked, Validated(std::move(settings)));
    if (request.logo_url && !request.logo_url->starts_with("https://") &&
        !request.logo_url->starts_with("/")) {
        return Invalid("L'adresse du logo doit commencer par https:// ou /.");
    }
    Tenant tenant{NewId(clock_.Now()),  request.slug,       request.name, request.timezone,
                  checked.holiday_zone, request.logo_url,   {},           clock_.Now(),
                  checked.department,   checked.school_zone};
    auto written = db_.Write<int64_t>([&](Connection& c) -> Result<int64_t> {
        GUICHET_TRY(
            n, c.Execute("INSERT INTO tenants (id, slug, name, timezone, holiday_zone, "
                         "logo_url, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                         {tenant.id, tenant.slug, tenant.name, tenant.timezone, tenant.holiday_zone,
                          storage::Nullable(tenant.logo_url), ToUnixMillis(tenant.created_at)}));
        GUICHET_CHECK(WriteCalendar(c, tenant.id, checked));
        return n;
    });
    if (!written) {
        if (written.error().code == ErrorCode::kAlreadyExists) {
            return Fail(ErrorCode::kAlreadyExists,
                        "Une collectivité utilise déjà l'identifiant « " + request.slug + " ».",
                        written.error().detail, "conflict");
        }
        return Fail(written.error());
    }
    return tenant;
}

Result<std::vector<Tenant>> TenancyService::QueryTenants(std::string_view where,
                                                         const storage::Params& params) {
    return db_.Read<std::vector<Tenant>>([&](Connection& c) -> Result<std::vector<Tenant>> {
        GUICHET_TRY(rows, c.Query(std::string(kTenantColumns) + std::string(where), params));
        std::vector<Tenant> tenants;
        std::map<std::string, std::size_t> index;
        for (const Row& row : rows) {
            index[row.Text(0)] = tenants.size();
            tenants.push_back(TenantFromRow(row));
        }
        if (tenants.empty()) return tenants;
        GUICHET_TRY(domains, c.Query("SELECT tenant_id, host FROM tenant_domains ORDER BY host"));
        for (const Row& d : domains) {
            auto it = index.find(d.Text(0));
            if (it != index.end()) tenants[it->second].domains.push_back(d.Text(1));
        }
        return tenants;
    });
}

Result<std::vector<Tenant>> TenancyService::ListTenants() {
    return QueryTenants("ORDER BY slug", {});
}

Result<Tenant> TenancyService::GetTenant(std::string_view id) {
    GUICHET_TRY(tenants, QueryTenants("WHERE id = $1", {std::string(id)}));
    if (tenants.empty()) return Fail(ErrorCode::kNotFound, "Cette collectivité est inconnue.");
    return std::move(tenants.front());
}

Result<Tenant> TenancyService::SetNameArticle(std::string_view tenant_id,
                                              std::optional<std::string> article) {
    if (article &&
        std::find(kNameArticles.begin(), kNameArticles.end(), *article) == kNameArticles.end())
        return Invalid(
            "L'article du nom de la collectivité vaut « la », « le », « l' », « les » "
            "ou rien.");
    GUICHET_TRY(tenant, GetTenant(tenant_id));
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        return c
            .Execute("UPDATE tenants SET name_article = $1 WHERE id = $2",
                     {storage::Nullable(article), tenant.id})
            .map([](int64_t) {});
    }));
    tenant.name_article = std::move(article);
    return tenant;
}

Result<Tenant> TenancyService::FindBySlug(std::string_view slug) {
    GUICHET_TRY(tenants, QueryTenants("WHERE slug = $1", {std::string(slug)}));
    if (tenants.empty()) {
        return Fail(ErrorCode::kNotFound,
                    "Aucune collectivité n'a l'identifiant « " + std::string(slug) + " ».",
                    "unknown tenant slug", "unknown-tenant");
    }
    return std::move(tenants.front());
}

Result<void> TenancyService::AddDomain(std::string_view tenant_id, std::string_view host) {
    std::string normalised = NormaliseHost(host);
    if (!IsHostName(normalised)) {
        return Invalid("Le nom de domaine « " + std::string(host) + " » n'est pas valide.");
    }
    auto written = db_.Write<int64_t>([&](Connection& c) {
        return c.Execute("INSERT INTO tenant_domains (host, tenant_id) VALUES ($1, $2)",
                         {normalised, std::string(tenant_id)});
    });
    if (!written) {
        if (written.error().code == ErrorCode::kAlreadyExists) {
            return Fail(ErrorCode::kAlreadyExists,
                        "Le domaine « " + normalised + " » est déjà attribué.",
                        written.error().detail, "conflict");
        }
        return Fail(written.error());
    }
    return {};
}

Result<Tenant> TenancyService::ResolvePublic(std::string_view host, std::string_view slug_param) {
    if (!slug_param.empty()) return FindBySlug(slug_param);
    std::string normalised = NormaliseHost(host);
    if (!normalised.empty()) {
        GUICHET_TRY(
            by_host,
            QueryTenants("WHERE id IN (SELECT tenant_id FROM tenant_domains WHERE host = $1)",
                         {normalised}));
        if (!by_host.empty()) return std::move(by_host.front());
    }
    GUICHET_TRY(all, QueryTenants("ORDER BY slug LIMIT 2", {}));
    if (all.size() == 1) return std::move(all.front());
    return Fail(ErrorCode::kNotFound,
                "Impossible de savoir de quelle collectivité il s'agit : précisez-la avec le "
                "paramètre « tenant ».",
                "no tenant for host " + normalised, "unknown-tenant");
}

Result<TenantCalendar> TenancyService::GetCalendar(std::string_view tenant_id) {
    GUICHET_TRY(tenant, GetTenant(tenant_id));
    return db_.Read<TenantCalendar>([&](Connection& c) -> Result<TenantCalendar> {
        TenantCalendar cal{tenant.holiday_zone, tenant.department, tenant.school_zone, {}, {}};
        GUICHET_TRY(slots, c.Query("SELECT weekday, start_minute, end_minute FROM "
                                   "tenant_business_hours WHERE tenant_id = $1 "
                                   "ORDER BY weekday, start_minute",
                                   {tenant.id}));
        for (const Row& r : slots) {
            auto weekday = static_cast<std::size_t>(r.Int(0));
            if (weekday < 7) {
                cal.business_hours[weekday].push_back(
                    {static_cast<int>(r.Int(1)), static_cast<int>(r.Int(2))});
            }
        }
        GUICHET_TRY(closures, c.Query("SELECT day, name FROM tenant_closures WHERE tenant_id = $1 "
                                      "ORDER BY day",
                                      {tenant.id}));
        for (const Row& r : closures) {
            if (auto day = ParseDay(r.Text(0))) cal.closures.push_back({*day, r.Text(1)});
        }
        return cal;
    });
}

Result<TenantCalendar> TenancyService::SetCalendar(std::string_view tenant_id,
                                                   const TenantCalendar& requested) {
    GUICHET_TRY(checked, Validated(requested));
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(exists,
                    c.QueryOne("SELECT id FROM tenants WHERE id = $1", {std::string(tenant_id)}));
        if (!exists) return Fail(ErrorCode::kNotFound, "Cette collectivité est inconnue.");
        return WriteCalendar(c, std::string(tenant_id), checked);
    }));
    return checked;
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
        auto first = ParseDay(r.Text(0));
        auto last = ParseDay(r.Text(1));
        if (first && last) periods.push_back({*first, *last, r.Text(2)});
    }
    if (!periods.empty() || !school_zone) return periods;
    auto zone = calendar::ParseSchoolZone(*school_zone);
    return zone ? calendar::ShippedSchoolHolidays(*zone) : periods;
}

Result<std::size_t> TenancyService::ReplaceSchoolHolidays(
    std::string_view tenant_id, const std::vector<calendar::SchoolHoliday>& periods) {
    for (const auto& p : periods) {
        if (p.last < p.first || p.name.empty()) {
            return Invalid("La période « " + p.name + " » du " + FormatDay(p.first) +
                           " est invalide : la fin précède le début ou le nom manque.");
        }
    }
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(exists,
                    c.QueryOne("SELECT id FROM tenants WHERE id = $1", {std::string(tenant_id)}));
        if (!exists) return Fail(ErrorCode::kNotFound, "Cette collectivité est inconnue.");
        GUICHET_CHECK(c.Execute("DELETE FROM tenant_school_holidays WHERE tenant_id = $1",
                                {std::string(tenant_id)}));
        for (const auto& p : periods) {
            // ON CONFLICT: the same period listed twice in a file is stored once.
            GUICHET_CHECK(c.Execute(
                "INSERT INTO tenant_school_holidays (tenant_id, first_day, last_day, name) "
                "VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, first_day, name) DO NOTHING",
                {std::string(tenant_id), FormatDay(p.first), FormatDay(p.last), p.name}));
        }
        return {};
    }));
    return periods.size();
}

Result<void> TenancyService::ValidateService(const NewService& request) {
    if (request.name.empty() || request.name.size() > 200) {
        return Invalid("Le nom du service est obligatoire (200 caractères au plus).");
    }
    if (request.email && request.email->find('@') == std::string::npos) {
        return Invalid("L'adresse électronique du service n'est pas valide.");
    }
    if (request.external_id &&
        (request.external_id->empty() || request.external_id->size() > 100)) {
        return Invalid("L'identifiant externe du service doit compter de 1 à 100 caractères.");
    }
    if (request.description.size() > 10000 || request.topics.size() > 200) {
        return Invalid("La description ou la liste de thèmes du service est trop longue.");
    }
    return {};
}

namespace {

Result<int64_t> InsertService(Connection& c, const Service& service) {
    return c.Execute(
        "INSERT INTO services (id, tenant_id, parent_id, name, email, created_at, external_id, "
        "phone, description, topics) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {service.id, service.tenant_id, storage::Nullable(service.parent_id), service.name,
         storage::Nullable(service.email), ToUnixMillis(service.created_at),
         storage::Nullable(service.external_id), storage::Nullable(service.phone),
         service.description, TopicsToText(service.topics)});
}

tl::unexpected<Error> NameTaken(const std::string& name, const Error& cause) {
    return Fail(ErrorCode::kAlreadyExists, "Un service porte déjà le nom « " + name + " ».",
                cause.detail, "conflict");
}

}  // namespace

Result<Service> TenancyService::CreateService(std::string_view tenant_id,
                                              const NewService& request) {
    GUICHET_CHECK(ValidateService(request));
    Service service{NewId(clock_.Now()), std::string(tenant_id), request.parent_id,   request.name,
                    request.email,       clock_.Now(),           request.external_id, request.phone,
                    request.description, request.topics};
    auto written = db_.Write<int64_t>([&](Connection& c) -> Result<int64_t> {
        if (service.parent_id) {
            // The parent must exist in the same tenant; another tenant's id reads as unknown.
            GUICHET_TRY(parent,
                        c.QueryOne("SELECT id FROM services WHERE id = $1 AND tenant_id = $2",
                                   {*service.parent_id, service.tenant_id}));
            if (!parent) return Invalid("Le service parent indiqué n'existe pas.");
        }
        return InsertService(c, service);
    });
    if (!written) {
        if (written.error().code == ErrorCode::kAlreadyExists)
            return NameTaken(request.name, written.error());
        return Fail(written.error());
    }
    return service;
}

Result<ServiceImportCounts> TenancyService::ImportServices(std::string_view tenant_id,
                                                           const std::vector<ServiceImport>& rows) {
    for (const auto& row : rows) GUICHET_CHECK(ValidateService(row.fields));
    ServiceImportCounts counts;
    const TimePoint now = clock_.Now();
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        // Two passes: rows first (so that a parent may come later in the file), then parents.
        std::map<std::string, std::string> ids;  // external id -> internal id
        for (const auto& row : rows) {
            GUICHET_TRY(existing, c.QueryOne("SELECT id FROM services WHERE tenant_id = $1 AND "
                                             "external_id = $2",
                                             {std::string(tenant_id), row.external_id}));
            const NewService& f = row.fields;
            if (existing) {
                const std::string id = existing->Text(0);
                auto updated = c.Execute(
                    "UPDATE services SET name = $1, email = $2, phone = $3, description = $4, "
                    "topics = $5 WHERE id = $6",
                    {f.name, storage::Nullable(f.email), storage::Nullable(f.phone), f.description,
                     TopicsToText(f.topics), id});
                if (!updated && updated.error().code == ErrorCode::kAlreadyExists)
                    return NameTaken(f.name, updated.error());
                GUICHET_CHECK(updated);
                ids[row.external_id] = id;
                ++counts.updated;
            } else {
                Service service{
                    NewId(now), std::string(tenant_id), std::nullopt, f.name,        f.email,
                    now,        row.external_id,        f.phone,      f.description, f.topics};
                auto inserted = InsertService(c, service);
                if (!inserted && inserted.error().code == ErrorCode::kAlreadyExists)
                    return NameTaken(f.name, inserted.error());
                GUICHET_CHECK(inserted);
                ids[row.external_id] = service.id;
                ++counts.created;
            }
        }
        for (const auto& row : rows) {
            std::optional<std::string> parent;
            if (row.parent_external_id) {
                auto known = ids.find(*row.parent_external_id);
                if (known != ids.end()) {
                    parent = known->second;
                } else {
                    GUICHET_TRY(found,
                                c.QueryOne("SELECT id FROM services WHERE tenant_id = $1 "
                                           "AND external_id = $2",
                                           {std::string(tenant_id), *row.parent_external_id}));
                    if (!found) {
                        return Invalid("Le service parent « " + *row.parent_external_id +
                                       " » du service « " + row.external_id + " » n'existe pas.");
                    }
                    parent = found->Text(0);
                }
                if (*parent == ids[row.external_id])
                    return Invalid("Le service « " + row.external_id +
                                   " » ne peut pas être son propre parent.");
            }
            GUICHET_CHECK(c.Execute("UPDATE services SET parent_id = $1 WHERE id = $2",
                                    {storage::Nullable(parent), ids[row.external_id]}));
        }
        return {};
    }));
    return counts;
}

Result<std::optional<Service>> TenancyService::FindServiceByExternalId(
    std::string_view tenant_id, std::string_view external_id) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(
            std::string(kServiceColumns) + "WHERE tenant_id = $1 AND external_id = $2",
            {std::string(tenant_id), std::string(external_id)});
    }));
    if (!row) return std::optional<Service>();
    return std::optional<Service>(ServiceFromRow(*row));
}

Result<std::optional<Service>> TenancyService::FindService(storage::Connection& c,
                                                           std::string_view tenant_id,
                                                           std::string_view id_or_external_id) {
    GUICHET_TRY(row, c.QueryOne(std::string(kServiceColumns) +
                                    "WHERE tenant_id = $1 AND (id = $2 OR external_id = $2)",
                                {std::string(tenant_id), std::string(id_or_external_id)}));
    if (!row) return std::optional<Service>();
    return std::optional<Service>(ServiceFromRow(*row));
}

Result<std::vector<Service>> TenancyService::ListServices(std::string_view tenant_id) {
    return db_.Read<std::vector<Service>>([&](Connection& c) -> Result<std::vector<Service>> {
        GUICHET_TRY(rows,
                    c.Query(std::string(kServiceColumns) + "WHERE tenant_id = $1 ORDER BY name",
                            {std::string(tenant_id)}));
        std::vector<Service> services;
        services.reserve(rows.size());
        for (const Row& row : rows) services.push_back(ServiceFromRow(row));
        return services;
    });
}

Result<Service> TenancyService::GetService(std::string_view tenant_id,
                                           std::string_view service_id) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(std::string(kServiceColumns) + "WHERE id = $1 AND tenant_id = $2",
                          {std::string(service_id), std::string(tenant_id)});
    }));
    if (!row) return Fail(ErrorCode::kNotFound, "Ce service est introuvable.");
    return ServiceFromRow(*row);
}

}  // namespace guichet::tenancy
