// HTTP routes of the identity module.
//
//   POST /api/v1/auth/login     public: {email, password, tenant?} -> session cookie + CSRF token
//   GET  /api/v1/auth/session   the current session (same body as login), or 401
//   GET  /api/v1/auth/status    {signed_in: false} or {signed_in: true, session}; never 401
//   POST /api/v1/auth/logout    ends the session (CSRF)
//   GET  /api/v1/agents         directory of the tenant's agents
//   GET  /api/v1/agents/{id}
//   POST /api/v1/agents         tenant admins: {email, display_name, password, roles[],
//   service_id?} GET  /api/v1/audit          managers and admins: ?limit=&cursor=
#pragma once

#include <boost/json/object.hpp>

#include "http/router.hpp"
#include "identity/http/authenticator.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::identity::http {

boost::json::object AgentToJson(const Agent& agent);

void RegisterRoutes(guichet::http::Router& router, IdentityService& identity,
                    tenancy::TenancyService& tenancy, Authenticator& auth);

}  // namespace guichet::identity::http
