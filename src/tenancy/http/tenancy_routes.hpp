// HTTP routes of the tenancy module, and the JSON form of its types.
//
//   GET  /api/v1/tenant              public: the tenant of this host (or ?tenant=slug)
//   GET  /api/v1/services            agents and API keys: the tenant's services
//   GET  /api/v1/services/{id}
//   POST /api/v1/services            tenant admins: {name, parent_id?, email?}
//   GET  /api/v1/tenant/calendar     agents: zones, business hours, closures (with an ETag)
//   PUT  /api/v1/tenant/calendar     tenant admins, with If-Match: replaces the calendar
#pragma once

#include "http/router.hpp"
#include "identity/http/authenticator.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::tenancy::http {

void RegisterRoutes(guichet::http::Router& router, TenancyService& tenancy,
                    identity::http::Authenticator& auth);

}  // namespace guichet::tenancy::http
