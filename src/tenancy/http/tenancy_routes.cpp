#include "tenancy/http/tenancy_routes.hpp"

#include <cstdio>

#include "core/json.hpp"
#include "identity/http/authenticator.hpp"
#include "tenancy/tenant_json.hpp"

namespace guichet::tenancy::http {

using guichet::http::Method;
using guichet::http::Request;
using guichet::http::Response;
using identity::Permission;

namespace {

// A strong validator of the calendar's JSON form, for If-Match.
std::string CalendarEtag(const boost::json::object& json) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : json::Serialize(json)) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
    return buf;
}

Response CalendarResponse(const TenantCalendar& calendar) {
    boost::json::object body = CalendarToJson(calendar);
    Response r = Response::Json(200, body);
    r.Set("ETag", CalendarEtag(body));
    return r;
}

}  // namespace

void RegisterRoutes(guichet::http::Router& router, TenancyService& tenancy,
                    identity::http::Authenticator& auth) {
    router.Add(Method::kGet, "/api/v1/tenant/calendar", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kDirectoryRead));
        GUICHET_TRY(calendar, tenancy.GetCalendar(principal.tenant_id));
        return CalendarResponse(calendar);
    });

    // Replaces the whole calendar. If-Match is required: two administrators editing at once must
    // not silently overwrite each other.
    router.Add(Method::kPut, "/api/v1/tenant/calendar", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kCalendarManage));
        std::string if_match = req.Header("if-match");
        if (if_match.empty()) {
            return Fail(ErrorCode::kFailedPrecondition,
                        "L'en-tête If-Match est obligatoire : relisez le calendrier puis renvoyez "
                        "sa version (ETag).",
                        "missing If-Match", "precondition-required");
        }
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(requested, CalendarFromJson(body));
        GUICHET_TRY(current, tenancy.GetCalendar(principal.tenant_id));
        if (if_match != "*" && if_match != CalendarEtag(CalendarToJson(current))) {
            return Fail(ErrorCode::kFailedPrecondition,
                        "Le calendrier a été modifié entre-temps par quelqu'un d'autre : "
                        "rechargez-le avant de l'enregistrer.",
                        "stale If-Match", "stale-version");
        }
        GUICHET_TRY(saved, tenancy.SetCalendar(principal.tenant_id, requested));
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "tenant.calendar", "tenant", principal.tenant_id));
        return CalendarResponse(saved);
    });

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
