// Internal to the http module (server.cpp): the server's open connections and the upload bodies
// being received, with their limits per client address and in total.
// - Register gives a Registration for a new connection, or nullopt when its address already has
//   `connections_per_address` open (0: no limit; an empty address key, a trusted proxy, is not
//   counted); the Registration unregisters in its destructor.
// - TakeUploadSlot gives an UploadSlot held while one large body is received, or the refusal:
//   429 "too-many-requests" over `uploads_per_address`, 503 "busy" over `uploads_total`.
// - Live() lists the handles of open connections (for the graceful shutdown); `on_last_closed`
//   runs (outside the lock) each time the last open connection goes.
// Thread-safety: every method may be called from any thread (one mutex).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "core/result.hpp"

namespace guichet::http {

struct ConnectionHandle {
    boost::asio::any_io_executor executor;
    std::function<void()> stop;  // Set and run only on `executor` (the connection's strand).
};

struct ConnectionLimits {
    int connections_per_address = 0;
    int uploads_per_address = 0;
    int uploads_total = 0;
};

class ConnectionRegistry {
  public:
    ConnectionRegistry(ConnectionLimits limits, std::function<void()> on_last_closed)
        : limits_(limits), on_last_closed_(std::move(on_last_closed)) {}

    // Keeps the registry in step with a connection coroutine; destroyed before its stream.
    class Registration {
      public:
        Registration(ConnectionRegistry* registry, uint64_t id, std::string address,
                     std::shared_ptr<ConnectionHandle> handle)
            : registry_(registry), id_(id), address_(std::move(address)), handle_(handle) {}
        Registration(const Registration&) = delete;
        Registration& operator=(const Registration&) = delete;
        ~Registration();
        const std::shared_ptr<ConnectionHandle>& handle() const { return handle_; }

      private:
        ConnectionRegistry* registry_;
        uint64_t id_;
        std::string address_;
        std::shared_ptr<ConnectionHandle> handle_;
    };

    // A slot for receiving one large upload body, released when destroyed.
    class UploadSlot {
      public:
        UploadSlot(ConnectionRegistry* registry, std::string address)
            : registry_(registry), address_(std::move(address)) {}
        UploadSlot(UploadSlot&& other) noexcept;
        UploadSlot(const UploadSlot&) = delete;
        UploadSlot& operator=(const UploadSlot&) = delete;
        ~UploadSlot();

      private:
        ConnectionRegistry* registry_;
        std::string address_;
    };

    // `address` is the peer's AddressKey, or empty for a trusted proxy (never limited).
    std::optional<Registration> Register(boost::asio::any_io_executor executor,
                                         const std::string& address);
    Result<UploadSlot> TakeUploadSlot(const std::string& address);
    std::vector<std::shared_ptr<ConnectionHandle>> Live();

  private:
    void Unregister(uint64_t id, const std::string& address);

    const ConnectionLimits limits_;
    const std::function<void()> on_last_closed_;
    std::mutex mutex_;
    std::unordered_map<uint64_t, std::weak_ptr<ConnectionHandle>> connections_;
    uint64_t next_id_ = 0;
    std::unordered_map<std::string, int> connections_per_address_;
    std::unordered_map<std::string, int> uploads_per_address_;
    int uploads_total_ = 0;
};

}  // namespace guichet::http
