// CharterRouting: the charter (the deadlines the tenant commits to, versioned: a request keeps the
// version it was opened under) and the routing rules (which service a new request goes to).
// Declared in charter_routing.hpp.
#include "core/ids.hpp"
#include "core/versions.hpp"
#include "requests/request_json.hpp"
#include "requests/routing.hpp"
#include "tenancy/tenancy_service.hpp"

#include "requests/charter_routing.hpp"
#include "requests/request_store.hpp"

namespace guichet::requests {

using namespace detail;  // NOLINT(google-build-using-namespace): the module's own rows.
using storage::Connection;
using storage::Row;

CharterRouting::CharterRouting(storage::Database& db, const Clock& clock)
    : db_(db), clock_(clock) {}

Result<Charter> CharterRouting::CharterVersion(std::string_view tenant_id, int version) {
    return db_.Read<Charter>([&](Connection& c) { return LoadCharter(c, tenant_id, version); });
}

Result<Charter> CharterRouting::GetCharter(std::string_view tenant_id) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne("SELECT MAX(version) FROM request_charters WHERE tenant_id = $1",
                          {std::string(tenant_id)});
    }));
    if (row && !row->IsNull(0)) return CharterVersion(tenant_id, static_cast<int>(row->Int(0)));
    auto created = SetCharter(tenant_id, MarianneCharter());
    if (!created && created.error().code == ErrorCode::kAlreadyExists) return GetCharter(tenant_id);
    return created;
}

Result<Charter> CharterRouting::CharterPreset(std::string_view name) {
    if (name == "marianne") return MarianneCharter();
    if (name == "services_publics_plus") return ServicesPublicsPlusCharter();
    return Invalid("Les modèles sont « marianne » et « services_publics_plus ».");
}

Result<Charter> CharterRouting::SetCharter(std::string_view tenant_id, Charter charter,
                                           Expected expected) {
    const TimePoint now = clock_.Now();
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(row, c.QueryOne("SELECT COALESCE(MAX(version), 0) FROM request_charters "
                                    "WHERE tenant_id = $1",
                                    {std::string(tenant_id)}));
        const int64_t current = row ? row->Int(0) : 0;
        GUICHET_CHECK(CheckVersion(expected, current, "la charte"));
        charter.version = static_cast<int>(current) + 1;
        charter.updated_at = now;
        return c
            .Execute(
                "INSERT INTO request_charters (tenant_id, version, body, created_at) VALUES "
                "($1, $2, $3, $4)",
                {std::string(tenant_id), int64_t{charter.version},
                 Serialize(CharterToJson(charter)), ToUnixMillis(now)})
            .map([](int64_t) {});
    }));
    return charter;
}

namespace {

Routing RoutingFromRow(const std::optional<Row>& row) {
    Routing out;
    if (!row) return out;
    out.default_service_id = row->OptText(0);
    if (auto rules = RoutingRulesFromJson(Parse(row->Text(1)))) out.rules = std::move(*rules);
    out.version = row->Int(2);
    return out;
}

constexpr std::string_view kRoutingSelect =
    "SELECT default_service_id, rules, version FROM request_routing WHERE tenant_id = $1";

}  // namespace

Result<Routing> CharterRouting::GetRouting(std::string_view tenant_id) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(std::string(kRoutingSelect), {std::string(tenant_id)});
    }));
    return RoutingFromRow(row);
}

Result<Routing> CharterRouting::SetRouting(std::string_view tenant_id,
                                           const std::optional<std::string>& default_service_id,
                                           std::vector<RoutingRule> rules, Expected expected) {
    const TimePoint now = clock_.Now();
    Routing saved;
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(stored, c.QueryOne(std::string(kRoutingSelect), {std::string(tenant_id)}));
        // Without a stored row the routing is the empty one, version 1.
        const int64_t current = RoutingFromRow(stored).version;
        GUICHET_CHECK(CheckVersion(expected, current, "l'aiguillage"));
        auto service_of = [&](const std::string& id) -> Result<std::string> {
            GUICHET_TRY(found, tenancy::TenancyService::FindService(c, tenant_id, id));
            if (!found) return Invalid("Le service « " + id + " » n'existe pas.");
            return found->id;
        };
        std::optional<std::string> fallback;
        if (default_service_id) {
            GUICHET_TRY(id, service_of(*default_service_id));
            fallback = id;
        }
        for (auto& rule : rules) {
            GUICHET_TRY(id, service_of(rule.service_id));
            rule.service_id = id;
            if (rule.id.empty()) rule.id = NewId(now);
            if (rule.category_id) {
                GUICHET_TRY(category, LoadCategory(c, tenant_id, *rule.category_id));
                if (!category)
                    return Invalid("Le type de demande « " + *rule.category_id +
                                   " » n'existe pas.");
                rule.category_id = category->id;
            }
        }
        saved = {fallback, rules, current + 1};
        GUICHET_CHECK(c.Execute("DELETE FROM request_routing WHERE tenant_id = $1",
                                {std::string(tenant_id)}));
        return c
            .Execute(
                "INSERT INTO request_routing (tenant_id, default_service_id, rules, "
                "updated_at, version) VALUES ($1, $2, $3, $4, $5)",
                {std::string(tenant_id), storage::Nullable(fallback),
                 Serialize(RoutingRulesToJson(rules)), ToUnixMillis(now), saved.version})
            .map([](int64_t) {});
    }));
    return saved;
}

}  // namespace guichet::requests
