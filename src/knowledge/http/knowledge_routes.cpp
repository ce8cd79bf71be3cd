#include "knowledge/http/knowledge_routes.hpp"

#include <charconv>

#include "calendar/hours_query.hpp"
#include "core/json.hpp"
#include "http/if_match.hpp"
#include "knowledge/http/knowledge_json.hpp"
#include "knowledge/importer.hpp"
#include "knowledge/service_import.hpp"

namespace guichet::knowledge::http {

using guichet::http::Method;
using guichet::http::Request;
using guichet::http::RequiredIfMatch;
using guichet::http::Response;
using guichet::http::SetVersion;
using identity::Permission;
using identity::http::Principal;

namespace {

// Who is asking: the tenant, and the agent when one of its agents is signed in.
struct Caller {
    std::string tenant_id;
    std::optional<Principal> agent;
};

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

// Optional time parameter: local to the tenant's zone unless it carries an offset.
Result<std::optional<TimePoint>> TimeParam(const Request& req, std::string_view name,
                                           const date::time_zone& zone) {
    const std::string text = req.Query(name);
    if (text.empty()) return std::optional<TimePoint>();
    GUICHET_TRY(local, calendar::ParseLocalTime(name, text, zone));
    return std::optional<TimePoint>(zone.to_sys(local, date::choose::earliest));
}

// What If-Match names for each resource (the If-Match and stale-version messages say "relisez
// <what>", "une modification de <what> depuis que vous l'avez ouverte").
constexpr std::string_view kArticle = "la fiche de l'article";
constexpr std::string_view kPlace = "la fiche du lieu";
constexpr std::string_view kEvent = "la fiche de l'événement";

// A versioned resource's JSON with its ETag.
Response Versioned(int status, boost::json::object body, int64_t version) {
    Response r = Response::Json(status, std::move(body));
    SetVersion(r, version);
    return r;
}

Response ArticleResponse(int status, const Article& a) {
    return Versioned(status, ArticleToJson(a, true), a.version);
}

boost::json::object SearchToJson(const search::Results& results,
                                 const std::vector<tenancy::Service>& services) {
    boost::json::array hits;
    for (const auto& h : results.hits) {
        hits.push_back({{"id", h.id},
                        {"external_id", h.external_id.empty() ? boost::json::value(nullptr)
                                                              : boost::json::value(h.external_id)},
                        {"title", h.title},
                        {"snippet", h.snippet},
                        {"score", h.score}});
    }
    boost::json::object facets;
    for (const auto& [name, values] : results.facets) {
        boost::json::array items;
        for (const auto& v : values) {
            boost::json::object item{{"value", v.value}, {"count", v.count}};
            if (name == "service") {
                for (const auto& s : services)
                    if (s.id == v.value) item["label"] = s.name;
            }
            items.push_back(std::move(item));
        }
        facets[name] = std::move(items);
    }
    return {{"results", std::move(hits)},
            {"suggestion", results.suggestion ? boost::json::value(*results.suggestion) : nullptr},
            {"facets", std::move(facets)},
            {"total", results.total}};
}

}  // namespace

void RegisterRoutes(guichet::http::Router& router, KnowledgeServices k,
                    identity::http::Authenticator& auth, const Clock& clock) {
    auto audit = [&auth](const Principal& p, const Request& req, std::string action,
                         std::string type, std::string id) {
        return auth.identity().Audit(p.tenant_id, p.ToActor(req), std::move(action),
                                     std::move(type), std::move(id));
    };

    // ---- The answer engine -----------------------------------------------------------------
    router.Add(
        Method::kGet, "/api/v1/answer", [=, &auth, &clock](Request& req) -> Result<Response> {
            GUICHET_TRY(caller, ResolveCaller(req, k.tenancy, auth));
            GUICHET_TRY(zone, ZoneOf(k.tenancy, caller.tenant_id));
            GUICHET_TRY(at, TimeParam(req, "at", *zone));
            GUICHET_TRY(answer, k.answers.Answer(caller.tenant_id,
                                                 {.question = req.Query("q"),
                                                  .at = at,
                                                  .include_internal = caller.agent.has_value()}));
            return Response::Json(200, answer);
        });

    // ---- Articles ---------------------------------------------------------------------------
    router.Add(Method::kGet, "/api/v1/kb/search",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(caller, ResolveCaller(req, k.tenancy, auth));
                   GUICHET_TRY(limit, Limit(req, 10, 50));
                   ArticleSearch query{.text = req.Query("q"),
                                       .limit = limit,
                                       .include_internal = caller.agent.has_value()};
                   if (auto c = req.Query("category"); !c.empty()) query.category = c;
                   if (auto s = req.Query("service"); !s.empty()) query.service_id = s;
                   if (req.Query("prefix") == "false") query.prefix = false;
                   GUICHET_TRY(results, k.articles.Search(caller.tenant_id, query));
                   GUICHET_TRY(services, k.tenancy.ListServices(caller.tenant_id));
                   return Response::Json(200, SearchToJson(results, services));
               });

