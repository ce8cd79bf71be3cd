// TenancyService, tenants and their domains: creation, lookups by id, slug and host, and the
// article of the tenant's name. The calendar is in tenant_calendar.cpp, services in
// service_directory.cpp, the tables in tenancy_migrations.cpp. Contracts in tenancy_service.hpp.
#include "tenancy/tenancy_service.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <date/tz.h>

#include "core/ids.hpp"
#include "core/versions.hpp"
#include "tenancy/tenancy_rows.hpp"

namespace guichet::tenancy {
namespace {

using storage::Connection;
using storage::Row;

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

}  // namespace

namespace detail {

Tenant TenantFromRow(const Row& r) {
    return Tenant{r.Text(0),    r.Text(1),    r.Text(2),    r.Text(3),
                  r.Text(4),    r.OptText(5), {},           FromUnixMillis(r.Int(6)),
                  r.OptText(7), r.OptText(8), r.OptText(9), r.Int(10)};
}

}  // namespace detail

using detail::kTenantColumns;
using detail::TenantFromRow;

std::array<std::vector<TimeSlot>, 7> DefaultBusinessHours() {
    std::array<std::vector<TimeSlot>, 7> hours;
    for (std::size_t d = 0; d < 5; ++d)
        hours[d] = {{8 * 60 + 30, 12 * 60}, {13 * 60 + 30, 17 * 60 + 30}};
    return hours;
}

std::span<const storage::Migration> TenancyService::Migrations() {
    return detail::TenancyMigrations();
}

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
    GUICHET_TRY(checked, detail::Validated(std::move(settings)));
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
        GUICHET_CHECK(detail::WriteCalendar(c, tenant.id, checked));
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
                                              std::optional<std::string> article,
                                              std::optional<int64_t> expected_version) {
    if (article &&
        std::find(kNameArticles.begin(), kNameArticles.end(), *article) == kNameArticles.end())
        return Invalid(
            "L'article du nom de la collectivité vaut « la », « le », « l' », « les » "
            "ou rien.");
    GUICHET_TRY(tenant, GetTenant(tenant_id));
    GUICHET_TRY(version, db_.Write<int64_t>([&](Connection& c) -> Result<int64_t> {
        GUICHET_TRY(current, detail::TenantVersion(c, tenant.id));
        GUICHET_CHECK(CheckVersion(expected_version, current, "les réglages de la collectivité"));
        GUICHET_CHECK(c.Execute("UPDATE tenants SET name_article = $1 WHERE id = $2",
                                {storage::Nullable(article), tenant.id}));
        return detail::RaiseTenantVersion(c, tenant.id, current);
    }));
    tenant.version = version;
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

}  // namespace guichet::tenancy
