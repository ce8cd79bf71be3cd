// HTTP side of presence.
//
//   GET /api/v1/presence   agents online now in the caller's tenant
//
// PresenceWsPeer() is what a console's WebSocket becomes once its session is known: it counts as
// the agent being online while it lives, and starts with a "presence.snapshot" message.
#pragma once

#include "comms/presence_service.hpp"
#include "http/router.hpp"
#include "http/ws_hub.hpp"
#include "identity/http/authenticator.hpp"

namespace guichet::comms::http {

void RegisterRoutes(guichet::http::Router& router, PresenceService& presence,
                    identity::http::Authenticator& auth);

guichet::http::WsPeer PresenceWsPeer(PresenceService& presence, const identity::Agent& agent);

}  // namespace guichet::comms::http
