// HTTP side of the requests module.
//
// Agents (session or API key; the permission is named on each route):
//   GET  /api/v1/requests                       the inbox: filters, sorted by next deadline
//   POST /api/v1/requests                       register a request (counter, phone, letter, api)
//   GET  /api/v1/requests/{id}                  one request (id or tracking code) with timeline
//   POST /api/v1/requests/{id}/status|assign|transfer|notes|calls|messages|merge|links
//   POST /api/v1/requests/{id}/attachments      raw body; GET …/attachments/{attachment}
//        Every POST on /api/v1/requests/{id}/… requires If-Match: "v<version>" (the ETag of the
//        GET): 428 without it, 412 "stale-version" when the request changed since; the answer
//        carries the new version (JSON "version" and ETag).
//   GET  /api/v1/citizens?q=                    a person's requests (name, e-mail, phone, code)
//   POST /api/v1/citizens/merge                 two people are one (their requests share a key)
//   POST /api/v1/contacts                       a contact counted without a request
//   GET  /api/v1/requests-stats/channels        contacts and requests per channel
//   GET|POST /api/v1/request-categories, GET|PUT /api/v1/request-categories/{id}
//   GET|PUT /api/v1/charter, GET|PUT /api/v1/routing
//        Settings (request_settings_routes.cpp): GET gives "version" and the ETag; every PUT
//        requires If-Match (428 / 412 as above).
// Citizens (public; tenant from the Host or ?tenant=):
//   GET  /api/v1/public/request-categories      the categories open to the public
//   POST /api/v1/public/requests                submit; answers the tracking code
//   POST /api/v1/public/requests/follow         {tracking_code, email}: the citizen's view
//   POST /api/v1/public/requests/reply          {tracking_code, email, body}
#pragma once

#include <functional>

#include "core/clock.hpp"
#include "http/router.hpp"
#include "identity/http/authenticator.hpp"
#include "requests/request_services.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::requests::http {

// How the composition root hands requests and messages to the channel that delivers them
// (e-mail acknowledgement, answer by e-mail). Each member may be empty.
// `on_create` is called before a request is created, with the tenant and the new request; what
// it returns runs inside the transaction that writes the request (the outbox row of the
// acknowledgement), so that a request is never recorded without it; its failure refuses the
// request. An empty function means that no acknowledgement will be sent (the portal's
// confirmation says so, from `acknowledgement_email`).
// `on_outgoing` is called before a message to the citizen is recorded, with the request as it
// stands, the message and who wrote it (an answer is signed by its agent). What it returns runs
// inside the transaction that records the message (the outbox row of an e-mail answer), so that
// a message is never recorded without its delivery; its failure, or that of the call, refuses
// the message and records nothing.
struct Delivery {
    std::function<Result<AlsoInTransaction>(std::string_view tenant_id, const NewRequest&)>
        on_create;
    MessageDelivery on_outgoing;
};

// What the timeline records as the author of a change: the signed-in agent, or the
// integration whose API key was used.
Actor ActorOf(const identity::http::Principal& principal);

void RegisterRoutes(guichet::http::Router& router, const RequestServices& requests,
                    tenancy::TenancyService& tenancy, identity::http::Authenticator& auth,
                    const Clock& clock, Delivery delivery = {});

}  // namespace guichet::requests::http
