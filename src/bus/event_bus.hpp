// EventBus: how modules tell the rest of the system that something changed.
//
// An Event belongs to one tenant and names the permission a watcher needs to see it; the WebSocket
// hub forwards it to each connection of that tenant whose user holds the permission. The payload
// is JSON text, so the bus never depends on a module's types.
//
// Thread-safety: Publish and Subscribe may be called from any thread. Handlers run on the
// publishing thread, must be quick and must not block (hand long work to another executor).
// A handler may unsubscribe itself or others; it sees events published after it subscribed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace guichet::bus {

struct Event {
    std::string id;  // Unique (core/ids NewId); the envelope id seen by clients.
    std::string tenant_id;
    std::string type;        // Dotted name: "presence.changed".
    std::string permission;  // Needed to see it, e.g. "presence.read".
    std::string data;        // JSON text of the payload.
};

class EventBus {
  public:
    using Handler = std::function<void(const Event&)>;
    using SubscriptionId = uint64_t;

    virtual ~EventBus() = default;
    virtual void Publish(const Event& event) = 0;
    virtual SubscriptionId Subscribe(Handler handler) = 0;
    virtual void Unsubscribe(SubscriptionId id) = 0;
};

// The single-node bus: delivers synchronously, in publication order per publishing thread.
class InProcessBus final : public EventBus {
  public:
    void Publish(const Event& event) override;
    SubscriptionId Subscribe(Handler handler) override;
    void Unsubscribe(SubscriptionId id) override;

  private:
    struct Subscriber {
        SubscriptionId id;
        std::shared_ptr<Handler> handler;
    };
    std::mutex mutex_;
    SubscriptionId next_id_ = 1;
    std::vector<Subscriber> subscribers_;
};

}  // namespace guichet::bus
