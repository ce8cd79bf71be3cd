// The server's composition and its connection loop (server.hpp): accepting, one coroutine per
// connection, dispatch to the router or the static files, the worker pools, the graceful
// shutdown. The pieces it is made of live beside it: beast_io (message conversion, header and
// upload reads, protocol errors), connection_registry (connection and upload limits),
// security_headers (the headers of every response and the cached Content-Security-Policy).
// Beast and Asio are included here and in beast_io.cpp only.
#include "http/server.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

#include <boost/beast/websocket.hpp>
#include <boost/json/object.hpp>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "http/beast_io.hpp"
#include "http/connection_registry.hpp"
#include "http/error_mapping.hpp"
#include "http/security_headers.hpp"
#include "http/ws_session.hpp"

namespace guichet::http {
namespace {

using namespace beast_io;  // NOLINT: the Beast aliases and the connection's reads.
namespace websocket = beast::websocket;

constexpr std::string_view kWebSocketPath = "/api/v1/ws";

// Raises the soft limit on open descriptors to the hard one: each connection holds one, and the
// default soft limit (1,024) is far below what a busy morning needs.
void RaiseDescriptorLimit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) == 0)
        log::Info("descriptor limit raised", {{"limit", static_cast<int64_t>(limit.rlim_cur)}});
}

}  // namespace

// ---------------------------------------------------------------------------------------------
struct Server::Impl {
    Impl(const ServerOptions& o, ServerDeps d)
        : options(o),
          deps(std::move(d)),
          ioc(std::max(1, o.io_threads)),
          workers(static_cast<std::size_t>(std::max(1, o.worker_threads))),
          readers(static_cast<std::size_t>(std::max(1, o.worker_threads))),
          acceptor(ioc),
          signals(ioc, SIGINT, SIGTERM),
          grace_timer(ioc),
          csp(o.img_sources, o.dynamic_img_sources, o.dynamic_img_sources_generation),
          public_writes(o.public_writes),
          public_lookups(o.public_lookups),
          registry({o.connections_per_address, o.uploads_per_address, o.uploads_total}, [this] {
              if (stopping) asio::post(ioc, [this] { grace_timer.cancel(); });
          }) {}

    ServerOptions options;
    ServerDeps deps;
    asio::io_context ioc;
    // Two lanes of blocking work: GET and HEAD handlers (reads) run on `readers`, the others on
    // `workers`. Writers wait for the database's single writer on their threads; in one lane,
    // every read queued behind them would wait too (health took 300 ms under 48 writers).
    asio::thread_pool workers;
    asio::thread_pool readers;
    tcp::acceptor acceptor;
    asio::signal_set signals;
    asio::steady_timer grace_timer;
    std::atomic<bool> stopping{false};
    CspCache csp;
    RateLimiter public_writes;
    RateLimiter public_lookups;
    std::string upload_dir;  // Where upload bodies are streamed (ServerOptions::upload_dir).
    ConnectionRegistry registry;

    void BeginShutdown() {
        if (stopping.exchange(true)) return;
        log::Info("shutting down", {{"grace_seconds", options.shutdown_grace.count()}});
        beast::error_code ec;
        acceptor.close(ec);
        signals.cancel(ec);
        std::vector<std::shared_ptr<ConnectionHandle>> live = registry.Live();
        for (auto& handle : live) {
            asio::post(handle->executor, [handle] {
                if (handle->stop) handle->stop();
            });
        }
        if (live.empty()) return;
        grace_timer.expires_after(options.shutdown_grace);
        grace_timer.async_wait([this](beast::error_code wait_error) {
            if (wait_error) return;  // Cancelled: every connection finished in time.
            log::Warn("shutdown grace period over; closing remaining connections");
            ioc.stop();
        });
    }

