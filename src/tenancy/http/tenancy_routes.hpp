// HTTP routes of the tenancy module, and the JSON form of its types.
//
//   GET  /api/v1/tenant              public: the tenant of this host (or ?tenant=slug)
//   GET  /api/v1/services            agents and API keys: the tenant's services
//   GET  /api/v1/services/{id}
//   POST /api/v1/services            tenant admins: {name, parent_id?, email?}
//   GET  /api/v1/tenant/calendar     agents: zones, business hours, closures (with an ETag)
//   PUT  /api/v1/tenant/calendar     tenant admins, with If-Match: replaces the calendar
//   GET  /api/v1/tenant/calendar.ics public: days off of this year and the next (iCalendar)
//   PUT|DELETE /api/v1/tenant/calendar/school-holidays   tenant admins: import (ICS or CSV) / reset
//   POST /api/v1/tenant/calendar/closures                tenant admins: add closures from an ICS
#pragma once

#include "core/clock.hpp"
#include "http/router.hpp"
#include "identity/http/authenticator.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::tenancy::http {

void RegisterRoutes(guichet::http::Router& router, TenancyService& tenancy,
                    identity::http::Authenticator& auth, const Clock& clock);

}  // namespace guichet::tenancy::http
