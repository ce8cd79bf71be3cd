// Server: the HTTP/1.1 and WebSocket server (Boost.Beast on Asio, C++20 coroutines).
//
// - One coroutine per connection on its own strand; a fresh parser per request with header and
//   body limits; a deadline per read and write; keep-alive. The header is read first, so the
//   body limit and read deadline are those of the route (larger for upload routes). An upload
//   body larger than max_body_bytes is streamed to an unlinked temporary file and handed to the
//   handler as a read-only mapping (Request::mapped_body), never held in the heap; uploads being
//   received at once are limited per client address and in total.
// - The client address is the peer's, or the one a trusted proxy forwarded (X-Forwarded-For);
//   such a proxy's X-Forwarded-Proto: https marks the request secure (HSTS, Secure cookies).
//   Open connections are limited per client address (trusted proxies excepted); the process's
//   descriptor limit is raised to its hard maximum at start.
// - Routes with a RateClass are limited per client address before their handler runs (429).
// - HTTP/1.1 requests without exactly one Host, and headers with obsolete line folding, are
//   refused (400): a proxy in front could read them differently (request smuggling).
// - Handlers marked blocking run on a pool of worker_threads threads, one pool for GET and HEAD
//   (reads), one for the other methods, so that reads never queue behind writers waiting for
//   the database; their response goes straight back to the connection's strand (not through
//   the pool's queue again). I/O threads never block.
// - Every response gets a request id, security headers and an access-log line, and is counted in
//   Metrics. Errors are problem documents; an exception in a handler is a 500, never a crash.
// - GET /api/v1/ws upgrades to a WebSocket when ws_authorize accepts the request; the session
//   joins the WsHub and has a single writer with a queue.
// - Run() returns after SIGINT/SIGTERM or Stop(): the listener closes, idle connections are
//   closed, requests in flight finish (up to shutdown_grace), then the pools are joined.
// This header is free of Beast/Asio; only server.cpp and beast_io.cpp include them.
// Files: server.cpp (composition, connection loop), beast_io (Beast messages and reads),
// connection_registry (limits), security_headers (headers, cached CSP).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/rate_limiter.hpp"
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
    int worker_threads = 4;  // In each of the two pools (reads, writes).
    std::size_t max_body_bytes = 1 << 20;
    std::size_t max_upload_bytes = 25 << 20;  // Routes with RouteOptions::upload.
    std::size_t max_header_bytes = 16 << 10;
    std::chrono::seconds request_timeout{30};
    std::chrono::seconds upload_timeout{300};  // A 25 MB file from a slow phone connection.
    std::chrono::seconds shutdown_grace{15};
    std::vector<std::string> trusted_proxies;  // Exact peer addresses (see above).
    RatePolicy public_writes{10, 20};          // RateClass::kPublicWrite, per client address.
    RatePolicy public_lookups{30, 30};         // RateClass::kPublicLookup.
    int connections_per_address = 256;         // 0: no limit.
    int uploads_per_address = 4;               // Large upload bodies received at once.
    int uploads_total = 64;
    std::string upload_dir;                // Temporary files of uploads; empty: the system's.
    std::vector<std::string> img_sources;  // Origins added to the CSP's img-src (map tiles).
    // More origins for img-src, asked for each response (the tiles tenants chose in the
    // console). Called on the I/O threads: it must be quick and must not block.
    std::function<std::vector<std::string>()> dynamic_img_sources;
    // A number that changes whenever dynamic_img_sources would return something else: the
    // policy is then rebuilt only when it changes (security_headers.hpp, CspCache). Null: the
    // policy is rebuilt for every response. Called on the I/O threads, like the above.
    std::function<uint64_t()> dynamic_img_sources_generation;
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
