#include "knowledge/changes.hpp"

namespace guichet::knowledge {

void ChangeFeed::Listen(Listener listener) {
    std::lock_guard lock(mutex_);
    listeners_.push_back(std::move(listener));
}

void ChangeFeed::Publish(std::string_view tenant_id, Change what) const {
    std::vector<Listener> listeners;
    {
        std::lock_guard lock(mutex_);
        listeners = listeners_;
    }
    for (const auto& listener : listeners) listener(tenant_id, what);
}

}  // namespace guichet::knowledge
