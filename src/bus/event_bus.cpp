#include "bus/event_bus.hpp"

#include <algorithm>

namespace guichet::bus {

void InProcessBus::Publish(const Event& event) {
    // Copy the handlers under the lock and call them outside it, so a handler may (un)subscribe.
    std::vector<std::shared_ptr<Handler>> handlers;
    {
        std::lock_guard lock(mutex_);
        handlers.reserve(subscribers_.size());
        for (const auto& s : subscribers_) handlers.push_back(s.handler);
    }
    for (const auto& handler : handlers) (*handler)(event);
}

EventBus::SubscriptionId InProcessBus::Subscribe(Handler handler) {
    std::lock_guard lock(mutex_);
    SubscriptionId id = next_id_++;
    subscribers_.push_back({id, std::make_shared<Handler>(std::move(handler))});
    return id;
}

void InProcessBus::Unsubscribe(SubscriptionId id) {
    std::lock_guard lock(mutex_);
    std::erase_if(subscribers_, [id](const Subscriber& s) { return s.id == id; });
}

}  // namespace guichet::bus
