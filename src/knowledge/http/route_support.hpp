// Shared pieces of the knowledge module's handlers (internal to knowledge/http): who is asking,
// common parameters, versioned responses, and the registration of each group of routes, one
// file per responsibility (knowledge_routes.hpp lists the routes):
//   knowledge_routes.cpp  the answer engine, imports, and RegisterRoutes calling the others
//   article_routes.cpp    articles, drafts, versions, categories, synonyms, search, export
//   place_routes.cpp      places and their notices
//   event_routes.cpp      the agenda and its iCalendar feed
//   feedback_routes.cpp   learning from use: votes, signals, resets
// Thread-safety: the handlers hold references to long-lived services; they run on workers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <date/tz.h>
#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "identity/http/authenticator.hpp"
#include "knowledge/http/knowledge_routes.hpp"

namespace guichet::knowledge::http {

// Who is asking: the tenant, and the agent when one of its agents is signed in.
struct Caller {
    std::string tenant_id;
    std::optional<identity::http::Principal> agent;
};

// A signed-in agent of the tenant (knowledge.read), else the public tenant of the host/?tenant=.
Result<Caller> ResolveCaller(const guichet::http::Request& req, tenancy::TenancyService& tenancy,
                             identity::http::Authenticator& auth);

Author AuthorOf(const identity::http::Principal& p);

// ?limit= as 1..max (fallback when absent); 400 otherwise.
Result<std::size_t> Limit(const guichet::http::Request& req, std::size_t fallback, std::size_t max);

Result<const date::time_zone*> ZoneOf(tenancy::TenancyService& tenancy,
                                      const std::string& tenant_id);

// Optional time parameter: local to the tenant's zone unless it carries an offset.
Result<std::optional<TimePoint>> TimeParam(const guichet::http::Request& req, std::string_view name,
                                           const date::time_zone& zone);

// A versioned resource's JSON with its ETag.
guichet::http::Response Versioned(int status, boost::json::object body, int64_t version);

// Writes the audit entry of an agent's change.
Result<void> AuditChange(identity::http::Authenticator& auth, const identity::http::Principal& p,
                         const guichet::http::Request& req, std::string action, std::string type,
                         std::string id);

void RegisterArticleRoutes(guichet::http::Router& router, KnowledgeServices k,
                           identity::http::Authenticator& auth, const Clock& clock);
void RegisterPlaceRoutes(guichet::http::Router& router, KnowledgeServices k,
                         identity::http::Authenticator& auth);
void RegisterEventRoutes(guichet::http::Router& router, KnowledgeServices k,
                         identity::http::Authenticator& auth, const Clock& clock);
void RegisterFeedbackRoutes(guichet::http::Router& router, KnowledgeServices k,
                            identity::http::Authenticator& auth, const KnowledgeLimits& limits);

}  // namespace guichet::knowledge::http
