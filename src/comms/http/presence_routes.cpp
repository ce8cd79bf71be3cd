#include "comms/http/presence_routes.hpp"

#include "core/ids.hpp"

namespace guichet::comms::http {

using guichet::http::Method;
using guichet::http::Request;
using guichet::http::Response;

void RegisterRoutes(guichet::http::Router& router, PresenceService& presence,
                    identity::http::Authenticator& auth) {
    router.Add(Method::kGet, "/api/v1/presence", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, identity::Permission::kPresenceRead));
        return Response::Text(200, presence.OnlineJson(principal.tenant_id),
                              "application/json; charset=utf-8");
    });
}

guichet::http::WsPeer PresenceWsPeer(PresenceService& presence, const identity::Agent& agent) {
    OnlineAgent online{agent.tenant_id, agent.id, agent.display_name, {}, {}};
    for (auto role : agent.roles) online.roles.emplace_back(identity::RoleName(role));
    guichet::http::WsPeer peer;
    peer.tenant_id = agent.tenant_id;
    peer.may_see = [roles = agent.roles](std::string_view permission) {
        return identity::AllowsNamed(roles, permission);
    };
    peer.on_open = [&presence, online](const std::function<void(std::string)>& send) {
        // Count the agent in first, so the snapshot includes them; the snapshot is queued before
        // the presence.changed event that Connected() publishes to everyone, this client included.
        presence.Connected(online);
        send(guichet::http::WsHub::Envelope("presence.snapshot", NewId(),
                                            presence.OnlineJson(online.tenant_id)));
    };
    peer.on_close = [&presence, tenant = agent.tenant_id, id = agent.id] {
        presence.Disconnected(tenant, id);
    };
    return peer;
}

}  // namespace guichet::comms::http
