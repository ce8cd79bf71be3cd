// HTTP side of the knowledge module. Public routes resolve the tenant like other public
// endpoints (Host name or ?tenant=slug) and show more to a signed-in agent of that tenant
// (internal and unpublished articles).
//
//   GET  /api/v1/answer?q=…&at=…                 the virtual receptionist (public)
//   GET  /api/v1/kb/search?q=…&limit=…           article search with facets (public)
//   GET  /api/v1/kb/articles                     list (agents: any status; public: published)
//   POST /api/v1/kb/articles                     new draft (knowledge.write)
//   GET  /api/v1/kb/articles/{id}                one article with its HTML (id or external id)
//   PUT  /api/v1/kb/articles/{id}                new version (knowledge.write, If-Match)
//   POST /api/v1/kb/articles/{id}/status         publish / draft / archive (knowledge.publish,
//                                                If-Match)
//   GET  /api/v1/kb/articles/{id}/versions       history (agents)
//   GET  /api/v1/kb/categories, POST …           category tree
//   GET  /api/v1/kb/synonyms, PUT …              the tenant's synonyms (knowledge.manage)
//   GET  /api/v1/kb/export                       JSON lines (agents)
//   POST /api/v1/import/{kind}                   services|places|events|articles|neighbourhoods
//                                                (knowledge.manage; neighbourhoods: GeoJSON, with
//                                                ?name_property=&id_property=)
//   GET  /api/v1/places, GET /api/v1/places/{id} places with their week of hours (public)
//   POST /api/v1/places, PUT/DELETE /api/v1/places/{id}, notices (knowledge.manage)
//   GET  /api/v1/events?from=&to=&category=      occurrences (public)
//   POST /api/v1/events, GET/PUT/DELETE /api/v1/events/{id}
//   GET  /api/v1/agenda.ics?category=            iCalendar feed (public)
//   POST /api/v1/kb/feedback                     a citizen's « Cette réponse vous a-t-elle aidé ? »
//                                                (public, rate-limited, 204; feedback_routes.cpp)
//   POST /api/v1/kb/articles/{id}/feedback       an agent's « Cet article a répondu »
//                                                (knowledge.read, CSRF)
//   GET  /api/v1/kb/feedback?limit=&after=       the signals with their lift (knowledge.manage)
//   DELETE /api/v1/kb/feedback[/{id}]            reset one signal or all (knowledge.manage; no
//                                                If-Match: a reset is idempotent and forgets only
//                                                derived data, never an author's content)
//
// The answer (GET answer), the search (GET kb/search) and an article read with ?q= carry a
// `feedback_token` for votes about that question (FeedbackService::IssueToken).
//
// Versions (core/versions.hpp, http/if_match.hpp): articles, places and events carry `version`
// in their JSON and as ETag ("v3") on GET of one and on every change. These changes require
// If-Match (428 without, 412 stale, 400 malformed or beyond 2^53), checked inside the service's
// transaction: PUT kb/articles/{id}, POST kb/articles/{id}/status, PUT kb/articles/{id}/draft,
// POST kb/articles/{id}/draft/publish, PUT/DELETE places/{id}, POST places/{id}/notices,
// DELETE places/{id}/notices/{notice} (a notice moves its place's version), PUT/DELETE
// events/{id}. Handlers parse, call one service method and render: the services publish their
// changes (ChangeFeed) and the answer engine follows by itself.
#pragma once

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "http/router.hpp"
#include "identity/http/authenticator.hpp"
#include "knowledge/answer_service.hpp"
#include "knowledge/article_service.hpp"
#include "knowledge/event_service.hpp"
#include "knowledge/feedback_service.hpp"
#include "knowledge/neighbourhood_service.hpp"
#include "knowledge/place_service.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::knowledge::http {

struct KnowledgeServices {
    tenancy::TenancyService& tenancy;
    ArticleService& articles;
    PlaceService& places;
    EventService& events;
    AnswerService& answers;
    NeighbourhoodService& neighbourhoods;
    FeedbackService& feedback;
};

struct KnowledgeLimits {
    // Citizens' votes per client address (on top of the server's public-write rate): a burst,
    // then per_minute back. Default: 20 at once, then one a minute.
    RatePolicy feedback_votes{1, 20};
};

void RegisterRoutes(guichet::http::Router& router, KnowledgeServices services,
                    identity::http::Authenticator& auth, const Clock& clock,
                    const KnowledgeLimits& limits = {});

}  // namespace guichet::knowledge::http
