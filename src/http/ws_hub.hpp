// WsHub: fans bus events out to the live WebSocket connections that may see them.
//
// A connection joins with its tenant and a permission check. For each event the hub builds the
// envelope {"type","id","data"} once, copies the tenant's connections (weak references) under its
// lock, and sends outside the lock; a connection that has gone away is skipped and forgotten.
// Events never cross tenants. Thread-safety: all methods may be called from any thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "bus/event_bus.hpp"
#include "core/result.hpp"
#include "http/message.hpp"

namespace guichet::http {

// One live connection, as the hub sees it. Implemented by the server's WebSocket session.
class WsClient {
  public:
    virtual ~WsClient() = default;
    virtual const std::string& tenant_id() const = 0;
    virtual bool MaySee(std::string_view permission) const = 0;
    // Queues a text message; never blocks; safe from any thread.
    virtual void Send(std::shared_ptr<const std::string> text) = 0;
};

// What the application decides about a WebSocket upgrade (see ServerDeps::ws_authorize).
struct WsPeer {
    std::string tenant_id;
    std::function<bool(std::string_view permission)> may_see;
    // Called once the connection has joined the hub, on the connection's strand. Messages given to
    // `send` are queued before any event that arrives meanwhile, so a snapshot sent here is the
    // first thing the client sees.
    std::function<void(const std::function<void(std::string)>& send)> on_open;
    // Called once when the connection ends.
    std::function<void()> on_close;
};
using WsAuthorize = std::function<Result<WsPeer>(const Request&)>;

class WsHub {
  public:
    explicit WsHub(bus::EventBus& bus);
    ~WsHub();
    WsHub(const WsHub&) = delete;
    WsHub& operator=(const WsHub&) = delete;

    void Join(const std::shared_ptr<WsClient>& client);
    void Leave(const WsClient* client);
    void Deliver(const bus::Event& event);
    std::size_t size() const;

    // {"type":…,"id":…,"data":<data_json>}
    static std::string Envelope(std::string_view type, std::string_view id,
                                std::string_view data_json);

  private:
    bus::EventBus& bus_;
    bus::EventBus::SubscriptionId subscription_;
    mutable std::mutex mutex_;
    std::map<std::string, std::vector<std::weak_ptr<WsClient>>> by_tenant_;
};

}  // namespace guichet::http
