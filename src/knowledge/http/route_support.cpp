// Shared pieces of the knowledge module's handlers (see route_support.hpp).
#include "knowledge/http/route_support.hpp"

#include <charconv>

#include "calendar/hours_query.hpp"
#include "http/if_match.hpp"

namespace guichet::knowledge::http {

using guichet::http::Request;
using guichet::http::Response;
using identity::Permission;
using identity::http::Principal;

Result<Caller> ResolveCaller(const Request& req, tenancy::TenancyService& tenancy,
                             identity::http::Authenticator& auth) {
    if (auto principal = auth.Optional(req, Permission::kKnowledgeRead)) {
        return Caller{principal->tenant_id, std::move(principal)};
    }
    GUICHET_TRY(tenant, tenancy.ResolvePublic(req.Header("host"), req.Query("tenant")));
    return Caller{tenant.id, std::nullopt};
}

Author AuthorOf(const Principal& p) {
    if (p.agent) return {p.agent->id, p.agent->display_name};
    return {std::nullopt, p.api_key ? "clé d'API " + p.api_key->name : "inconnu"};
}

Result<std::size_t> Limit(const Request& req, std::size_t fallback, std::size_t max) {
    const std::string text = req.Query("limit");
    if (text.empty()) return fallback;
    std::size_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > max)
        return BadParameter("Le paramètre « limit » doit être un entier de 1 à " +
                            std::to_string(max) + ".");
    return value;
}

Result<const date::time_zone*> ZoneOf(tenancy::TenancyService& tenancy,
                                      const std::string& tenant_id) {
    GUICHET_TRY(tenant, tenancy.GetTenant(tenant_id));
    try {
        return date::locate_zone(tenant.timezone);
    } catch (const std::exception& e) {
        return Fail(ErrorCode::kInternal, "Fuseau horaire inconnu.", e.what());
    }
}

Result<std::optional<TimePoint>> TimeParam(const Request& req, std::string_view name,
                                           const date::time_zone& zone) {
    const std::string text = req.Query(name);
    if (text.empty()) return std::optional<TimePoint>();
    GUICHET_TRY(local, calendar::ParseLocalTime(name, text, zone));
    return std::optional<TimePoint>(zone.to_sys(local, date::choose::earliest));
}

Response Versioned(int status, boost::json::object body, int64_t version) {
    Response r = Response::Json(status, std::move(body));
    guichet::http::SetVersion(r, version);
    return r;
}

Result<void> AuditChange(identity::http::Authenticator& auth, const Principal& p,
                         const Request& req, std::string action, std::string type, std::string id) {
    return auth.identity().Audit(p.tenant_id, p.ToActor(req), std::move(action), std::move(type),
                                 std::move(id));
}

}  // namespace guichet::knowledge::http
