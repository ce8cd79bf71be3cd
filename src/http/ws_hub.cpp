#include "http/ws_hub.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace guichet::http {

WsHub::WsHub(bus::EventBus& bus) : bus_(bus) {
    subscription_ = bus_.Subscribe([this](const bus::Event& e) { Deliver(e); });
}

WsHub::~WsHub() { bus_.Unsubscribe(subscription_); }

void WsHub::Join(const std::shared_ptr<WsClient>& client) {
    std::lock_guard lock(mutex_);
    by_tenant_[client->tenant_id()].push_back(client);
}

void WsHub::Leave(const WsClient* client) {
    std::lock_guard lock(mutex_);
    auto it = by_tenant_.find(client->tenant_id());
    if (it == by_tenant_.end()) return;
    std::erase_if(it->second, [client](const std::weak_ptr<WsClient>& w) {
        auto locked = w.lock();
        return !locked || locked.get() == client;
    });
    if (it->second.empty()) by_tenant_.erase(it);
}

void WsHub::Deliver(const bus::Event& event) {
    std::vector<std::weak_ptr<WsClient>> targets;
    {
        std::lock_guard lock(mutex_);
        auto it = by_tenant_.find(event.tenant_id);
        if (it == by_tenant_.end()) return;
        targets = it->second;
    }
    auto text = std::make_shared<const std::string>(Envelope(event.type, event.id, event.data));
    for (const auto& weak : targets) {
        auto client = weak.lock();
        if (client && client->MaySee(event.permission)) client->Send(text);
    }
}

std::size_t WsHub::size() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& [tenant, clients] : by_tenant_) n += clients.size();
    return n;
}

std::string WsHub::Envelope(std::string_view type, std::string_view id,
                            std::string_view data_json) {
    std::string out = "{\"type\":";
    out += boost::json::serialize(boost::json::string(type));
    out += ",\"id\":";
    out += boost::json::serialize(boost::json::string(id));
    out += ",\"data\":";
    out += data_json.empty() ? std::string_view("null") : data_json;
    out += '}';
    return out;
}

}  // namespace guichet::http
