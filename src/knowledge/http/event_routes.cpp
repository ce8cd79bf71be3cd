// Event routes (see knowledge_routes.hpp): the agenda's occurrences and its iCalendar feed
// (public), and the administrators' changes with If-Match.
#include "calendar/hours_query.hpp"
#include "core/json.hpp"
#include "http/if_match.hpp"
#include "knowledge/http/knowledge_json.hpp"
#include "knowledge/http/route_support.hpp"

namespace guichet::knowledge::http {

using guichet::http::Method;
using guichet::http::Request;
using guichet::http::RequiredIfMatch;
using guichet::http::Response;
using identity::Permission;

namespace {

constexpr std::string_view kEvent = "la fiche de l'événement";

}  // namespace

void RegisterEventRoutes(guichet::http::Router& router, KnowledgeServices k,
                         identity::http::Authenticator& auth, const Clock& clock) {
    // ---- Events -----------------------------------------------------------------------------
    router.Add(Method::kGet, "/api/v1/events",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(caller, ResolveCaller(req, k.tenancy, auth));
                   GUICHET_TRY(zone, ZoneOf(k.tenancy, caller.tenant_id));
                   GUICHET_TRY(from_param, TimeParam(req, "from", *zone));
                   GUICHET_TRY(to_param, TimeParam(req, "to", *zone));
                   const TimePoint from = from_param.value_or(clock.Now());
                   const TimePoint to = to_param.value_or(from + date::days(31));
                   if (to <= from) return BadParameter("« to » doit suivre « from ».");
                   if (to - from > date::days(400))
                       return BadParameter("La période dépasse 400 jours.");
                   std::optional<std::string> category;
                   if (auto c = req.Query("category"); !c.empty()) category = c;
                   GUICHET_TRY(agenda, k.events.Occurrences(caller.tenant_id, from, to, category));
                   auto local = [&](TimePoint t) {
                       return calendar::FormatLocal(
                           zone->to_local(date::floor<std::chrono::seconds>(t)), *zone);
                   };
                   boost::json::array items;
                   // Each event rendered once (its recurrence wording expands the rule).
                   std::vector<std::optional<boost::json::object>> rendered(agenda.events.size());
                   for (const auto& o : agenda.occurrences) {
                       const Event& e = agenda.events[o.event];
                       if (!rendered[o.event]) rendered[o.event] = EventToJson(e, *zone);
                       boost::json::object item = *rendered[o.event];
                       item["start"] = local(o.start);
                       item["end"] = local(o.end);
                       item["first_start"] = local(e.start);
                       items.push_back(std::move(item));
                   }
                   return Response::Json(200, boost::json::object{{"items", std::move(items)}});
               });

    router.Add(Method::kGet, "/api/v1/events/{id}",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(caller, ResolveCaller(req, k.tenancy, auth));
                   GUICHET_TRY(zone, ZoneOf(k.tenancy, caller.tenant_id));
                   GUICHET_TRY(event, k.events.Get(caller.tenant_id, req.PathParam("id")));
                   return Versioned(200, EventToJson(event, *zone), event.version);
               });

    router.Add(
        Method::kPost, "/api/v1/events", [=, &auth, &clock](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
            GUICHET_TRY(zone, ZoneOf(k.tenancy, principal.tenant_id));
            GUICHET_TRY(body, json::ParseObject(req.body));
            GUICHET_TRY(event, EventFromJson(body, *zone));
            GUICHET_TRY(saved, k.events.Save(principal.tenant_id, std::move(event)));
            GUICHET_CHECK(AuditChange(auth, principal, req, "event.create", "event", saved.id));
            Response r = Versioned(201, EventToJson(saved, *zone), saved.version);
            r.Set("Location", "/api/v1/events/" + saved.id);
            return r;
        });

    router.Add(
        Method::kPut, "/api/v1/events/{id}", [=, &auth, &clock](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
            GUICHET_TRY(version, RequiredIfMatch(req, kEvent));
            GUICHET_TRY(zone, ZoneOf(k.tenancy, principal.tenant_id));
            GUICHET_TRY(body, json::ParseObject(req.body));
            GUICHET_TRY(event, EventFromJson(body, *zone));
            event.id = req.PathParam("id");
            GUICHET_TRY(saved, k.events.Save(principal.tenant_id, std::move(event), version));
            GUICHET_CHECK(AuditChange(auth, principal, req, "event.update", "event", saved.id));
            return Versioned(200, EventToJson(saved, *zone), saved.version);
        });

    router.Add(
        Method::kDelete, "/api/v1/events/{id}",
        [=, &auth, &clock](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
            GUICHET_TRY(version, RequiredIfMatch(req, kEvent));
            GUICHET_CHECK(k.events.Remove(principal.tenant_id, req.PathParam("id"), version));
            GUICHET_CHECK(
                AuditChange(auth, principal, req, "event.delete", "event", req.PathParam("id")));
            return Response::NoContent();
        });

    router.Add(Method::kGet, "/api/v1/agenda.ics", [=](Request& req) -> Result<Response> {
        GUICHET_TRY(tenant, k.tenancy.ResolvePublic(req.Header("host"), req.Query("tenant")));
        std::optional<std::string> category;
        if (auto c = req.Query("category"); !c.empty()) category = c;
        GUICHET_TRY(feed, k.events.Feed(tenant.id, category));
        Response r = Response::Text(200, std::move(feed), "text/calendar; charset=utf-8");
        r.Set("Content-Disposition", "inline; filename=\"" + tenant.slug + "-agenda.ics\"");
        r.Set("Cache-Control", "public, max-age=300");
        return r;
    });
}

}  // namespace guichet::knowledge::http
