// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the requests module, so that
// the apps and services that speak it (FixMyStreet, SeeClickFix, city dashboards) can read the
// catalogue and file requests.
//
//   GET  /open311/v2/discovery.{json,xml}                 the endpoint, its formats and contact
//   GET  /open311/v2/services.{json,xml}                  one service per public category
//   GET  /open311/v2/services/{service_code}.{json,xml}   its attributes (the category's fields)
//   POST /open311/v2/requests.{json,xml}                  file a request (form-encoded, api_key)
//   GET  /open311/v2/requests.{json,xml}                  requests of the last 90 days, 1000 at
//   most GET  /open311/v2/requests/{id}.{json,xml}             one request, as a one-element list
//   GET  /open311/v2/tokens/{token}.{json,xml}            the request a token stands for
//
// The format is the document's extension; any other document under /open311/v2/ is a 404. The
// tenant is `jurisdiction_id` (its slug), else chosen as for the other public routes (Host,
// ?tenant=). Errors use the specification's shape, [{"code": 400, "description": "…"}] or
// <errors><error>…</error></errors>, with the same HTTP status (400 bad parameter, 403 missing or
// bad api_key, 404 unknown jurisdiction, service or request).
//
// What is public: only requests of public categories are listed, never the citizen's identity;
// the description is shown for requests filed through Open311 (whose authors wrote it for a
// public tracker) or to callers giving a valid api_key of the tenant.
// service_request_id is the request's tracking code; requests are created synchronously, so a
// token is simply the request's id and GET tokens/… exists for clients that ask anyway.
#pragma once

#include "core/clock.hpp"
#include "http/router.hpp"
#include "identity/identity_service.hpp"
#include "requests/request_service.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::requests::http {

// The handlers keep references to the services, which must outlive the router.
void RegisterOpen311Routes(guichet::http::Router& router, RequestService& requests,
                           tenancy::TenancyService& tenancy, identity::IdentityService& identity,
                           const Clock& clock);

}  // namespace guichet::requests::http
