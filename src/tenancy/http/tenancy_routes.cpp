#include "tenancy/http/tenancy_routes.hpp"

#include "core/json.hpp"
#include "identity/http/authenticator.hpp"
#include "tenancy/tenant_json.hpp"

namespace guichet::tenancy::http {

using guichet::http::Method;
using guichet::http::Request;
using guichet::http::Response;
using identity::Permission;

void RegisterRoutes(guichet::http::Router& router, TenancyService& tenancy,
                    identity::http::Authenticator& auth) {
    router.Add(Method::kGet, "/api/v1/tenant", [&tenancy](Request& req) -> Result<Response> {
        GUICHET_TRY(tenant, tenancy.ResolvePublic(req.Header("host"), req.Query("tenant")));
        return Response::Json(200, TenantToJson(tenant));
    });

    router.Add(Method::kGet, "/api/v1/services", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kDirectoryRead));
        GUICHET_TRY(services, tenancy.ListServices(principal.tenant_id));
        boost::json::array items;
        for (const auto& s : services) items.push_back(ServiceToJson(s));
        return Response::Json(200, boost::json::object{{"items", std::move(items)}});
    });

    router.Add(Method::kGet, "/api/v1/services/{id}", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kDirectoryRead));
        GUICHET_TRY(service, tenancy.GetService(principal.tenant_id, req.PathParam("id")));
        return Response::Json(200, ServiceToJson(service));
    });

    router.Add(Method::kPost, "/api/v1/services", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kServicesManage));
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(name, json::RequiredString(body, "name"));
        GUICHET_TRY(parent_id, json::OptionalString(body, "parent_id"));
        GUICHET_TRY(email, json::OptionalString(body, "email"));
        GUICHET_TRY(service, tenancy.CreateService(principal.tenant_id, {name, parent_id, email}));
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "service.create", "service", service.id));
        Response r = Response::Json(201, ServiceToJson(service));
        r.Set("Location", "/api/v1/services/" + service.id);
        return r;
    });
}

}  // namespace guichet::tenancy::http
