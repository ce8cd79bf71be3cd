// Server: the HTTP/1.1 and WebSocket server (Boost.Beast on Asio, C++20 coroutines).
//
// - One coroutine per connection on its own strand; a fresh parser per request with header and
//   body limits; a deadline per read and write; keep-alive. The header is read first, so the
//   body limit and read deadline are those of the route (larger for upload routes).
// - Handlers marked blocking run on a worker pool and are awaited; I/O threads never block.
// - Every response gets a request id, security headers and an access-log line, and is counted in
//   Metrics. Errors are problem documents; an exception in a handler is a 500, never a crash.
// - GET /api/v1/ws upgrades to a WebSocket when ws_authorize accepts the request; the session
//   joins the WsHub and has a single writer with a queue.
// - Run() returns after SIGINT/SIGTERM or Stop(): the listener closes, idle connections are
//   closed, requests in flight finish (up to shutdown_grace), then the pools are joined.
// This header is free of Beast/Asio; only server.cpp includes them.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "http/ws_hub.hpp"

namespace guichet::http {

struct ServerOptions {
    std::string bind = "0.0.0.0";
    int port = 8080;  // 0: an ephemeral port (see Server::port()).
    int io_threads = 1;
    int worker_threads = 4;
    std::size_t max_body_bytes = 1 << 20;
    std::size_t max_upload_bytes = 25 << 20;  // Routes with RouteOptions::upload.
    std::size_t max_header_bytes = 16 << 10;
    std::chrono::seconds request_timeout{30};
    std::chrono::seconds upload_timeout{300};  // A 25 MB file from a slow phone connection.
    std::chrono::seconds shutdown_grace{15};
};

struct ServerDeps {
    const Router& router;
    Metrics& metrics;
    WsHub& hub;
    const StaticFiles* static_files = nullptr;  // Null: no front end is served.
    WsAuthorize ws_authorize;                   // Null: WebSocket upgrades are refused.
};

class Server {
  public:
    // Binds the listening socket; fails with a clear message when the address is taken.
    static Result<std::unique_ptr<Server>> Create(const ServerOptions& options, ServerDeps deps);
    ~Server();

    int port() const;
    void Run();   // Blocks until shut down; see above.
    void Stop();  // Thread-safe; begins the graceful shutdown.

  private:
    struct Impl;
    explicit Server(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace guichet::http
