#include "tenancy/http/tenancy_routes.hpp"

#include <map>

#include "calendar/icalendar_export.hpp"
#include "calendar/school_holidays.hpp"

#include "core/json.hpp"
#include "http/if_match.hpp"
#include "identity/http/authenticator.hpp"
#include "tenancy/tenant_json.hpp"

namespace guichet::tenancy::http {

using guichet::http::Method;
using guichet::http::Request;
using guichet::http::Response;
using identity::Permission;

namespace {

// The calendar and the services are versioned (core/versions.hpp): reads carry the ETag "vN",
// changes need If-Match and answer with the new version.
constexpr std::string_view kCalendarWhat = "le calendrier";
constexpr std::string_view kServiceWhat = "le service";

Response CalendarResponse(const TenantCalendar& calendar) {
    Response r = Response::Json(200, CalendarToJson(calendar));
    guichet::http::SetVersion(r, calendar.version);
    return r;
}

Response ServiceResponse(const Service& service, int status = 200) {
    Response r = Response::Json(status, ServiceToJson(service));
    guichet::http::SetVersion(r, service.version);
    return r;
}

// The days off of the current and next year, for calendar applications.
Result<Response> CalendarIcs(TenancyService& tenancy, const Tenant& tenant, TimePoint now) {
    GUICHET_TRY(rules, tenancy.HolidayRulesFor(tenant.id));
    const int year = static_cast<int>(date::year_month_day(date::floor<date::days>(now)).year());
    const calendar::Day begin = date::sys_days(date::year(year) / date::January / 1);
    const calendar::Day end = date::sys_days(date::year(year + 1) / date::December / 31);
    std::vector<calendar::AllDayEvent> events;
    calendar::HolidayRules law = rules;
    law.extra_closures.clear();
    for (int y : {year, year + 1}) {
        for (const auto& h : calendar::PublicHolidays(law, y)) {
            events.push_back({h.day, h.day, h.name, "Jour férié"});
        }
    }
    for (const auto& c : rules.extra_closures) {
        if (c.day >= begin && c.day <= end) {
            events.push_back({c.day, c.day, c.name, "Fermeture exceptionnelle"});
        }
    }
    for (const auto& p : rules.school_holidays) {
        if (p.last >= begin && p.first <= end) {
            events.push_back({p.first, p.last, p.name, "Vacances scolaires"});
        }
    }
    Response r =
        Response::Text(200,
                       calendar::ExportAllDayEvents(events, tenant.name + " — jours de fermeture",
                                                    tenant.slug + ".guichet", now),
                       "text/calendar; charset=utf-8");
    r.Set("Content-Disposition", "inline; filename=\"" + tenant.slug + ".ics\"");
    r.Set("Cache-Control", "public, max-age=3600");
    return r;
}

std::string MediaType(const Request& req) {
    std::string type = req.Header("content-type");
    auto semicolon = type.find(';');
    if (semicolon != std::string::npos) type.resize(semicolon);
    while (!type.empty() && type.back() == ' ') type.pop_back();
    return type;
}

}  // namespace

void RegisterRoutes(guichet::http::Router& router, TenancyService& tenancy,
                    identity::http::Authenticator& auth, const Clock& clock) {
    router.Add(Method::kGet, "/api/v1/tenant/calendar.ics", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(tenant, tenancy.ResolvePublic(req.Header("host"), req.Query("tenant")));
        return CalendarIcs(tenancy, tenant, clock.Now());
    });