    router.Add(Method::kGet, "/api/v1/kb/articles",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(caller, ResolveCaller(req, k.tenancy, auth));
                   GUICHET_TRY(limit, Limit(req, 50, 500));
                   ArticleFilter filter{
                       .text = req.Query("q"), .limit = limit, .after = req.Query("after")};
                   if (auto s = req.Query("status"); !s.empty()) {
                       filter.status = ParseStatus(s);
                       if (!filter.status)
                           return BadParameter("« status » vaut draft, published ou archived.");
                   }
                   if (!caller.agent) {
                       filter.status = ArticleStatus::kPublished;
                       filter.audience = Audience::kPublic;
                   }
                   GUICHET_TRY(articles, k.articles.List(caller.tenant_id, filter));
                   boost::json::array items;
                   const TimePoint now = clock.Now();
                   for (const auto& a : articles) {
                       if (!caller.agent && !a.VisibleAt(now)) continue;
                       items.push_back(ArticleToJson(a, false));
                   }
                   boost::json::object body{{"items", std::move(items)}};
                   body["next"] =
                       articles.size() == limit ? boost::json::value(articles.back().id) : nullptr;
                   return Response::Json(200, body);
               });

    router.Add(Method::kPost, "/api/v1/kb/articles",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeWrite));
                   GUICHET_TRY(body, json::ParseObject(req.body));
                   GUICHET_TRY(content, ArticleContentFromJson(body));
                   GUICHET_TRY(external_id, json::OptionalString(body, "external_id"));
                   GUICHET_TRY(article, k.articles.Create(principal.tenant_id, content,
                                                          AuthorOf(principal), external_id));
                   GUICHET_CHECK(audit(principal, req, "article.create", "article", article.id));
                   Response r = ArticleResponse(201, article);
                   r.Set("Location", "/api/v1/kb/articles/" + article.id);
                   return r;
               });

    router.Add(Method::kGet, "/api/v1/kb/articles/{id}",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(caller, ResolveCaller(req, k.tenancy, auth));
                   GUICHET_TRY(article, k.articles.Get(caller.tenant_id, req.PathParam("id")));
                   if (!caller.agent && (!article.VisibleAt(clock.Now()) ||
                                         article.content.audience != Audience::kPublic)) {
                       return Fail(ErrorCode::kNotFound, "Cet article est introuvable.");
                   }
                   return ArticleResponse(200, article);
               });

    router.Add(Method::kPut, "/api/v1/kb/articles/{id}",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeWrite));
                   GUICHET_TRY(version, RequiredIfMatch(req, kArticle));
                   GUICHET_TRY(body, json::ParseObject(req.body));
                   GUICHET_TRY(content, ArticleContentFromJson(body));
                   GUICHET_TRY(article, k.articles.Update(principal.tenant_id, req.PathParam("id"),
                                                          content, version, AuthorOf(principal)));
                   GUICHET_CHECK(audit(principal, req, "article.update", "article", article.id));
                   return ArticleResponse(200, article);
               });

    router.Add(
        Method::kPost, "/api/v1/kb/articles/{id}/status",
        [=, &auth, &clock](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgePublish));
            GUICHET_TRY(version, RequiredIfMatch(req, kArticle));
            GUICHET_TRY(body, json::ParseObject(req.body));
            GUICHET_TRY(status_name, json::RequiredString(body, "status"));
            auto status = ParseStatus(status_name);
            if (!status) return BadParameter("« status » vaut draft, published ou archived.");
            GUICHET_TRY(zone, ZoneOf(k.tenancy, principal.tenant_id));
            GUICHET_TRY(publish_at_text, json::OptionalString(body, "publish_at"));
            std::optional<TimePoint> publish_at;
            if (publish_at_text) {
                GUICHET_TRY(local, calendar::ParseLocalTime("publish_at", *publish_at_text, *zone));
                publish_at = zone->to_sys(local, date::choose::earliest);
            }
            GUICHET_TRY(article,
                        k.articles.SetStatus(principal.tenant_id, req.PathParam("id"), *status,
                                             publish_at, version, AuthorOf(principal)));
            GUICHET_CHECK(audit(principal, req, "article." + status_name, "article", article.id));
            return ArticleResponse(200, article);
        });

    // ---- Drafts of a published article: kept apart until "Publier" ---------------------------
    // The draft as the article it will become (the article's JSON with the draft's content and
    // its rendered HTML), with who saved it and when: what the console's preview shows.
    auto draft_response = [k](const std::string& tenant_id, const std::string& id,
                              const ArticleDraft& draft) -> Result<Response> {
        GUICHET_TRY(article, k.articles.Get(tenant_id, id));
        GUICHET_TRY(categories, k.articles.ListCategories(tenant_id));
        return Response::Json(200, DraftToJson(article, draft, categories));
    };

    router.Add(Method::kGet, "/api/v1/kb/articles/{id}/draft",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeRead));
                   GUICHET_TRY(draft, k.articles.Draft(principal.tenant_id, req.PathParam("id")));
                   // No draft is a normal state, not an error: 204 (the console asks on every
                   // article it opens, and stays quiet).
                   if (!draft) return Response::NoContent();
                   return draft_response(principal.tenant_id, req.PathParam("id"), *draft);
               });

    router.Add(
        Method::kPut, "/api/v1/kb/articles/{id}/draft",
        [=, &auth, &clock](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeWrite));
            GUICHET_TRY(version, RequiredIfMatch(req, kArticle));
            GUICHET_TRY(body, json::ParseObject(req.body));
            GUICHET_TRY(content, ArticleContentFromJson(body));
            GUICHET_TRY(draft, k.articles.SaveDraft(principal.tenant_id, req.PathParam("id"),
                                                    content, version, AuthorOf(principal)));
            GUICHET_CHECK(audit(principal, req, "article.draft_save", "article", draft.article_id));
            return draft_response(principal.tenant_id, draft.article_id, draft);
        });

    router.Add(Method::kDelete, "/api/v1/kb/articles/{id}/draft",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeWrite));
                   GUICHET_CHECK(k.articles.DiscardDraft(principal.tenant_id, req.PathParam("id")));
                   GUICHET_CHECK(audit(principal, req, "article.draft_discard", "article",
                                       req.PathParam("id")));
                   return Response::NoContent();
               });

    router.Add(
        Method::kPost, "/api/v1/kb/articles/{id}/draft/publish",
        [=, &auth, &clock](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgePublish));
            GUICHET_TRY(version, RequiredIfMatch(req, kArticle));
            GUICHET_TRY(article, k.articles.PublishDraft(principal.tenant_id, req.PathParam("id"),
                                                         version, AuthorOf(principal)));
            GUICHET_CHECK(audit(principal, req, "article.draft_publish", "article", article.id));
            return ArticleResponse(200, article);
        });

    router.Add(Method::kGet, "/api/v1/kb/articles/{id}/versions",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeRead));
                   GUICHET_TRY(versions,
                               k.articles.Versions(principal.tenant_id, req.PathParam("id")));
                   boost::json::array items;
                   for (const auto& v : versions) items.push_back(VersionToJson(v));
                   return Response::Json(200, boost::json::object{{"items", std::move(items)}});
               });

    router.Add(Method::kGet, "/api/v1/kb/categories",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(caller, ResolveCaller(req, k.tenancy, auth));
                   GUICHET_TRY(categories, k.articles.ListCategories(caller.tenant_id));
                   boost::json::array items;
                   for (const auto& c : categories) items.push_back(CategoryToJson(c));
                   return Response::Json(200, boost::json::object{{"items", std::move(items)}});
               });

    router.Add(Method::kPost, "/api/v1/kb/categories",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeWrite));
                   GUICHET_TRY(body, json::ParseObject(req.body));
                   GUICHET_TRY(name, json::RequiredString(body, "name"));
                   GUICHET_TRY(parent, json::OptionalString(body, "parent_id"));
                   GUICHET_TRY(category,
                               k.articles.EnsureCategory(principal.tenant_id, name, parent));
                   return Response::Json(201, CategoryToJson(category));
               });

    router.Add(
        Method::kGet, "/api/v1/kb/synonyms", [=, &auth, &clock](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeRead));
            GUICHET_TRY(groups, k.articles.Synonyms(principal.tenant_id));
            boost::json::array items;
            for (const auto& g : groups) {
                boost::json::array forms;
                for (const auto& f : g.forms) forms.emplace_back(f);
                items.push_back(std::move(forms));
            }
            boost::json::array defaults;
            for (const auto& g : search::DefaultFrenchSynonyms()) {
                boost::json::array forms;
                for (const auto& f : g.forms) forms.emplace_back(f);
                defaults.push_back(std::move(forms));
            }
            return Response::Json(200, boost::json::object{{"groups", std::move(items)},
                                                           {"defaults", std::move(defaults)}});
        });

    router.Add(
        Method::kPut, "/api/v1/kb/synonyms", [=, &auth, &clock](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
            GUICHET_TRY(body, json::ParseObject(req.body));
            GUICHET_TRY(groups, SynonymsFromJson(body));
            GUICHET_CHECK(k.articles.SetSynonyms(principal.tenant_id, groups));
            GUICHET_CHECK(audit(principal, req, "kb.synonyms", "tenant", principal.tenant_id));
            return Response::NoContent();
        });

    router.Add(Method::kGet, "/api/v1/kb/export",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeRead));
                   GUICHET_TRY(text, k.articles.ExportJsonLines(principal.tenant_id));
                   Response r =
                       Response::Text(200, std::move(text), "application/x-ndjson; charset=utf-8");
                   r.Set("Content-Disposition", "attachment; filename=\"articles.jsonl\"");
                   return r;
               });

    // ---- Imports ----------------------------------------------------------------------------
    router.Add(
        Method::kPost, "/api/v1/import/{kind}",
        [=, &auth, &clock](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
            const std::string kind = req.PathParam("kind");
            Importer importer(k.tenancy, k.articles, k.places, k.events, k.neighbourhoods);
            auto report = importer.Import(kind, principal.tenant_id, req.body,
                                          {.author = AuthorOf(principal),
                                           .geojson = {.name_property = req.Query("name_property"),
                                                       .id_property = req.Query("id_property")}});
            GUICHET_CHECK(report);
            k.answers.Invalidate(principal.tenant_id);
            GUICHET_CHECK(audit(principal, req, "import." + kind, "tenant", principal.tenant_id));
            return Response::Json(200, ReportToJson(std::move(*report)));
        });

    // ---- Places -----------------------------------------------------------------------------
    router.Add(Method::kGet, "/api/v1/places",
               [=, &auth, &clock](Request& req) -> Result<Response> {
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

    router.Add(Method::kGet, "/api/v1/places/{id}",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(caller, ResolveCaller(req, k.tenancy, auth));
                   GUICHET_TRY(place, k.places.Get(caller.tenant_id, req.PathParam("id")));
                   GUICHET_TRY(days_limit, Limit(req, 7, 62));
                   GUICHET_TRY(
                       week, k.answers.Week(caller.tenant_id, place, static_cast<int>(days_limit)));
                   boost::json::object body = PlaceToJson(place);
                   boost::json::array intervals;
                   for (const auto& [from, to] : week.intervals)
                       intervals.push_back({{"from", from}, {"to", to}});
                   body["hours"] = {
                       {"state", week.state},
                       {"comment", week.comment ? boost::json::value(*week.comment) : nullptr},
                       {"intervals", std::move(intervals)},
                       {"next_change",
                        week.next_change ? boost::json::value(*week.next_change) : nullptr}};
                   return Versioned(200, std::move(body), place.version);
               });

    router.Add(Method::kPost, "/api/v1/places",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
                   GUICHET_TRY(body, json::ParseObject(req.body));
                   GUICHET_TRY(place, PlaceFromJson(body));
                   GUICHET_TRY(saved, k.places.Save(principal.tenant_id, std::move(place)));
                   GUICHET_CHECK(audit(principal, req, "place.create", "place", saved.id));
                   Response r = Versioned(201, PlaceToJson(saved), saved.version);
                   r.Set("Location", "/api/v1/places/" + saved.id);
                   return r;
               });

    router.Add(
        Method::kPut, "/api/v1/places/{id}", [=, &auth, &clock](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
            GUICHET_TRY(version, RequiredIfMatch(req, kPlace));
            GUICHET_TRY(body, json::ParseObject(req.body));
            GUICHET_TRY(place, PlaceFromJson(body));
            place.id = req.PathParam("id");
            GUICHET_TRY(saved, k.places.Save(principal.tenant_id, std::move(place), version));
            GUICHET_CHECK(audit(principal, req, "place.update", "place", saved.id));
            return Versioned(200, PlaceToJson(saved), saved.version);
        });

    router.Add(
        Method::kDelete, "/api/v1/places/{id}",
        [=, &auth, &clock](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
            GUICHET_TRY(version, RequiredIfMatch(req, kPlace));
            GUICHET_CHECK(k.places.Remove(principal.tenant_id, req.PathParam("id"), version));
            GUICHET_CHECK(audit(principal, req, "place.delete", "place", req.PathParam("id")));
            return Response::NoContent();
        });

    router.Add(
        Method::kPost, "/api/v1/places/{id}/notices",
        [=, &auth, &clock](Request& req) -> Result<Response> {
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
            GUICHET_CHECK(audit(principal, req, "place.notice", "place", req.PathParam("id")));
            // The notice, with the place's new version (its ETag too).
            return Versioned(201,
                             boost::json::object{{"id", added.notice.id},
                                                 {"message", added.notice.message},
                                                 {"place_version", added.place_version}},
                             added.place_version);
        });

    router.Add(Method::kDelete, "/api/v1/places/{id}/notices/{notice}",
               [=, &auth, &clock](Request& req) -> Result<Response> {
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

    router.Add(Method::kPost, "/api/v1/events",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
                   GUICHET_TRY(zone, ZoneOf(k.tenancy, principal.tenant_id));
                   GUICHET_TRY(body, json::ParseObject(req.body));
                   GUICHET_TRY(event, EventFromJson(body, *zone));
                   GUICHET_TRY(saved, k.events.Save(principal.tenant_id, std::move(event)));
                   GUICHET_CHECK(audit(principal, req, "event.create", "event", saved.id));
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
            GUICHET_CHECK(audit(principal, req, "event.update", "event", saved.id));
            return Versioned(200, EventToJson(saved, *zone), saved.version);
        });

    router.Add(
        Method::kDelete, "/api/v1/events/{id}",
        [=, &auth, &clock](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
            GUICHET_TRY(version, RequiredIfMatch(req, kEvent));
            GUICHET_CHECK(k.events.Remove(principal.tenant_id, req.PathParam("id"), version));
            GUICHET_CHECK(audit(principal, req, "event.delete", "event", req.PathParam("id")));
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
