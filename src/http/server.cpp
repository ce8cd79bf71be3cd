// The only translation unit of the http module that includes Beast and Asio.
#include "http/server.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <deque>
#include <thread>
#include <unordered_map>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/object.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "http/error_mapping.hpp"

namespace guichet::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;

constexpr std::string_view kWebSocketPath = "/api/v1/ws";
constexpr std::size_t kMaxQueuedWsMessages = 1024;

// Security headers on every response. The CSP allows only this origin: the front end has no
// inline script or style, and connects only to its own API and WebSocket.
void AddStandardHeaders(Response& r, const std::string& request_id) {
    r.Set("X-Request-Id", request_id);
    r.Set("X-Content-Type-Options", "nosniff");
    r.Set("Referrer-Policy", "strict-origin-when-cross-origin");
    r.Set("X-Frame-Options", "DENY");
    r.Set("Cross-Origin-Opener-Policy", "same-origin");
    r.Set("Content-Security-Policy",
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
          "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
          "form-action 'self'; frame-ancestors 'none'");
    r.Set("Permissions-Policy", "geolocation=(), payment=(), usb=()");
    if (r.Get("Cache-Control").empty()) r.Set("Cache-Control", "no-store");
}

bool IsAcceptableRequestId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    return std::all_of(id.begin(), id.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '_' || c == '.';
    });
}

// "512 Kio", "25 Mio": a limit as people read it.
std::string SizeInFrench(std::size_t bytes) {
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " Mio";
    return std::to_string(bytes / 1024) + " Kio";
}

Result<Request> Convert(const BeastRequest& req, const std::string& remote_ip) {
    Request out;
    out.method =
        ParseMethod(std::string_view(req.method_string().data(), req.method_string().size()));
    out.target = std::string(req.target());
    out.remote_ip = remote_ip;
    for (const auto& field : req) {
        std::string name =
            AsciiLower(std::string_view(field.name_string().data(), field.name_string().size()));
        std::string value(field.value());
        auto [it, inserted] = out.headers.emplace(name, value);
        if (!inserted) it->second += ", " + value;
    }
    std::string given_id = out.Header("x-request-id");
    out.request_id = IsAcceptableRequestId(given_id) ? given_id : NewId();
    auto parsed = boost::urls::parse_origin_form(out.target);
    if (!parsed) {
        return Fail(ErrorCode::kInvalidArgument, "L'adresse demandée n'est pas valide.",
                    "bad request target", "invalid-target");
    }
    out.path = parsed->path();
    for (auto param : parsed->params()) out.query.emplace(param.key, param.value);
    out.body = req.body();
    return out;
}

BeastResponse ToBeast(Response&& r, unsigned version, bool keep_alive, bool head) {
    BeastResponse res{static_cast<bhttp::status>(r.status), version};
    for (auto& [name, value] : r.headers) res.insert(name, value);
    if (head) {
        res.content_length(r.body.size());
    } else {
        res.body() = std::move(r.body);
        res.prepare_payload();
    }
    res.keep_alive(keep_alive);
    return res;
}

// The Origin of a browser's WebSocket must be this server (cross-site WebSocket hijacking).
bool SameOrigin(const Request& request) {
    std::string origin = request.Header("origin");
    if (origin.empty()) return true;  // Not a browser.
    auto scheme_end = origin.find("://");
    if (scheme_end == std::string::npos) return false;
    return AsciiLower(origin.substr(scheme_end + 3)) == AsciiLower(request.Header("host"));
}

struct ConnectionHandle {
    asio::any_io_executor executor;
    std::function<void()> stop;  // Set and run only on `executor` (the connection's strand).
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// A WebSocket session: shared by its read loop and its write loop; joins the hub.
class WsSession final : public WsClient, public std::enable_shared_from_this<WsSession> {
  public:
    WsSession(beast::tcp_stream&& stream, WsPeer peer)
        : ws_(std::move(stream)), peer_(std::move(peer)) {}

    const std::string& tenant_id() const override { return peer_.tenant_id; }
    bool MaySee(std::string_view permission) const override {
        return peer_.may_see && peer_.may_see(permission);
    }

    void Send(std::shared_ptr<const std::string> text) override {
        asio::post(ws_.get_executor(),
                   [self = shared_from_this(), text = std::move(text)] { self->Enqueue(text); });
    }

