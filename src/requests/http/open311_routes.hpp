// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the requests module, so that
// the apps and services that speak it (FixMyStreet, SeeClickFix, city dashboards) can read the
// catalogue and file requests.
//
//   GET  /open311/v2/discovery.{json,xml}                 the endpoint, its formats and contact
//   GET  /open311/v2/services.{json,xml}                  one service per public category
//   GET  /open311/v2/services/{service_code}.{json,xml}   its attributes (the category's fields)
//   POST /open311/v2/requests.{json,xml}                  file a request (form-encoded, api_key)
//   GET  /open311/v2/requests.{json,xml}                  listed requests of the last 90 days,
//                                                          1000 at most
//   GET  /open311/v2/requests/{id}.{json,xml}             one request, as a one-element list
//   GET  /open311/v2/tokens/{token}.{json,xml}            the request a token stands for
//
// The format is the document's extension; any other document under /open311/v2/ is a 404. The
// tenant is `jurisdiction_id` (its slug), else chosen as for the other public routes (Host,
// ?tenant=). Errors use the specification's shape, [{"code": 400, "description": "…"}] or
// <errors><error>…</error></errors>, with the same HTTP status (400 bad parameter, 403 missing or
// bad api_key, 404 unknown jurisdiction, service or request). A call over its address's rate
// gets the server's 429 (problem+json with Retry-After) before any handler runs.
//
// What is public — the tracker shows what was filed to be seen:
// - Listed requests are those of public categories filed through Open311 itself or reported on
//   the portal (channels open311 and web). Requests an agent took down (phone, counter, letter),
//   e-mails and integrations' requests (api) are never listed nor found by id, whatever their
//   category and whoever asks: their citizens never chose a public tracker.
// - Never the citizen's identity. The description and photo are shown for requests filed
//   through Open311 (whose authors wrote them for a public tracker) or to callers giving a valid
//   api_key of the tenant.
// - service_request_id: a tracking code is half of a citizen's follow-up credential (with the
//   e-mail), so lists never show it. A listed request is shown under its public id, an opaque
//   identifier that the follow-up does not accept (the request's internal id). The POST answer
//   gives the filer the tracking code; GET requests/{id}, ?service_request_id= (100 at most) and
//   tokens/{token} accept either and show the request under what they were given. A token is
//   the public id: requests are created synchronously, and GET tokens/… exists for clients that
//   ask anyway.
// - Rates per client address (http/router.hpp RateClass): POST requests is a public write; GET
//   requests (a look-up by id when it names some), requests/{id} and tokens/{token} are public
//   look-ups.
#pragma once

#include "core/clock.hpp"
#include "http/router.hpp"
#include "identity/identity_service.hpp"
#include "requests/request_services.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::requests::http {

// The handlers keep references to the services, which must outlive the router.
void RegisterOpen311Routes(guichet::http::Router& router, const RequestServices& requests,
                           tenancy::TenancyService& tenancy, identity::IdentityService& identity,
                           const Clock& clock);

}  // namespace guichet::requests::http
