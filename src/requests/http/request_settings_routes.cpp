// The requests module's settings over HTTP: request types (categories), the charter and the
// routing rules. Two administrators may edit them at once: every GET gives the version (JSON
// "version" and ETag "v<N>"), every change requires If-Match with it (428 without, 412 when
// stale, checked inside the service's transaction) and answers the new version.
#include <boost/json.hpp>

#include "core/json.hpp"
#include "http/if_match.hpp"
#include "requests/http/route_support.hpp"
#include "requests/request_json.hpp"

namespace guichet::requests::http {

using guichet::http::Method;
using guichet::http::Request;
using guichet::http::Response;
using guichet::http::SetVersion;
using identity::Permission;

namespace {

Response Versioned(int status, boost::json::object body, int64_t version) {
    body["version"] = version;
    Response r = Response::Json(status, std::move(body));
    SetVersion(r, version);
    return r;
}

Response CategoryResponse(int status, const Category& c) {
    return Versioned(status, CategoryToJson(c), c.version);
}

Response CharterResponse(const Charter& charter) {
    boost::json::object body = CharterToJson(charter);
    body["updated_at"] = FormatIsoUtc(charter.updated_at);
    return Versioned(200, std::move(body), charter.version);
}

Response RoutingResponse(const Routing& routing) {
    return Versioned(
        200,
        {{"default_service_id",
          routing.default_service_id ? boost::json::value(*routing.default_service_id) : nullptr},
         {"rules", RoutingRulesToJson(routing.rules)}},
        routing.version);
}

}  // namespace

void RegisterSettingsRoutes(guichet::http::Router& router, const RequestServices& requests,
                            identity::http::Authenticator& auth) {
    router.Add(Method::kGet, "/api/v1/request-categories", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
        GUICHET_TRY(categories, requests.catalogue.ListCategories(principal.tenant_id, false));
        boost::json::array items;
        for (const auto& c : categories) items.push_back(CategoryToJson(c));
        return Response::Json(200, boost::json::object{{"items", std::move(items)}});
    });
    router.Add(
        Method::kGet, "/api/v1/request-categories/{id}", [&](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
            GUICHET_TRY(category,
                        requests.catalogue.GetCategory(principal.tenant_id, req.PathParam("id")));
            return CategoryResponse(200, category);
        });
    router.Add(Method::kPost, "/api/v1/request-categories", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsManage));
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(category, CategoryFromJson(body));
        GUICHET_TRY(saved,
                    requests.catalogue.SaveCategory(principal.tenant_id, std::move(category)));
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "request_category.create", "request_category",
                                            saved.id));
        Response r = CategoryResponse(201, saved);
        r.Set("Location", "/api/v1/request-categories/" + saved.id);
        return r;
    });
    router.Add(
        Method::kPut, "/api/v1/request-categories/{id}", [&](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsManage));
            GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, "le type de demande"));
            GUICHET_TRY(body, json::ParseObject(req.body));
            GUICHET_TRY(category, CategoryFromJson(body));
            GUICHET_TRY(current,
                        requests.catalogue.GetCategory(principal.tenant_id, req.PathParam("id")));
            category.id = current.id;
            GUICHET_TRY(saved, requests.catalogue.SaveCategory(principal.tenant_id,
                                                               std::move(category), expected));
            GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                                "request_category.update", "request_category",
                                                saved.id));
            return CategoryResponse(200, saved);
        });

    router.Add(Method::kGet, "/api/v1/charter", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
        GUICHET_TRY(charter, requests.charter_routing.GetCharter(principal.tenant_id));
        return CharterResponse(charter);
    });
    router.Add(Method::kPut, "/api/v1/charter", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsManage));
        GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, "la charte"));
        GUICHET_TRY(body, json::ParseObject(req.body));
        Charter charter;
        const auto preset = body.find("preset");
        if (body.size() == 1 && preset != body.end() && preset->value().is_string()) {
            // {"preset": "marianne"}: the preset as it ships.
            GUICHET_TRY(shipped, CharterRouting::CharterPreset(preset->value().as_string()));
            charter = std::move(shipped);
        } else {
            GUICHET_TRY(parsed, CharterFromJson(body));
            charter = std::move(parsed);
        }
        GUICHET_TRY(saved, requests.charter_routing.SetCharter(principal.tenant_id,
                                                               std::move(charter), expected));
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "charter.update", "tenant", principal.tenant_id));
        return CharterResponse(saved);
    });

    router.Add(Method::kGet, "/api/v1/routing", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
        GUICHET_TRY(routing, requests.charter_routing.GetRouting(principal.tenant_id));
        return RoutingResponse(routing);
    });
    router.Add(Method::kPut, "/api/v1/routing", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsManage));
        GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, "l'aiguillage"));
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(fallback, json::OptionalString(body, "default_service_id"));
        auto rules_value = body.find("rules");
        std::vector<RoutingRule> rules;
        if (rules_value != body.end()) {
            GUICHET_TRY(parsed, RoutingRulesFromJson(rules_value->value()));
            rules = std::move(parsed);
        }
        GUICHET_TRY(saved, requests.charter_routing.SetRouting(principal.tenant_id, fallback,
                                                               std::move(rules), expected));
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "routing.update", "tenant", principal.tenant_id));
        return RoutingResponse(saved);
    });
}

}  // namespace guichet::requests::http
