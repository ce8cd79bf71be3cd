#include "comms/presence_service.hpp"

#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/ids.hpp"

namespace guichet::comms {
namespace {

std::string ToJson(std::vector<OnlineAgent> agents) {
    std::sort(agents.begin(), agents.end(), [](const OnlineAgent& a, const OnlineAgent& b) {
        return a.display_name < b.display_name;
    });
    boost::json::array list;
    for (const auto& a : agents) {
        boost::json::array roles;
        for (const auto& r : a.roles) roles.emplace_back(r);
        list.emplace_back(boost::json::object{{"id", a.agent_id},
                                              {"display_name", a.display_name},
                                              {"roles", std::move(roles)},
                                              {"since", FormatIsoUtc(a.since)}});
    }
    return boost::json::serialize(boost::json::object{{"agents", std::move(list)}});
}

}  // namespace

void PresenceService::Connected(const OnlineAgent& agent) {
    std::unique_lock lock(mutex_);
    Entry& entry = by_tenant_[agent.tenant_id][agent.agent_id];
    if (++entry.connections > 1) return;
    entry.agent = agent;
    entry.agent.since = clock_.Now();
    PublishLocked(agent.tenant_id, lock);
}

void PresenceService::Disconnected(const std::string& tenant_id, const std::string& agent_id) {
    std::unique_lock lock(mutex_);
    auto tenant = by_tenant_.find(tenant_id);
    if (tenant == by_tenant_.end()) return;
    auto it = tenant->second.find(agent_id);
    if (it == tenant->second.end() || --it->second.connections > 0) return;
    tenant->second.erase(it);
    PublishLocked(tenant_id, lock);
}

std::vector<OnlineAgent> PresenceService::Online(const std::string& tenant_id) const {
    std::lock_guard lock(mutex_);
    std::vector<OnlineAgent> out;
    auto tenant = by_tenant_.find(tenant_id);
    if (tenant == by_tenant_.end()) return out;
    for (const auto& [id, entry] : tenant->second) out.push_back(entry.agent);
    return out;
}

std::string PresenceService::OnlineJson(const std::string& tenant_id) const {
    return ToJson(Online(tenant_id));
}

void PresenceService::PublishLocked(const std::string& tenant_id,
                                    std::unique_lock<std::mutex>& lock) {
    std::vector<OnlineAgent> agents;
    for (const auto& [id, entry] : by_tenant_[tenant_id]) agents.push_back(entry.agent);
    lock.unlock();  // Never call out to the bus while holding our lock.
    bus_.Publish({NewId(clock_.Now()), tenant_id, "presence.changed", kPermission,
                  ToJson(std::move(agents))});
}

}  // namespace guichet::comms
