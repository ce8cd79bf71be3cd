// Article routes (see knowledge_routes.hpp): search, the article life cycle with If-Match,
// drafts, versions, categories, synonyms and the export. Search and an article read with ?q=
// carry a `feedback_token` for the citizen's vote on that question (feedback_routes.cpp).
#include <boost/json.hpp>

#include "calendar/hours_query.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "http/if_match.hpp"
#include "knowledge/http/knowledge_json.hpp"
#include "knowledge/http/route_support.hpp"

namespace guichet::knowledge::http {

using guichet::http::Method;
using guichet::http::Request;
using guichet::http::RequiredIfMatch;
using guichet::http::Response;
using identity::Permission;
using identity::http::Principal;

namespace {

constexpr std::string_view kArticle = "la fiche de l'article";

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

void RegisterArticleRoutes(guichet::http::Router& router, KnowledgeServices k,
                           identity::http::Authenticator& auth, const Clock& clock) {
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
                   boost::json::object body = SearchToJson(results, services);
                   if (!IsBlank(query.text))
                       body["feedback_token"] = k.feedback.IssueToken(caller.tenant_id, query.text);
                   return Response::Json(200, std::move(body));
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
                   GUICHET_CHECK(
                       AuditChange(auth, principal, req, "article.create", "article", article.id));
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
                   Response r = ArticleResponse(200, article);
                   // Reached from a search: the portal may ask « Cette réponse vous a-t-elle
                   // aidé ? » about that question.
                   if (const std::string q = req.Query("q"); !IsBlank(q)) {
                       boost::json::object body = ArticleToJson(article, true);
                       body["feedback_token"] = k.feedback.IssueToken(caller.tenant_id, q);
                       r = Versioned(200, std::move(body), article.version);
                   }
                   return r;
               });

    router.Add(Method::kPut, "/api/v1/kb/articles/{id}",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeWrite));
                   GUICHET_TRY(version, RequiredIfMatch(req, kArticle));
                   GUICHET_TRY(body, json::ParseObject(req.body));
                   GUICHET_TRY(content, ArticleContentFromJson(body));
                   GUICHET_TRY(article, k.articles.Update(principal.tenant_id, req.PathParam("id"),
                                                          content, version, AuthorOf(principal)));
                   GUICHET_CHECK(
                       AuditChange(auth, principal, req, "article.update", "article", article.id));
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
            GUICHET_CHECK(
                AuditChange(auth, principal, req, "article." + status_name, "article", article.id));
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

    router.Add(Method::kPut, "/api/v1/kb/articles/{id}/draft",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeWrite));
                   GUICHET_TRY(version, RequiredIfMatch(req, kArticle));
                   GUICHET_TRY(body, json::ParseObject(req.body));
                   GUICHET_TRY(content, ArticleContentFromJson(body));
                   GUICHET_TRY(draft, k.articles.SaveDraft(principal.tenant_id, req.PathParam("id"),
                                                           content, version, AuthorOf(principal)));
                   GUICHET_CHECK(AuditChange(auth, principal, req, "article.draft_save", "article",
                                             draft.article_id));
                   return draft_response(principal.tenant_id, draft.article_id, draft);
               });

    router.Add(Method::kDelete, "/api/v1/kb/articles/{id}/draft",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeWrite));
                   GUICHET_CHECK(k.articles.DiscardDraft(principal.tenant_id, req.PathParam("id")));
                   GUICHET_CHECK(AuditChange(auth, principal, req, "article.draft_discard",
                                             "article", req.PathParam("id")));
                   return Response::NoContent();
               });

    router.Add(
        Method::kPost, "/api/v1/kb/articles/{id}/draft/publish",
        [=, &auth, &clock](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgePublish));
            GUICHET_TRY(version, RequiredIfMatch(req, kArticle));
            GUICHET_TRY(article, k.articles.PublishDraft(principal.tenant_id, req.PathParam("id"),
                                                         version, AuthorOf(principal)));
            GUICHET_CHECK(
                AuditChange(auth, principal, req, "article.draft_publish", "article", article.id));
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
            GUICHET_CHECK(
                AuditChange(auth, principal, req, "kb.synonyms", "tenant", principal.tenant_id));
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
}

}  // namespace guichet::knowledge::http
