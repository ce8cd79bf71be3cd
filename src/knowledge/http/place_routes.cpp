// Place routes (see knowledge_routes.hpp): places with their week of hours (public), and the
// administrators' changes with If-Match, notices included (a notice moves its place's version).
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
using guichet::http::SetVersion;
using identity::Permission;

namespace {

constexpr std::string_view kPlace = "la fiche du lieu";

}  // namespace

void RegisterPlaceRoutes(guichet::http::Router& router, KnowledgeServices k,
                         identity::http::Authenticator& auth) {
    // ---- Places -----------------------------------------------------------------------------
    router.Add(Method::kGet, "/api/v1/places", [=, &auth](Request& req) -> Result<Response> {
        GUICHET_TRY(caller, ResolveCaller(req, k.tenancy, auth));
        GUICHET_TRY(places, k.places.List(caller.tenant_id));
        const std::string type = req.Query("type");
        boost::json::array items;
        for (const auto& p : places) {
            if (!type.empty() && p.type != type) continue;
            items.push_back(PlaceToJson(p));
        }
        return Response::Json(200, boost::json::object{{"items", std::move(items)}});
    });

    router.Add(Method::kGet, "/api/v1/places/{id}", [=, &auth](Request& req) -> Result<Response> {
        GUICHET_TRY(caller, ResolveCaller(req, k.tenancy, auth));
        GUICHET_TRY(place, k.places.Get(caller.tenant_id, req.PathParam("id")));
        GUICHET_TRY(days_limit, Limit(req, 7, 62));
        GUICHET_TRY(week, k.answers.Week(caller.tenant_id, place, static_cast<int>(days_limit)));
        boost::json::object body = PlaceToJson(place);
        boost::json::array intervals;
        for (const auto& [from, to] : week.intervals)
            intervals.push_back({{"from", from}, {"to", to}});
        body["hours"] = {
            {"state", week.state},
            {"comment", week.comment ? boost::json::value(*week.comment) : nullptr},
            {"intervals", std::move(intervals)},
            {"next_change", week.next_change ? boost::json::value(*week.next_change) : nullptr}};
        return Versioned(200, std::move(body), place.version);
    });

    router.Add(Method::kPost, "/api/v1/places", [=, &auth](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(place, PlaceFromJson(body));
        GUICHET_TRY(saved, k.places.Save(principal.tenant_id, std::move(place)));
        GUICHET_CHECK(AuditChange(auth, principal, req, "place.create", "place", saved.id));
        Response r = Versioned(201, PlaceToJson(saved), saved.version);
        r.Set("Location", "/api/v1/places/" + saved.id);
        return r;
    });

    router.Add(Method::kPut, "/api/v1/places/{id}", [=, &auth](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
        GUICHET_TRY(version, RequiredIfMatch(req, kPlace));
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(place, PlaceFromJson(body));
        place.id = req.PathParam("id");
        GUICHET_TRY(saved, k.places.Save(principal.tenant_id, std::move(place), version));
        GUICHET_CHECK(AuditChange(auth, principal, req, "place.update", "place", saved.id));
        return Versioned(200, PlaceToJson(saved), saved.version);
    });

    router.Add(
        Method::kDelete, "/api/v1/places/{id}", [=, &auth](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
            GUICHET_TRY(version, RequiredIfMatch(req, kPlace));
            GUICHET_CHECK(k.places.Remove(principal.tenant_id, req.PathParam("id"), version));
            GUICHET_CHECK(
                AuditChange(auth, principal, req, "place.delete", "place", req.PathParam("id")));
            return Response::NoContent();
        });

    router.Add(
        Method::kPost, "/api/v1/places/{id}/notices", [=, &auth](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
            GUICHET_TRY(version, RequiredIfMatch(req, kPlace));
            GUICHET_TRY(body, json::ParseObject(req.body));
            GUICHET_TRY(message, json::RequiredString(body, "message"));
            GUICHET_TRY(zone, ZoneOf(k.tenancy, principal.tenant_id));
            PlaceNotice notice{{}, message, std::nullopt, std::nullopt};
            for (const char* field : {"starts", "ends"}) {
                GUICHET_TRY(text, json::OptionalString(body, field));
                if (!text) continue;
                GUICHET_TRY(local, calendar::ParseLocalTime(field, *text, *zone));
                const TimePoint t = zone->to_sys(local, date::choose::earliest);
                (std::string_view(field) == "starts" ? notice.starts : notice.ends) = t;
            }
            GUICHET_TRY(added, k.places.AddNotice(principal.tenant_id, req.PathParam("id"), notice,
                                                  version));
            GUICHET_CHECK(
                AuditChange(auth, principal, req, "place.notice", "place", req.PathParam("id")));
            // The notice, with the place's new version (its ETag too).
            return Versioned(201,
                             boost::json::object{{"id", added.notice.id},
                                                 {"message", added.notice.message},
                                                 {"place_version", added.place_version}},
                             added.place_version);
        });

    router.Add(Method::kDelete, "/api/v1/places/{id}/notices/{notice}",
               [=, &auth](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
                   GUICHET_TRY(version, RequiredIfMatch(req, kPlace));
                   GUICHET_TRY(place_version,
                               k.places.RemoveNotice(principal.tenant_id, req.PathParam("id"),
                                                     req.PathParam("notice"), version));
                   // No body: the place's new version is in the ETag.
                   Response r = Response::NoContent();
                   SetVersion(r, place_version);
                   return r;
               });
}

}  // namespace guichet::knowledge::http