    // Runs on the connection's strand.
    void Stop() {
        closed_ = true;
        beast::error_code ec;
        beast::get_lowest_layer(ws_).socket().cancel(ec);
    }

    asio::awaitable<void> Run(BeastRequest request, WsHub& hub) {
        auto self = shared_from_this();
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& res) { res.set(bhttp::field::server, "guichet"); }));
        ws_.read_message_max(64 * 1024);
        beast::error_code ec;
        beast::get_lowest_layer(ws_).expires_never();
        co_await ws_.async_accept(request, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
        ws_.text(true);
        hub.Join(self);
        if (peer_.on_open) {
            peer_.on_open([this](std::string text) {
                Enqueue(std::make_shared<const std::string>(std::move(text)));
            });
        }
        beast::flat_buffer buffer;
        while (!closed_) {
            co_await ws_.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
            if (ec) break;
            // Clients only ping for now; every other message is ignored.
            std::string text = beast::buffers_to_string(buffer.data());
            buffer.consume(buffer.size());
            if (text.find("\"ping\"") != std::string::npos) {
                Send(std::make_shared<const std::string>(WsHub::Envelope("pong", NewId(), "{}")));
            }
        }
        closed_ = true;
        hub.Leave(this);
        if (peer_.on_close) peer_.on_close();
    }

  private:
    // Strand only: queues a message and starts the writer if it is idle.
    void Enqueue(std::shared_ptr<const std::string> text) {
        if (closed_) return;
        if (queue_.size() >= kMaxQueuedWsMessages) {
            // A client this far behind is gone or hostile: drop it; it will reconnect.
            Stop();
            return;
        }
        queue_.push_back(std::move(text));
        if (!writing_) {
            writing_ = true;
            asio::co_spawn(ws_.get_executor(), WriteLoop(), asio::detached);
        }
    }

    asio::awaitable<void> WriteLoop() {
        auto self = shared_from_this();
        while (!queue_.empty() && !closed_) {
            auto message = queue_.front();
            beast::error_code ec;
            co_await ws_.async_write(asio::buffer(*message),
                                     asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                closed_ = true;
                break;
            }
            queue_.pop_front();
        }
        queue_.clear();
        writing_ = false;
    }

    websocket::stream<beast::tcp_stream> ws_;
    WsPeer peer_;
    std::deque<std::shared_ptr<const std::string>> queue_;  // Strand only.
    bool writing_ = false;                                  // Strand only.
    bool closed_ = false;                                   // Strand only.
};

// ---------------------------------------------------------------------------------------------
struct Server::Impl {
    Impl(const ServerOptions& o, ServerDeps d)
        : options(o),
          deps(std::move(d)),
          ioc(std::max(1, o.io_threads)),
          workers(static_cast<std::size_t>(std::max(1, o.worker_threads))),
          acceptor(ioc),
          signals(ioc, SIGINT, SIGTERM),
          grace_timer(ioc) {}

    ServerOptions options;
    ServerDeps deps;
    asio::io_context ioc;
    asio::thread_pool workers;
    tcp::acceptor acceptor;
    asio::signal_set signals;
    asio::steady_timer grace_timer;
    std::atomic<bool> stopping{false};

    std::mutex connections_mutex;
    std::unordered_map<uint64_t, std::weak_ptr<ConnectionHandle>> connections;
    uint64_t next_connection = 0;

    // Keeps the registry in step with a connection coroutine; destroyed before its stream.
    struct Registration {
        Impl* impl;
        uint64_t id;
        std::shared_ptr<ConnectionHandle> handle;
        ~Registration() {
            handle->stop = nullptr;
            impl->Unregister(id);
        }
    };

    Registration Register(asio::any_io_executor executor) {
        auto handle = std::make_shared<ConnectionHandle>(ConnectionHandle{executor, nullptr});
        std::lock_guard lock(connections_mutex);
        uint64_t id = next_connection++;
        connections.emplace(id, handle);
        return Registration{this, id, handle};
    }

    void Unregister(uint64_t id) {
        bool last = false;
        {
            std::lock_guard lock(connections_mutex);
            connections.erase(id);
            last = connections.empty();
        }
        if (last && stopping) asio::post(ioc, [this] { grace_timer.cancel(); });
    }

