#include "identity/http/identity_routes.hpp"

#include <charconv>

#include "core/json.hpp"
#include "http/if_match.hpp"
#include "tenancy/tenant_json.hpp"

namespace guichet::identity::http {

using guichet::http::Method;
using guichet::http::Request;
using guichet::http::Response;

namespace {

boost::json::object SessionJson(const Session& session, const tenancy::Tenant& tenant) {
    boost::json::array permissions;
    for (auto name : GrantedPermissionNames(session.agent.roles)) permissions.emplace_back(name);
    return {{"agent", AgentToJson(session.agent)},
            {"permissions", std::move(permissions)},
            {"tenant", tenancy::TenantToJson(tenant)},
            {"csrf_token", session.csrf_token},
            {"expires_at", FormatIsoUtc(session.expires_at)}};
}

Result<std::vector<Role>> RolesFromJson(const boost::json::object& body) {
    const boost::json::value* value = body.if_contains("roles");
    auto invalid = [] {
        return Fail(ErrorCode::kInvalidArgument,
                    "Le champ « roles » doit être une liste de rôles parmi : reception, "
                    "case_agent, manager, tenant_admin.",
                    "bad roles", "invalid-field");
    };
    if (value == nullptr || !value->is_array() || value->as_array().empty()) return invalid();
    std::vector<Role> roles;
    for (const auto& item : value->as_array()) {
        if (!item.is_string()) return invalid();
        auto role = ParseRole(std::string_view(item.as_string()));
        // Platform administrators are made from the command line only.
        if (!role || *role == Role::kPlatformAdmin) return invalid();
        roles.push_back(*role);
    }
    return roles;
}

}  // namespace

boost::json::object AgentToJson(const Agent& agent) {
    boost::json::array roles;
    for (Role r : agent.roles) roles.emplace_back(RoleName(r));
    return {{"id", agent.id},
            {"email", agent.email},
            {"display_name", agent.display_name},
            {"roles", std::move(roles)},
            {"service_id", agent.service_id ? boost::json::value(*agent.service_id) : nullptr},
            {"active", agent.active},
            {"version", agent.version}};
}

void RegisterRoutes(guichet::http::Router& router, IdentityService& identity,
                    tenancy::TenancyService& tenancy, Authenticator& auth) {
    router.Add(Method::kPost, "/api/v1/auth/login", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(email, json::RequiredString(body, "email"));
        const boost::json::value* password = body.if_contains("password");
        if (password == nullptr || !password->is_string() || password->as_string().empty()) {
            return Fail(ErrorCode::kInvalidArgument, "Le champ « password » est obligatoire.",
                        "no password", "invalid-field");
        }
        GUICHET_TRY(tenant_slug, json::OptionalString(body, "tenant"));
        GUICHET_TRY(tenant, tenant_slug
                                ? tenancy.FindBySlug(*tenant_slug)
                                : tenancy.ResolvePublic(req.Header("host"), req.Query("tenant")));
        GUICHET_TRY(login, identity.Login({tenant.id, email, std::string(password->as_string()),
                                           req.remote_ip, req.Header("user-agent"),
                                           req.Cookie(kSessionCookie)}));
        Response r = Response::Json(200, SessionJson(login.session, tenant));
        r.Add("Set-Cookie", auth.SessionCookie(login.token, req));
        return r;
    });