    asio::awaitable<void> Listen() {
        for (;;) {
            beast::error_code ec;
            asio::any_io_executor strand = asio::make_strand(ioc);
            tcp::socket socket = co_await acceptor.async_accept(
                strand, asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                if (stopping || ec == asio::error::operation_aborted) co_return;
                log::Warn("accept failed", {{"error", ec.message()}});
                // Out of descriptors and the like: give the system a moment instead of spinning.
                asio::steady_timer pause(ioc, std::chrono::milliseconds(100));
                co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
                continue;
            }
            asio::co_spawn(strand, Session(std::move(socket)), [](std::exception_ptr e) {
                if (!e) return;
                try {
                    std::rethrow_exception(e);
                } catch (const std::exception& ex) {
                    log::Error("connection failed", {{"error", ex.what()}});
                }
            });
        }
    }

    // Calls a handler, turning errors and exceptions into problem documents.
    static Response Invoke(const Handler& handler, Request& request, std::string& error_detail) {
        try {
            auto result = handler(request);
            if (result) return std::move(*result);
            error_detail =
                result.error().detail.empty() ? result.error().message : result.error().detail;
            return Problem(result.error(), request.request_id);
        } catch (const std::exception& e) {
            error_detail = std::string("exception: ") + e.what();
        } catch (...) {
            error_detail = "unknown exception";
        }
        return Problem(Error{ErrorCode::kInternal, "", "", "", 0}, request.request_id);
    }

    // Runs `fn` (which must not throw) on `pool` and resumes the caller on its own executor as
    // soon as `fn` returns. co_spawn would first queue the completion on the pool again, behind
    // every pending job: 32 logins then all answer after the last one's hashing.
    template <typename T, typename F>
    asio::awaitable<T> OnPool(asio::thread_pool& pool, F fn) {
        co_return co_await asio::async_initiate<const asio::use_awaitable_t<>, void(T)>(
            [&pool, &fn](auto handler) {
                auto work = asio::prefer(asio::get_associated_executor(handler),
                                         asio::execution::outstanding_work.tracked);
                asio::post(pool,
                           [&fn, handler = std::move(handler), work = std::move(work)]() mutable {
                               T result = fn();
                               asio::dispatch(work, [handler = std::move(handler),
                                                     result = std::move(result)]() mutable {
                                   std::move(handler)(std::move(result));
                               });
                           });
            },
            asio::use_awaitable);
    }

    // The refusal of a request over its route's per-address rate, if it is.
    std::optional<Error> CheckRate(RateClass rate, const Request& request) {
        RateLimiter* limiter = rate == RateClass::kPublicWrite    ? &public_writes
                               : rate == RateClass::kPublicLookup ? &public_lookups
                                                                  : nullptr;
        if (limiter == nullptr) return std::nullopt;
        if (auto wait = limiter->TryTake(AddressKey(request.remote_ip)))
            return TooManyRequests(*wait);
        return std::nullopt;
    }

    // Answers `request`, whose route is `match` (its rate already checked, before its body was
    // read).
    asio::awaitable<Response> Dispatch(Request& request, Router::Match& match,
                                       std::string& route_label, std::string& error_detail) {
        if (match.outcome == Router::Outcome::kFound) {
            route_label = match.route->pattern;
            for (auto& [name, value] : match.params) request.path_params.emplace(name, value);
            const Handler& handler = match.route->handler;
            if (!match.route->options.blocking) co_return Invoke(handler, request, error_detail);
            const bool read = request.method == Method::kGet || request.method == Method::kHead;
            co_return co_await OnPool<Response>(
                read ? readers : workers, [&] { return Invoke(handler, request, error_detail); });
        }
        if (match.outcome == Router::Outcome::kMethodNotAllowed) {
            route_label = "(method not allowed)";
            Response r = Problem(MethodNotAllowedError(), request.request_id, 405);
            r.Set("Allow", match.allow);
            co_return r;
        }
        const bool is_api = request.path.starts_with("/api/");
        if (!is_api && deps.static_files &&
            (request.method == Method::kGet || request.method == Method::kHead)) {
            route_label = "(static)";
            // The raw target: StaticFiles decodes it itself, to refuse encoded separators.
            if (auto file =
                    deps.static_files->Serve(request.target, request.Header("if-none-match"))) {
                co_return std::move(*file);
            }
            if (auto page = deps.static_files->NotFoundPage()) co_return std::move(*page);
        }
        route_label = "(unmatched)";
        co_return Problem(NotFoundError(), request.request_id);
    }