    void BeginShutdown() {
        if (stopping.exchange(true)) return;
        log::Info("shutting down", {{"grace_seconds", options.shutdown_grace.count()}});
        beast::error_code ec;
        acceptor.close(ec);
        signals.cancel(ec);
        std::vector<std::shared_ptr<ConnectionHandle>> live;
        {
            std::lock_guard lock(connections_mutex);
            for (auto& [id, weak] : connections)
                if (auto h = weak.lock()) live.push_back(std::move(h));
        }
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

    // Whether the request whose header was read goes to a route that takes files.
    bool IsUploadRoute(const BeastRequest& header) const {
        auto parsed = boost::urls::parse_origin_form(header.target());
        if (!parsed) return false;
        const std::string_view method(header.method_string().data(), header.method_string().size());
        auto match = deps.router.Find(ParseMethod(method), parsed->path());
        return match.outcome == Router::Outcome::kFound && match.route->options.upload;
    }

    asio::awaitable<Response> Dispatch(Request& request, std::string& route_label,
                                       std::string& error_detail) {
        auto match = deps.router.Find(request.method, request.path);
        if (match.outcome == Router::Outcome::kFound) {
            route_label = match.route->pattern;
            for (auto& [name, value] : match.params) request.path_params.emplace(name, value);
            const Handler& handler = match.route->handler;
            if (!match.route->options.blocking) co_return Invoke(handler, request, error_detail);
            co_return co_await asio::co_spawn(
                workers.get_executor(),
                [&]() -> asio::awaitable<Response> {
                    co_return Invoke(handler, request, error_detail);
                },
                asio::use_awaitable);
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
            if (auto file =
                    deps.static_files->Serve(request.path, request.Header("if-none-match"))) {
                co_return std::move(*file);
            }
            if (auto page = deps.static_files->NotFoundPage()) co_return std::move(*page);
        }
        route_label = "(unmatched)";
        co_return Problem(NotFoundError(), request.request_id);
    }

    // Reads what the client still sends (up to a limit, briefly) before closing, so that it sees
    // our error response instead of a connection reset.
    asio::awaitable<void> LingeringClose(beast::tcp_stream& stream) {
        beast::error_code ec;
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        std::array<char, 16384> sink;
        std::size_t drained = 0;
        stream.expires_after(std::chrono::seconds(2));
        while (drained < (8u << 20)) {
            std::size_t n = co_await stream.async_read_some(
                asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
            if (ec) break;
            drained += n;
        }
        stream.socket().close(ec);
    }

    asio::awaitable<void> WriteAndLog(beast::tcp_stream& stream, Request& request,
                                      Response response, unsigned version, bool keep_alive,
                                      const std::string& route, const std::string& error_detail,
                                      std::chrono::steady_clock::time_point started) {
        AddStandardHeaders(response, request.request_id);
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

    asio::awaitable<void> Session(tcp::socket socket) {
        std::string remote_ip;
        {
            beast::error_code ec;
            auto endpoint = socket.remote_endpoint(ec);
            if (!ec) remote_ip = endpoint.address().to_string();
        }
        Registration registration = Register(socket.get_executor());
        beast::tcp_stream stream(std::move(socket));
        beast::flat_buffer buffer;
        bool idle = true;
        registration.handle->stop = [&stream, &idle] {
            if (idle) stream.cancel();
        };
        // Destroyed first (declared last): clears `stop` before the stream goes away.
        struct StopGuard {
            std::shared_ptr<ConnectionHandle> handle;
            ~StopGuard() { handle->stop = nullptr; }
        } stop_guard{registration.handle};

        for (;;) {
            bhttp::request_parser<bhttp::string_body> parser;
            parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
            // The header reader already compares Content-Length with the limit, before the route
            // is known: the larger limit holds until then, and the route's is applied below.
            parser.body_limit(std::max(options.max_body_bytes, options.max_upload_bytes));
            idle = true;
            if (stopping) break;
            stream.expires_after(options.request_timeout);
            beast::error_code ec;
            co_await bhttp::async_read_header(stream, buffer, parser,
                                              asio::redirect_error(asio::use_awaitable, ec));
            idle = false;
            // The route is looked up here only for a body that may exceed the small limit (a
            // chunked one, or a larger Content-Length); Dispatch finds it for the others.
            const bool body_follows = (!ec || ec == bhttp::error::body_limit) &&
                                      parser.is_header_done() && !parser.is_done();
            const bool upload =
                body_follows &&
                (!parser.content_length() || *parser.content_length() > options.max_body_bytes) &&
                IsUploadRoute(parser.get());
            const std::size_t body_limit =
                upload ? options.max_upload_bytes : options.max_body_bytes;
            if (!ec && !parser.is_done()) {
                parser.body_limit(body_limit);
                if (upload) stream.expires_after(options.upload_timeout);
                if (parser.content_length() && *parser.content_length() > body_limit)
                    ec = bhttp::error::body_limit;
                else
                    co_await bhttp::async_read(stream, buffer, parser,
                                               asio::redirect_error(asio::use_awaitable, ec));
            }
            const auto started = std::chrono::steady_clock::now();
            if (ec) {
                if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
                    ec == beast::error::timeout || ec == asio::error::connection_reset ||
                    ec == asio::error::eof || ec == asio::error::broken_pipe) {
                    break;
                }
                // A protocol error: answer once, then close.
                Request request;
                request.request_id = NewId();
                request.remote_ip = remote_ip;
                request.path = "(unparsed)";
                Response response;
                if (ec == bhttp::error::body_limit) {
                    response = Problem(Error{ErrorCode::kPayloadTooLarge,
                                             "Le contenu envoyé dépasse la taille autorisée (" +
                                                 SizeInFrench(body_limit) + ").",
                                             "", "payload-too-large", 0},
                                       request.request_id);
                } else if (ec == bhttp::error::header_limit) {
                    response = Problem(Error{ErrorCode::kInvalidArgument,
                                             "Les en-têtes de la requête sont trop volumineux.", "",
                                             "headers-too-large", 0},
                                       request.request_id, 431);
                } else {
                    response =
                        Problem(Error{ErrorCode::kInvalidArgument,
                                      "La requête HTTP est mal formée.", "", "bad-request", 0},
                                request.request_id);
                }
                co_await WriteAndLog(stream, request, std::move(response), 11, false,
                                     "(protocol error)", ec.message(), started);
                co_await LingeringClose(stream);
                co_return;
            }

            BeastRequest beast_request = parser.release();
            const unsigned version = beast_request.version();
            bool keep_alive = beast_request.keep_alive() && !stopping;
            auto converted = Convert(beast_request, remote_ip);
            if (!converted) {
                Request request;
                request.request_id = NewId();
                request.remote_ip = remote_ip;
                request.path = "(invalid)";
                co_await WriteAndLog(stream, request,
                                     Problem(converted.error(), request.request_id), version, false,
                                     "(protocol error)", converted.error().detail, started);
                break;
            }
            Request& request = *converted;

            if (request.path == kWebSocketPath && websocket::is_upgrade(beast_request)) {
                Result<WsPeer> peer =
                    Fail(ErrorCode::kNotFound, "Aucune ressource ne correspond à cette adresse.");
                if (!SameOrigin(request)) {
                    peer = Fail(ErrorCode::kPermissionDenied, "Origine de la connexion refusée.",
                                "cross-origin websocket", "forbidden");
                } else if (deps.ws_authorize) {
                    peer = co_await asio::co_spawn(
                        workers.get_executor(),
                        [&]() -> asio::awaitable<Result<WsPeer>> {
                            co_return deps.ws_authorize(request);
                        },
                        asio::use_awaitable);
                }
                if (!peer) {
                    co_await WriteAndLog(stream, request, Problem(peer.error(), request.request_id),
                                         version, false, std::string(kWebSocketPath),
                                         peer.error().detail, started);
                    break;
                }
                log::Info("websocket", {{"request_id", request.request_id},
                                        {"ip", remote_ip},
                                        {"tenant_id", peer->tenant_id}});
                auto session = std::make_shared<WsSession>(std::move(stream), std::move(*peer));
                registration.handle->stop = [session] { session->Stop(); };
                co_await session->Run(std::move(beast_request), deps.hub);
                co_return;
            }

            std::string route, error_detail;
            Response response = co_await Dispatch(request, route, error_detail);
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
    log::Info("stopped");
}

void Server::Stop() {
    asio::post(impl_->ioc, [impl = impl_.get()] { impl->BeginShutdown(); });
}

}  // namespace guichet::http