    router.Add(Method::kGet, "/api/v1/auth/session", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(token_session, identity.Authenticate(req.Cookie(kSessionCookie)));
        GUICHET_TRY(tenant, tenancy.GetTenant(token_session.tenant_id));
        return Response::Json(200, SessionJson(token_session, tenant));
    });

    // The "am I signed in?" question of a page that has just loaded: answered 200 either way, so
    // that a visitor without a session meets no failed request (browsers log every 401 in the
    // console). Only an unknown or expired session counts as "not signed in"; any other failure
    // (the database) is reported as such.
    router.Add(Method::kGet, "/api/v1/auth/status", [&](Request& req) -> Result<Response> {
        auto session = identity.Authenticate(req.Cookie(kSessionCookie));
        if (!session) {
            if (session.error().code != ErrorCode::kUnauthenticated)
                return tl::unexpected(session.error());
            return Response::Json(200, boost::json::object{{"signed_in", false}});
        }
        GUICHET_TRY(tenant, tenancy.GetTenant(session->tenant_id));
        return Response::Json(200, boost::json::object{{"signed_in", true},
                                                       {"session", SessionJson(*session, tenant)}});
    });

    router.Add(Method::kPost, "/api/v1/auth/logout", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.RequireSession(req));
        GUICHET_CHECK(identity.Logout(req.Cookie(kSessionCookie), principal.ToActor(req)));
        Response r = Response::NoContent();
        r.Add("Set-Cookie", auth.ExpiredSessionCookie(req));
        return r;
    });

    router.Add(Method::kGet, "/api/v1/agents", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kDirectoryRead));
        GUICHET_TRY(agents, identity.ListAgents(principal.tenant_id));
        boost::json::array items;
        for (const auto& a : agents) items.push_back(AgentToJson(a));
        return Response::Json(200, boost::json::object{{"items", std::move(items)}});
    });

    router.Add(Method::kGet, "/api/v1/agents/{id}", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kDirectoryRead));
        GUICHET_TRY(agent, identity.GetAgent(principal.tenant_id, req.PathParam("id")));
        Response r = Response::Json(200, AgentToJson(agent));
        guichet::http::SetVersion(r, agent.version);
        return r;
    });

    // An administrator changes an agent's name, roles or service (the fields given; "service_id":
    // null removes the service). If-Match is required: two administrators editing the same agent
    // must not overwrite each other.
    router.Add(Method::kPatch, "/api/v1/agents/{id}", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kAgentsManage));
        GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, "l'agent"));
        GUICHET_TRY(body, json::ParseObject(req.body));
        AgentChanges changes;
        if (body.contains("display_name")) {
            GUICHET_TRY(name, json::RequiredString(body, "display_name"));
            changes.display_name = std::move(name);
        }
        if (body.contains("roles")) {
            GUICHET_TRY(roles, RolesFromJson(body));
            changes.roles = std::move(roles);
        }
        if (body.contains("service_id")) {
            GUICHET_TRY(service_id, json::OptionalString(body, "service_id"));
            changes.service_id = std::move(service_id);
        }
        GUICHET_TRY(agent, identity.UpdateAgent(principal.tenant_id, req.PathParam("id"), changes,
                                                expected, principal.ToActor(req)));
        Response r = Response::Json(200, AgentToJson(agent));
        guichet::http::SetVersion(r, agent.version);
        return r;
    });

    router.Add(Method::kPost, "/api/v1/agents", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kAgentsManage));
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(email, json::RequiredString(body, "email"));
        GUICHET_TRY(name, json::RequiredString(body, "display_name"));
        GUICHET_TRY(password, json::RequiredString(body, "password"));
        GUICHET_TRY(roles, RolesFromJson(body));
        GUICHET_TRY(service_id, json::OptionalString(body, "service_id"));
        GUICHET_TRY(agent, identity.CreateAgent(principal.tenant_id,
                                                {email, name, password, roles, service_id},
                                                principal.ToActor(req)));
        Response r = Response::Json(201, AgentToJson(agent));
        guichet::http::SetVersion(r, agent.version);
        r.Set("Location", "/api/v1/agents/" + agent.id);
        return r;
    });

    router.Add(Method::kGet, "/api/v1/audit", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kAuditRead));
        int limit = 50;
        std::string limit_text = req.Query("limit");
        if (!limit_text.empty()) {
            auto [end, ec] =
                std::from_chars(limit_text.data(), limit_text.data() + limit_text.size(), limit);
            if (ec != std::errc() || end != limit_text.data() + limit_text.size() || limit < 1 ||
                limit > 200) {
                return Fail(ErrorCode::kInvalidArgument,
                            "Le paramètre « limit » doit être un entier entre 1 et 200.",
                            "bad limit", "invalid-field");
            }
        }
        GUICHET_TRY(entries, identity.ListAudit(principal.tenant_id, limit, req.Query("cursor")));
        boost::json::array items;
        for (const auto& e : entries) {
            items.push_back(
                {{"id", e.id},
                 {"at", FormatIsoUtc(e.at)},
                 {"actor_type", e.actor.type},
                 {"actor_id", e.actor.id ? boost::json::value(*e.actor.id) : nullptr},
                 {"ip", e.actor.ip},
                 {"action", e.action},
                 {"target_type", e.target_type ? boost::json::value(*e.target_type) : nullptr},
                 {"target_id", e.target_id ? boost::json::value(*e.target_id) : nullptr}});
        }
        boost::json::object page{{"items", std::move(items)}};
        // The cursor is the last id of a full page; a shorter page is the end.
        page["next_cursor"] = static_cast<int>(entries.size()) == limit
                                  ? boost::json::value(entries.back().id)
                                  : boost::json::value(nullptr);
        return Response::Json(200, page);
    });
}

}  // namespace guichet::identity::http
