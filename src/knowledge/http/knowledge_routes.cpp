// The knowledge module's routes (see knowledge_routes.hpp): the answer engine and imports here;
// the other groups are registered from their own files (route_support.hpp lists them).
#include "knowledge/http/knowledge_routes.hpp"

#include "core/text.hpp"

#include "knowledge/http/knowledge_json.hpp"
#include "knowledge/http/route_support.hpp"
#include "knowledge/importer.hpp"

namespace guichet::knowledge::http {

using guichet::http::Method;
using guichet::http::Request;
using guichet::http::Response;
using identity::Permission;

void RegisterRoutes(guichet::http::Router& router, KnowledgeServices k,
                    identity::http::Authenticator& auth, const Clock& clock,
                    const KnowledgeLimits& limits) {
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
            if (!IsBlank(req.Query("q")))
                answer["feedback_token"] = k.feedback.IssueToken(caller.tenant_id, req.Query("q"));
            return Response::Json(200, answer);
        });

    // ---- Imports ----------------------------------------------------------------------------
    router.Add(Method::kPost, "/api/v1/import/{kind}",
               [=, &auth, &clock](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
                   const std::string kind = req.PathParam("kind");
                   Importer importer(k.tenancy, k.articles, k.places, k.events, k.neighbourhoods);
                   auto report =
                       importer.Import(kind, principal.tenant_id, req.body,
                                       {.author = AuthorOf(principal),
                                        .geojson = {.name_property = req.Query("name_property"),
                                                    .id_property = req.Query("id_property")}});
                   GUICHET_CHECK(report);
                   k.answers.Invalidate(principal.tenant_id);
                   GUICHET_CHECK(AuditChange(auth, principal, req, "import." + kind, "tenant",
                                             principal.tenant_id));
                   return Response::Json(200, ReportToJson(std::move(*report)));
               });

    RegisterArticleRoutes(router, k, auth, clock);
    RegisterPlaceRoutes(router, k, auth);
    RegisterEventRoutes(router, k, auth, clock);
    RegisterFeedbackRoutes(router, k, auth, limits);
}

}  // namespace guichet::knowledge::http
