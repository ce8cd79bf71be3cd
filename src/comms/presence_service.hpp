// PresenceService: which agents are online now, per tenant.
//
// An agent is online while at least one live connection of theirs (a console tab's WebSocket) is
// open. Each change of a tenant's online set is published on the bus as "presence.changed" with
// the full list, so a client never has to merge deltas. The state is this node's memory: with
// several nodes each publishes its own view (see docs/adr/0005-presence.md).
// Thread-safety: all methods may be called from any thread.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "bus/event_bus.hpp"
#include "core/clock.hpp"

namespace guichet::comms {

struct OnlineAgent {
    std::string tenant_id;
    std::string agent_id;
    std::string display_name;
    std::vector<std::string> roles;
    TimePoint since;
};

class PresenceService {
  public:
    static constexpr const char* kPermission = "presence.read";

    PresenceService(bus::EventBus& bus, const Clock& clock) : bus_(bus), clock_(clock) {}

    void Connected(const OnlineAgent& agent);
    void Disconnected(const std::string& tenant_id, const std::string& agent_id);

    std::vector<OnlineAgent> Online(const std::string& tenant_id) const;
    // {"agents":[{"id","display_name","roles","since"}]}: the payload of presence events and of
    // GET /api/v1/presence.
    std::string OnlineJson(const std::string& tenant_id) const;

  private:
    struct Entry {
        OnlineAgent agent;
        int connections = 0;
    };
    void PublishLocked(const std::string& tenant_id, std::unique_lock<std::mutex>& lock);

    bus::EventBus& bus_;
    const Clock& clock_;
    mutable std::mutex mutex_;
    std::map<std::string, std::map<std::string, Entry>> by_tenant_;  // tenant -> agent -> entry
};

}  // namespace guichet::comms