    // Imports school holidays for the tenant (iCalendar, or the OpenHolidays CSV of its school
    // zone), replacing a previous import; DELETE returns to the shipped calendar.
    router.Add(
        Method::kPut, "/api/v1/tenant/calendar/school-holidays",
        [&](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kCalendarManage));
            GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, kCalendarWhat));
            std::vector<calendar::SchoolHoliday> periods;
            const std::string type = MediaType(req);
            if (type == "text/calendar") {
                GUICHET_TRY(imported, calendar::ImportICalendar(req.body));
                periods = std::move(imported);
            } else if (type == "text/csv") {
                GUICHET_TRY(tenant, tenancy.GetTenant(principal.tenant_id));
                auto zone = tenant.school_zone ? calendar::ParseSchoolZone(*tenant.school_zone)
                                               : std::nullopt;
                if (!zone) {
                    return Fail(
                        ErrorCode::kFailedPrecondition,
                        "Indiquez d'abord la zone de vacances scolaires de la collectivité : "
                        "le fichier CSV en décrit plusieurs.",
                        "no school zone", "school-zone-required");
                }
                GUICHET_TRY(imported, calendar::ImportOpenHolidaysCsv(req.body, *zone));
                periods = std::move(imported);
            } else {
                return Fail(ErrorCode::kInvalidArgument,
                            "Envoyez un fichier iCalendar (text/calendar) ou CSV (text/csv).",
                            "unsupported media type " + type, "unsupported-media-type");
            }
            if (periods.empty()) {
                return Fail(ErrorCode::kInvalidArgument, "Le fichier ne contient aucune période.",
                            "empty import", "invalid-file");
            }
            GUICHET_TRY(version,
                        tenancy.ReplaceSchoolHolidays(principal.tenant_id, periods, expected));
            GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                                "tenant.school_holidays", "tenant",
                                                principal.tenant_id));
            boost::json::array items;
            for (const auto& p : periods) {
                items.push_back({{"first", date::format("%F", p.first)},
                                 {"last", date::format("%F", p.last)},
                                 {"name", p.name}});
            }
            const auto count = static_cast<int64_t>(items.size());
            Response r = Response::Json(
                200, boost::json::object{
                         {"imported", count}, {"periods", std::move(items)}, {"version", version}});
            guichet::http::SetVersion(r, version);
            return r;
        });

    router.Add(Method::kDelete, "/api/v1/tenant/calendar/school-holidays",
               [&](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kCalendarManage));
                   GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, kCalendarWhat));
                   GUICHET_TRY(version,
                               tenancy.ReplaceSchoolHolidays(principal.tenant_id, {}, expected));
                   Response r = Response::NoContent();
                   guichet::http::SetVersion(r, version);
                   return r;
               });

    // Adds the days of an iCalendar file's events as exceptional closures (a day already closed
    // takes the imported name).
    router.Add(
        Method::kPost, "/api/v1/tenant/calendar/closures", [&](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kCalendarManage));
            GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, kCalendarWhat));
            if (MediaType(req) != "text/calendar") {
                return Fail(ErrorCode::kInvalidArgument,
                            "Envoyez un fichier iCalendar (text/calendar).",
                            "unsupported media type", "unsupported-media-type");
            }
            GUICHET_TRY(events, calendar::ImportICalendar(req.body));
            std::vector<Closure> closures;
            for (const auto& e : events) {
                if (e.last - e.first > date::days(366)) {
                    return Fail(ErrorCode::kInvalidArgument,
                                "L'événement « " + e.name +
                                    " » dure plus d'un an : ce n'est pas une "
                                    "fermeture exceptionnelle.",
                                "closure too long", "invalid-file");
                }
                for (calendar::Day d = e.first; d <= e.last; d += date::days(1))
                    closures.push_back({d, e.name});
            }
            GUICHET_TRY(saved, tenancy.AddClosures(principal.tenant_id, closures, expected));
            GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                                "tenant.calendar", "tenant", principal.tenant_id));
            return CalendarResponse(saved);
        });

    router.Add(Method::kGet, "/api/v1/tenant/calendar", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kDirectoryRead));
        GUICHET_TRY(calendar, tenancy.GetCalendar(principal.tenant_id));
        return CalendarResponse(calendar);
    });

    // Replaces the whole calendar. If-Match is required: two administrators editing at once must
    // not silently overwrite each other.
    router.Add(Method::kPut, "/api/v1/tenant/calendar", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kCalendarManage));
        GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, kCalendarWhat));
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(requested, CalendarFromJson(body));
        GUICHET_TRY(saved, tenancy.SetCalendar(principal.tenant_id, requested, expected));
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
        return ServiceResponse(service);
    });

    // Changes the fields given (name, email, phone, description; "" clears email and phone).
    router.Add(Method::kPatch, "/api/v1/services/{id}", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kServicesManage));
        GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, kServiceWhat));
        GUICHET_TRY(body, json::ParseObject(req.body));
        ServiceChanges changes;
        if (body.contains("name")) {
            GUICHET_TRY(name, json::RequiredString(body, "name"));
            changes.name = std::move(name);
        }
        GUICHET_TRY(email, json::OptionalString(body, "email"));
        GUICHET_TRY(phone, json::OptionalString(body, "phone"));
        GUICHET_TRY(description, json::OptionalString(body, "description"));
        changes.email = std::move(email);
        changes.phone = std::move(phone);
        changes.description = std::move(description);
        GUICHET_TRY(service, tenancy.UpdateService(principal.tenant_id, req.PathParam("id"),
                                                   changes, expected));
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "service.update", "service", service.id));
        return ServiceResponse(service);
    });

    router.Add(Method::kPost, "/api/v1/services", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kServicesManage));
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(name, json::RequiredString(body, "name"));
        GUICHET_TRY(parent_id, json::OptionalString(body, "parent_id"));
        GUICHET_TRY(email, json::OptionalString(body, "email"));
        GUICHET_TRY(phone, json::OptionalString(body, "phone"));
        GUICHET_TRY(description, json::OptionalString(body, "description"));
        GUICHET_TRY(service, tenancy.CreateService(principal.tenant_id,
                                                   {.name = name,
                                                    .parent_id = parent_id,
                                                    .email = email,
                                                    .phone = phone,
                                                    .description = description.value_or("")}));
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "service.create", "service", service.id));
        Response r = ServiceResponse(service, 201);
        r.Set("Location", "/api/v1/services/" + service.id);
        return r;
    });
}

}  // namespace guichet::tenancy::http
