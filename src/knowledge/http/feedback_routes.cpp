// Feedback routes (see knowledge_routes.hpp): learning from use.
//
//   POST   /api/v1/kb/feedback              {question, article_id, helpful, token} — a citizen's
//          vote. Public on purpose (the portal is anonymous): the server's public-write rate per
//          address, then KnowledgeLimits::feedback_votes per address; 204 whether recorded,
//          ignored (a bot) or a repeat (a client counts once per question and article), so a
//          caller learns nothing about the signal; bad input 400, unknown article 404.
//   POST   /api/v1/kb/articles/{id}/feedback  {question, helpful?} — an agent's « Cet article a
//          répondu » (knowledge.read, session + CSRF): 200 {"outcome": "recorded"|"duplicate"}.
//   GET    /api/v1/kb/feedback?limit=&after=  the tenant's signals with their lift
//          (knowledge.manage), paginated by an opaque cursor.
//   DELETE /api/v1/kb/feedback/{id}, DELETE /api/v1/kb/feedback  reset one signal or all
//          (knowledge.manage, audited). No If-Match: a reset is idempotent and forgets derived
//          data only, so two administrators resetting at once cannot lose each other's work.
#include <memory>

#include <boost/json.hpp>

#include "core/json.hpp"
#include "core/text.hpp"
#include "knowledge/http/route_support.hpp"

namespace guichet::knowledge::http {

using guichet::http::Method;
using guichet::http::RateClass;
using guichet::http::Request;
using guichet::http::Response;
using identity::Permission;

namespace {

Result<bool> RequiredBool(const boost::json::object& body, std::string_view key) {
    auto it = body.find(key);
    if (it == body.end() || !it->value().is_bool())
        return Invalid("« " + std::string(key) + " » vaut true ou false.");
    return it->value().as_bool();
}

boost::json::object SignalToJson(const FeedbackSignal& s) {
    return {{"id", s.id},
            {"query_key", s.query_key},
            {"question", s.question},
            {"article_id", s.article_id},
            {"article_title", s.article_title},
            {"yes", s.yes},
            {"no", s.no},
            {"votes", s.votes},
            {"lift", s.lift},
            {"updated_at", ToUnixMillis(s.updated_at)}};
}

Error VotesExhausted(int seconds) {
    return Error{ErrorCode::kResourceExhausted,
                 "Merci pour vos avis ! Vous en avez donné beaucoup en peu de temps : patientez " +
                     std::to_string(seconds) + " seconde" + (seconds > 1 ? "s" : "") +
                     " avant le prochain.",
                 "feedback votes rate limited", "too-many-requests", seconds};
}

}  // namespace

void RegisterFeedbackRoutes(guichet::http::Router& router, KnowledgeServices k,
                            identity::http::Authenticator& auth, const KnowledgeLimits& limits) {
    auto votes = std::make_shared<RateLimiter>(limits.feedback_votes);

    router.Add(Method::kPost, "/api/v1/kb/feedback",
               [=](Request& req) -> Result<Response> {
                   GUICHET_TRY(tenant,
                               k.tenancy.ResolvePublic(req.Header("host"), req.Query("tenant")));
                   GUICHET_TRY(body, json::ParseObject(req.body));
                   GUICHET_TRY(question, json::RequiredString(body, "question"));
                   GUICHET_TRY(article_id, json::RequiredString(body, "article_id"));
                   GUICHET_TRY(helpful, RequiredBool(body, "helpful"));
                   GUICHET_TRY(token, json::RequiredString(body, "token"));
                   const std::string client = AddressKey(req.remote_ip);
                   if (auto wait = votes->TryTake(tenant.id + "|" + client))
                       return tl::unexpected(VotesExhausted(*wait));
                   GUICHET_CHECK(k.feedback.Vote(tenant.id, {.question = question,
                                                             .article_id = article_id,
                                                             .source = FeedbackSource::kCitizen,
                                                             .helpful = helpful,
                                                             .client = client,
                                                             .user_agent = req.Header("user-agent"),
                                                             .token = token}));
                   return Response::NoContent();
               },
               {.rate = RateClass::kPublicWrite});

    router.Add(Method::kPost, "/api/v1/kb/articles/{id}/feedback",
               [=, &auth](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeRead));
                   GUICHET_TRY(body, json::ParseObject(req.body));
                   GUICHET_TRY(question, json::RequiredString(body, "question"));
                   bool helpful = true;
                   if (body.contains("helpful")) {
                       GUICHET_TRY(value, RequiredBool(body, "helpful"));
                       helpful = value;
                   }
                   const std::string who = principal.agent ? "agent:" + principal.agent->id
                                                           : "key:" + principal.api_key->id;
                   GUICHET_TRY(outcome, k.feedback.Vote(principal.tenant_id,
                                                        {.question = question,
                                                         .article_id = req.PathParam("id"),
                                                         .source = FeedbackSource::kAgent,
                                                         .helpful = helpful,
                                                         .client = who}));
                   const bool recorded = outcome == FeedbackService::Outcome::kRecorded;
                   return Response::Json(
                       200, boost::json::object{{"outcome", recorded ? "recorded" : "duplicate"}});
               });

    router.Add(Method::kGet, "/api/v1/kb/feedback", [=, &auth](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
        GUICHET_TRY(limit, Limit(req, 50, 200));
        GUICHET_TRY(page, k.feedback.List(principal.tenant_id, limit, req.Query("after")));
        boost::json::array items;
        for (const auto& s : page.items) items.push_back(SignalToJson(s));
        return Response::Json(
            200, boost::json::object{
                     {"items", std::move(items)},
                     {"next", page.next.empty() ? boost::json::value(nullptr)
                                                : boost::json::value(page.next)},
                     {"max_lift", k.feedback.options().max_lift},
                     {"half_life_days",
                      std::chrono::duration_cast<std::chrono::hours>(k.feedback.options().half_life)
                              .count() /
                          24}});
    });

    router.Add(Method::kDelete, "/api/v1/kb/feedback/{id}",
               [=, &auth](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
                   GUICHET_CHECK(k.feedback.Reset(principal.tenant_id, req.PathParam("id")));
                   GUICHET_CHECK(AuditChange(auth, principal, req, "kb.feedback_reset", "feedback",
                                             req.PathParam("id")));
                   return Response::NoContent();
               });

    router.Add(Method::kDelete, "/api/v1/kb/feedback",
               [=, &auth](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
                   GUICHET_TRY(removed, k.feedback.ResetAll(principal.tenant_id));
                   GUICHET_CHECK(AuditChange(auth, principal, req, "kb.feedback_reset_all",
                                             "tenant", principal.tenant_id));
                   return Response::Json(200, boost::json::object{{"removed", removed}});
               });
}

}  // namespace guichet::knowledge::http
