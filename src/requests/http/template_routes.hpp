// HTTP side of answer templates and letters.
//
// Agents (session or API key; the permission is named on each route):
//   GET  /api/v1/request-templates               templates (defaults created on first use) and
//                                                the merge fields                  requests.read
//   GET  /api/v1/request-templates/{id}                                           requests.read
//   POST /api/v1/request-templates               create                          requests.manage
//   PUT  /api/v1/request-templates/{id}          replace; If-Match: "v<version>" required
//                                                (428 without, 412 stale)        requests.manage
//   POST /api/v1/requests/{id}/render            {template_id}: {subject, body, body_html},
//                                                signed by the calling agent      requests.read
//   GET  /api/v1/requests/{id}/letter.pdf?template_id=   the letter as PDF; without template_id,
//                                                the last answer recorded           requests.read
//   GET|PUT /api/v1/letterhead                   sender block of letters (ETag; PUT requires
//                                                If-Match)                  read | requests.manage
#pragma once

#include "http/router.hpp"
#include "identity/http/authenticator.hpp"
#include "requests/request_services.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::requests::http {

void RegisterTemplateRoutes(guichet::http::Router& router, const RequestServices& requests,
                            identity::http::Authenticator& auth);

// Who signs for `principal` (Letters::SignatoryFor): an agent's first name and the
// request's service (the agent's own when the request has none); an API key signs with the
// request's service only.
Result<Signatory> SignatoryOf(const identity::http::Principal& principal,
                              const RequestServices& requests, const Request& request);

}  // namespace guichet::requests::http