    asio::awaitable<void> WriteAndLog(beast::tcp_stream& stream, Request& request,
                                      Response response, unsigned version, bool keep_alive,
                                      const std::string& route, const std::string& error_detail,
                                      std::chrono::steady_clock::time_point started) {
        AddStandardHeaders(response, request.request_id, *csp.Current(), request.secure);
        const int status = response.status;
        const std::size_t bytes = response.body.size();
        auto res =
            ToBeast(std::move(response), version, keep_alive, request.method == Method::kHead);
        beast::error_code ec;
        stream.expires_after(options.request_timeout);
        co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        deps.metrics.Observe(MethodName(request.method), route, status, seconds);
        boost::json::object fields{{"request_id", request.request_id},
                                   {"method", MethodName(request.method)},
                                   {"path", request.path},
                                   {"route", route},
                                   {"status", status},
                                   {"duration_ms", seconds * 1000.0},
                                   {"bytes", bytes},
                                   {"ip", request.remote_ip}};
        if (!error_detail.empty()) fields["error"] = error_detail;
        if (ec) fields["write_error"] = ec.message();
        if (status >= 500) {
            log::Error("request", std::move(fields));
        } else {
            log::Info("request", std::move(fields));
        }
    }

    // Answers once and closes: after a protocol error or a refused body, the rest of the
    // stream cannot be trusted to start a request.
    asio::awaitable<void> RefuseAndClose(beast::tcp_stream& stream, Request& request,
                                         Response response, unsigned version,
                                         const std::string& detail,
                                         std::chrono::steady_clock::time_point started) {
        co_await WriteAndLog(stream, request, std::move(response), version, false,
                             "(protocol error)", detail, started);
        co_await LingeringClose(stream);
    }

    asio::awaitable<void> Session(tcp::socket socket) {
        std::string peer;
        {
            beast::error_code ec;
            auto endpoint = socket.remote_endpoint(ec);
            if (!ec) peer = endpoint.address().to_string();
        }
        auto registration = registry.Register(
            socket.get_executor(),
            IsTrusted(options.trusted_proxies, peer) ? std::string() : AddressKey(peer));
        if (!registration) {
            // Over connections_per_address: closed at once, before anything is read.
            beast::error_code ec;
            socket.close(ec);
            co_return;
        }
        beast::tcp_stream stream(std::move(socket));
        beast::flat_buffer buffer;
        bool idle = true;
        registration->handle()->stop = [&stream, &idle] {
            if (idle) stream.cancel();
        };
        // Destroyed first (declared last): clears `stop` before the stream goes away.
        struct StopGuard {
            std::shared_ptr<ConnectionHandle> handle;
            ~StopGuard() { handle->stop = nullptr; }
        } stop_guard{registration->handle()};

        for (;;) {
            bhttp::request_parser<bhttp::empty_body> header_parser;
            header_parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
            // Beast compares Content-Length with the body limit when the header ends, before the
            // route is known: the larger limit holds until then, the route's is applied below.
            header_parser.body_limit(std::max(options.max_body_bytes, options.max_upload_bytes));
            idle = true;
            if (stopping) break;
            stream.expires_after(options.request_timeout);
            beast::error_code ec =
                co_await ReadHeader(stream, buffer, header_parser, options.max_header_bytes);
            idle = false;
            auto started = std::chrono::steady_clock::now();
            Request unparsed;
            unparsed.request_id = NewId();
            unparsed.remote_ip = peer;
            unparsed.path = "(unparsed)";
            if (ec) {
                if (IsDisconnect(ec)) break;
                co_await RefuseAndClose(
                    stream, unparsed,
                    ProtocolError(ec, options.max_body_bytes, unparsed.request_id), 11,
                    ec.message(), started);
                co_return;
            }

            const unsigned version = header_parser.get().version();
            bool keep_alive = header_parser.get().keep_alive() && !stopping;
            auto converted = Convert(header_parser.get(), peer, options.trusted_proxies);
            if (!converted) {
                unparsed.path = "(invalid)";
                co_await RefuseAndClose(stream, unparsed,
                                        Problem(converted.error(), unparsed.request_id), version,
                                        converted.error().detail, started);
                co_return;
            }
            Request& request = *converted;
            Router::Match match = deps.router.Find(request.method, request.path);

            // A request over its route's per-address rate is refused before its body is read,
            // so that a flood of large bodies costs the server no reading nor buffering; the
            // connection closes when a body was announced, since its bytes stay unread.
            if (match.outcome == Router::Outcome::kFound) {
                if (auto refused = CheckRate(match.route->options.rate, request)) {
                    Response response = Problem(*refused, request.request_id);
                    if (!header_parser.is_done()) {
                        co_await RefuseAndClose(stream, request, std::move(response), version,
                                                refused->detail, started);
                        co_return;
                    }
                    co_await WriteAndLog(stream, request, std::move(response), version, keep_alive,
                                         match.route->pattern, refused->detail, started);
                    if (!keep_alive) break;
                    continue;
                }
            }

            // The body: in memory up to max_body_bytes; a larger (or chunked) one on an upload
            // route goes to a temporary file, within an upload slot held until the response.
            std::optional<ConnectionRegistry::UploadSlot> upload_slot;
            std::optional<BeastRequest> beast_request;
            const auto length = header_parser.content_length();
            const bool to_file =
                !header_parser.is_done() && (!length || *length > options.max_body_bytes) &&
                match.outcome == Router::Outcome::kFound && match.route->options.upload;
            const std::size_t body_limit =
                to_file ? options.max_upload_bytes : options.max_body_bytes;
            if (length && *length > body_limit) {
                ec = bhttp::error::body_limit;
            } else if (to_file) {
                auto slot = registry.TakeUploadSlot(AddressKey(request.remote_ip));
                if (!slot) {
                    co_await RefuseAndClose(stream, request,
                                            Problem(slot.error(), request.request_id), version,
                                            slot.error().detail, started);
                    co_return;
                }
                upload_slot.emplace(std::move(*slot));
                ec = co_await ReadBodyToFile(stream, buffer, std::move(header_parser), request,
                                             upload_dir, options.max_upload_bytes,
                                             options.upload_timeout);
            } else {
                bhttp::request_parser<bhttp::string_body> parser(std::move(header_parser));
                parser.body_limit(options.max_body_bytes);
                if (!parser.is_done()) {
                    co_await bhttp::async_read(stream, buffer, parser,
                                               asio::redirect_error(asio::use_awaitable, ec));
                }
                if (!ec) {
                    beast_request.emplace(parser.release());
                    request.body = std::move(beast_request->body());
                }
            }
            started = std::chrono::steady_clock::now();
            if (ec) {
                if (IsDisconnect(ec)) break;
                co_await RefuseAndClose(stream, request,
                                        ProtocolError(ec, body_limit, request.request_id), version,
                                        ec.message(), started);
                co_return;
            }

            if (request.path == kWebSocketPath && beast_request &&
                websocket::is_upgrade(*beast_request)) {
                Result<WsPeer> ws_peer =
                    Fail(ErrorCode::kNotFound, "Aucune ressource ne correspond à cette adresse.");
                if (!SameOrigin(request)) {
                    ws_peer = Fail(ErrorCode::kPermissionDenied, "Origine de la connexion refusée.",
                                   "cross-origin websocket", "forbidden");
                } else if (deps.ws_authorize) {
                    ws_peer = co_await OnPool<Result<WsPeer>>(readers, [&]() -> Result<WsPeer> {
                        try {
                            return deps.ws_authorize(request);
                        } catch (const std::exception& e) {
                            return Fail(ErrorCode::kInternal, "", e.what());
                        }
                    });
                }
                if (!ws_peer) {
                    co_await WriteAndLog(
                        stream, request, Problem(ws_peer.error(), request.request_id), version,
                        false, std::string(kWebSocketPath), ws_peer.error().detail, started);
                    break;
                }
                log::Info("websocket", {{"request_id", request.request_id},
                                        {"ip", request.remote_ip},
                                        {"tenant_id", ws_peer->tenant_id}});
                auto session = std::make_shared<WsSession>(std::move(stream), std::move(*ws_peer));
                registration->handle()->stop = [session] { session->Stop(); };
                co_await session->Run(std::move(*beast_request), deps.hub);
                co_return;
            }

            std::string route, error_detail;
            Response response = co_await Dispatch(request, match, route, error_detail);
            keep_alive = keep_alive && !stopping;
            co_await WriteAndLog(stream, request, std::move(response), version, keep_alive, route,
                                 error_detail, started);
            if (!keep_alive) break;
        }
        beast::error_code ec;
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::Create(const ServerOptions& options, ServerDeps deps) {
    auto impl = std::make_unique<Impl>(options, std::move(deps));
    RaiseDescriptorLimit();
    {
        std::error_code fs_error;
        impl->upload_dir = options.upload_dir.empty()
                               ? std::filesystem::temp_directory_path(fs_error).string()
                               : options.upload_dir;
        std::filesystem::create_directories(impl->upload_dir, fs_error);
        if (fs_error) {
            return Fail(ErrorCode::kFailedPrecondition,
                        "Impossible de créer le dossier des envois « " + impl->upload_dir + " ».",
                        fs_error.message());
        }
    }
    beast::error_code ec;
    auto address = asio::ip::make_address(options.bind, ec);
    if (ec) {
        return Fail(ErrorCode::kInvalidArgument,
                    "L'adresse d'écoute « " + options.bind + " » n'est pas valide.", ec.message());
    }
    tcp::endpoint endpoint(address, static_cast<unsigned short>(options.port));
    impl->acceptor.open(endpoint.protocol(), ec);
    if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) impl->acceptor.bind(endpoint, ec);
    if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        std::string where = options.bind + ":" + std::to_string(options.port);
        std::string message =
            ec == asio::error::address_in_use
                ? "Le port " + std::to_string(options.port) +
                      " est déjà utilisé par un autre programme. Arrêtez-le ou choisissez un autre "
                      "port avec --port."
            : ec == asio::error::access_denied
                ? "Accès refusé au port " + std::to_string(options.port) +
                      " : choisissez un port supérieur à 1024 avec --port."
                : "Impossible d'écouter sur " + where + " : " + ec.message() + ".";
        return Fail(ErrorCode::kUnavailable, message, "listen " + where + ": " + ec.message());
    }
    return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::Run() {
    Impl& impl = *impl_;
    asio::co_spawn(impl.ioc, impl.Listen(), asio::detached);
    impl.signals.async_wait([&impl](beast::error_code ec, int) {
        if (!ec) impl.BeginShutdown();
    });
    std::vector<std::thread> threads;
    for (int i = 1; i < impl.options.io_threads; ++i)
        threads.emplace_back([&impl] { impl.ioc.run(); });
    impl.ioc.run();
    for (auto& t : threads) t.join();
    impl.workers.join();
    impl.readers.join();
    log::Info("stopped");
}

void Server::Stop() {
    asio::post(impl_->ioc, [impl = impl_.get()] { impl->BeginShutdown(); });
}

}  // namespace guichet::http
