// The only translation unit of the http module that includes Beast and Asio.
#include "http/server.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <thread>
#include <unordered_map>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/object.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "http/error_mapping.hpp"
#include "http/ws_session.hpp"

namespace guichet::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastHeader = bhttp::request_header<>;
using BeastResponse = bhttp::response<bhttp::string_body>;

constexpr std::string_view kWebSocketPath = "/api/v1/ws";

// The Content-Security-Policy: only this origin (the front end has no inline script or style, and
// connects only to its own API and WebSocket), images also from the origins given (map tiles).
std::string ContentSecurityPolicy(const std::vector<std::string>& img_sources) {
    std::string img = "'self' data:";
    for (const auto& origin : img_sources) img += " " + origin;
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + img +
           "; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
           "form-action 'self'; frame-ancestors 'none'";
}

// Security headers on every response; HSTS when the request came over TLS.
void AddStandardHeaders(Response& r, const std::string& request_id, const std::string& csp,
                        bool secure) {
    r.Set("X-Request-Id", request_id);
    r.Set("X-Content-Type-Options", "nosniff");
    r.Set("Referrer-Policy", "strict-origin-when-cross-origin");
    r.Set("X-Frame-Options", "DENY");
    r.Set("Cross-Origin-Opener-Policy", "same-origin");
    r.Set("Content-Security-Policy", csp);
    if (secure) r.Set("Strict-Transport-Security", "max-age=31536000");
    // Geolocation for this origin only: the portal's « Me localiser » asks the browser.
    r.Set("Permissions-Policy", "geolocation=(self), payment=(), usb=()");
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

// Whether `address` is one of the trusted proxies.
bool IsTrusted(const std::vector<std::string>& proxies, std::string_view address) {
    return std::find(proxies.begin(), proxies.end(), address) != proxies.end();
}

// The last element of a comma-separated header value that is not a trusted proxy: the address
// the nearest untrusted hop connected from. Elements that are not IP addresses end the walk.
std::string ForwardedClient(std::string_view forwarded_for,
                            const std::vector<std::string>& proxies) {
    std::string client;
    while (!forwarded_for.empty()) {
        std::size_t comma = forwarded_for.rfind(',');
        std::string_view item =
            comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
        forwarded_for =
            comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
        std::string address(TrimBlanks(item));
        beast::error_code ec;
        asio::ip::make_address(address, ec);
        if (ec) break;
        client = address;
        if (!IsTrusted(proxies, address)) break;
    }
    return client;
}

// The request as handlers see it. `peer` is the socket's remote address; the client address and
// the scheme come from a trusted proxy's X-Forwarded-For / X-Forwarded-Proto when `peer` is one.
Result<Request> Convert(const BeastHeader& req, const std::string& peer,
                        const std::vector<std::string>& trusted_proxies) {
    // RFC 9112 §3.2: exactly one Host in HTTP/1.1 (and never two).
    const std::size_t hosts = req.count(bhttp::field::host);
    if (hosts > 1 || (hosts == 0 && req.version() >= 11)) {
        return Fail(ErrorCode::kInvalidArgument,
                    "La requête doit comporter un et un seul en-tête Host.",
                    "missing or repeated Host", "bad-request");
    }
    Request out;
    out.method =
        ParseMethod(std::string_view(req.method_string().data(), req.method_string().size()));
    out.target = std::string(req.target());
    out.remote_ip = peer;
    for (const auto& field : req) {
        std::string name =
            AsciiLower(std::string_view(field.name_string().data(), field.name_string().size()));
        std::string value(field.value());
        auto [it, inserted] = out.headers.emplace(name, value);
        if (!inserted) it->second += ", " + value;
    }
    if (IsTrusted(trusted_proxies, peer)) {
        std::string client = ForwardedClient(out.Header("x-forwarded-for"), trusted_proxies);
        if (!client.empty()) out.remote_ip = client;
        std::string proto = out.Header("x-forwarded-proto");
        std::size_t comma = proto.rfind(',');
        if (comma != std::string::npos) proto = proto.substr(comma + 1);
        out.secure = AsciiLower(TrimBlanks(proto)) == "https";
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

// An upload body in an unlinked temporary file, mapped read-only (see MappedBody).
class FileMapping final : public MappedBody {
  public:
    // Maps `size` bytes of the open file `fd` (which the mapping does not own).
    static std::shared_ptr<const FileMapping> Map(int fd, std::size_t size) {
        if (size == 0) return std::make_shared<FileMapping>(nullptr, 0);
        void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (data == MAP_FAILED) return nullptr;
        return std::make_shared<FileMapping>(data, size);
    }
    FileMapping(void* data, std::size_t size) : data_(data), size_(size) {}
    ~FileMapping() override {
        if (data_ != nullptr) ::munmap(data_, size_);
    }
    FileMapping(const FileMapping&) = delete;
    FileMapping& operator=(const FileMapping&) = delete;
    std::string_view View() const override { return {static_cast<const char*>(data_), size_}; }

  private:
    void* data_;
    std::size_t size_;
};

// Raises the soft limit on open descriptors to the hard one: each connection holds one, and the
// default soft limit (1,024) is far below what a busy morning needs.
void RaiseDescriptorLimit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) == 0)
        log::Info("descriptor limit raised", {{"limit", static_cast<int64_t>(limit.rlim_cur)}});
}

// Whether the header (the bytes before the blank line) folds a line (RFC 9112 §5.2: obs-fold):
// a line after the first that starts with a space or a tab.
bool HasObsoleteFold(std::string_view head) {
    return head.find("\r\n ") != std::string_view::npos ||
           head.find("\r\n\t") != std::string_view::npos;
}

Error TooManyRequests(int seconds) {
    return Error{ErrorCode::kResourceExhausted,
                 "Vous avez fait beaucoup de demandes en peu de temps. Merci de patienter " +
                     std::to_string(seconds) + " seconde" + (seconds > 1 ? "s" : "") +
                     " avant de réessayer.",
                 "rate limited", "too-many-requests", seconds};
}

struct ConnectionHandle {
    asio::any_io_executor executor;
    std::function<void()> stop;  // Set and run only on `executor` (the connection's strand).
};

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
          csp(ContentSecurityPolicy(o.img_sources)),
          public_writes(o.public_writes),
          public_lookups(o.public_lookups) {}

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
    const std::string csp;
    RateLimiter public_writes;
    RateLimiter public_lookups;
    std::string upload_dir;  // Where upload bodies are streamed (ServerOptions::upload_dir).

    std::mutex connections_mutex;
    std::unordered_map<uint64_t, std::weak_ptr<ConnectionHandle>> connections;
    uint64_t next_connection = 0;
    // Under connections_mutex: open connections and uploads being received, per address key
    // (AddressKey of the peer), and uploads in total.
    std::unordered_map<std::string, int> connections_per_address;
    std::unordered_map<std::string, int> uploads_per_address;
    int uploads_total = 0;

    // Keeps the registry in step with a connection coroutine; destroyed before its stream.
    struct Registration {
        Impl* impl;
        uint64_t id;
        std::string address;  // Empty: not counted (a trusted proxy).
        std::shared_ptr<ConnectionHandle> handle;
        ~Registration() {
            if (handle) handle->stop = nullptr;
            impl->Unregister(id, address);
        }
    };

    // Null when `address` already has connections_per_address connections open.
    std::optional<Registration> Register(asio::any_io_executor executor, const std::string& peer) {
        auto handle = std::make_shared<ConnectionHandle>(ConnectionHandle{executor, nullptr});
        std::string address =
            IsTrusted(options.trusted_proxies, peer) ? std::string() : AddressKey(peer);
        std::lock_guard lock(connections_mutex);
        if (!address.empty()) {
            int& open = connections_per_address[address];
            if (options.connections_per_address > 0 && open >= options.connections_per_address) {
                if (open == 0) connections_per_address.erase(address);
                return std::nullopt;
            }
            ++open;
        }
        uint64_t id = next_connection++;
        connections.emplace(id, handle);
        return std::optional<Registration>(std::in_place, this, id, std::move(address), handle);
    }

    void Unregister(uint64_t id, const std::string& address) {
        bool last = false;
        {
            std::lock_guard lock(connections_mutex);
            if (!connections.erase(id)) return;
            if (!address.empty() && --connections_per_address[address] <= 0)
                connections_per_address.erase(address);
            last = connections.empty();
        }
        if (last && stopping) asio::post(ioc, [this] { grace_timer.cancel(); });
    }

    // A slot for receiving one large upload body, released when destroyed.
    struct UploadSlot {
        Impl* impl = nullptr;
        std::string address;
        UploadSlot(Impl* i, std::string a) : impl(i), address(std::move(a)) {}
        UploadSlot(UploadSlot&& other) noexcept
            : impl(std::exchange(other.impl, nullptr)), address(std::move(other.address)) {}
        UploadSlot(const UploadSlot&) = delete;
        UploadSlot& operator=(const UploadSlot&) = delete;
        ~UploadSlot() {
            if (impl == nullptr) return;
            std::lock_guard lock(impl->connections_mutex);
            --impl->uploads_total;
            if (--impl->uploads_per_address[address] <= 0) impl->uploads_per_address.erase(address);
        }
    };

    // A slot for `address`, or the refusal: 429 when this address has uploads_per_address
    // uploads in progress, 503 when all clients together have uploads_total.
    Result<UploadSlot> TakeUploadSlot(const std::string& address) {
        std::lock_guard lock(connections_mutex);
        if (options.uploads_total > 0 && uploads_total >= options.uploads_total) {
            return Fail(Error{ErrorCode::kUnavailable,
                              "Beaucoup de fichiers sont en cours d'envoi. Merci de réessayer "
                              "dans un instant.",
                              "uploads_total reached", "busy", 10});
        }
        int& mine = uploads_per_address[address];
        if (options.uploads_per_address > 0 && mine >= options.uploads_per_address) {
            if (mine == 0) uploads_per_address.erase(address);
            return Fail(Error{ErrorCode::kResourceExhausted,
                              "Vous envoyez déjà plusieurs fichiers. Merci d'attendre la fin de "
                              "ces envois avant d'en commencer un autre.",
                              "uploads_per_address reached", "too-many-requests", 10});
        }
        ++mine;
        ++uploads_total;
        return UploadSlot(this, address);
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

    asio::awaitable<Response> Dispatch(Request& request, std::string& route_label,
                                       std::string& error_detail) {
        auto match = deps.router.Find(request.method, request.path);
        if (match.outcome == Router::Outcome::kFound) {
            route_label = match.route->pattern;
            for (auto& [name, value] : match.params) request.path_params.emplace(name, value);
            if (auto refused = CheckRate(match.route->options.rate, request)) {
                error_detail = refused->detail;
                co_return Problem(*refused, request.request_id);
            }
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
        if (options.dynamic_img_sources) {
            std::vector<std::string> sources = options.img_sources;
            for (auto& origin : options.dynamic_img_sources()) {
                if (std::find(sources.begin(), sources.end(), origin) == sources.end())
                    sources.push_back(std::move(origin));
            }
            AddStandardHeaders(response, request.request_id, ContentSecurityPolicy(sources),
                               request.secure);
        } else {
            AddStandardHeaders(response, request.request_id, csp, request.secure);
        }
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

    // Whether the request goes to a route that takes files.
    bool IsUploadRoute(const Request& request) const {
        auto match = deps.router.Find(request.method, request.path);
        return match.outcome == Router::Outcome::kFound && match.route->options.upload;
    }

    // Reads the next request's header into `parser`: its bytes first, up to the blank line, so
    // that obsolete line folding (which Beast would unfold silently) is refused (bad_value), then
    // parses them. The caller has set the stream's deadline.
    asio::awaitable<beast::error_code> ReadHeader(
        beast::tcp_stream& stream, beast::flat_buffer& buffer,
        bhttp::request_parser<bhttp::empty_body>& parser) {
        beast::error_code ec;
        std::size_t searched = 0;
        for (;;) {
            const std::string_view data(static_cast<const char*>(buffer.data().data()),
                                        buffer.size());
            const std::size_t end = data.find("\r\n\r\n", searched);
            if (end != std::string_view::npos) {
                if (HasObsoleteFold(data.substr(0, end + 2))) co_return bhttp::error::bad_value;
                break;
            }
            if (data.size() > options.max_header_bytes) co_return bhttp::error::header_limit;
            searched = data.size() < 3 ? 0 : data.size() - 3;
            const std::size_t n = co_await stream.async_read_some(
                buffer.prepare(4096), asio::redirect_error(asio::use_awaitable, ec));
            if (ec) co_return ec;
            buffer.commit(n);
        }
        while (!parser.is_header_done()) {
            const std::size_t used = parser.put(buffer.data(), ec);
            buffer.consume(used);
            if (ec == bhttp::error::need_more) co_return bhttp::error::bad_value;
            if (ec) co_return ec;
        }
        co_return ec;
    }

    // Streams an upload body to an unlinked temporary file and maps it (see MappedBody).
    asio::awaitable<beast::error_code> ReadBodyToFile(
        beast::tcp_stream& stream, beast::flat_buffer& buffer,
        bhttp::request_parser<bhttp::empty_body>&& header_parser, Request& request) {
        beast::error_code ec;
        const std::string path =
            (std::filesystem::path(upload_dir) / ("guichet-upload-" + NewId())).string();
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            log::Error("upload file", {{"path", path}, {"error", std::strerror(errno)}});
            co_return beast::error_code(errno, beast::system_category());
        }
        ::unlink(path.c_str());  // Gone with the descriptor, even after a crash.
        beast::file file;
        file.native_handle(fd);
        bhttp::request_parser<bhttp::file_body> parser(std::move(header_parser));
        parser.body_limit(options.max_upload_bytes);
        parser.get().body().reset(std::move(file), ec);
        if (!ec) {
            stream.expires_after(options.upload_timeout);
            co_await bhttp::async_read(stream, buffer, parser,
                                       asio::redirect_error(asio::use_awaitable, ec));
        }
        if (ec) co_return ec;
        struct stat info {};
        if (::fstat(fd, &info) != 0) co_return beast::error_code(errno, beast::system_category());
        auto mapping = FileMapping::Map(fd, static_cast<std::size_t>(info.st_size));
        if (!mapping) co_return beast::error_code(errno, beast::system_category());
        request.mapped_body = std::move(mapping);
        co_return ec;  // The parser closes the file; the mapping keeps its pages.
    }

    // The answer to a request that could not be read: 413, 431 or 400.
    static Response ProtocolError(beast::error_code ec, std::size_t body_limit,
                                  const std::string& request_id) {
        if (ec == bhttp::error::body_limit) {
            return Problem(Error{ErrorCode::kPayloadTooLarge,
                                 "Le contenu envoyé dépasse la taille autorisée (" +
                                     SizeInFrench(body_limit) + ").",
                                 "", "payload-too-large", 0},
                           request_id);
        }
        if (ec == bhttp::error::header_limit) {
            return Problem(Error{ErrorCode::kInvalidArgument,
                                 "Les en-têtes de la requête sont trop volumineux.", "",
                                 "headers-too-large", 0},
                           request_id, 431);
        }
        return Problem(Error{ErrorCode::kInvalidArgument, "La requête HTTP est mal formée.", "",
                             "bad-request", 0},
                       request_id);
    }

    static bool IsDisconnect(beast::error_code ec) {
        return ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
               ec == beast::error::timeout || ec == asio::error::connection_reset ||
               ec == asio::error::eof || ec == asio::error::broken_pipe;
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
        auto registration = Register(socket.get_executor(), peer);
        if (!registration) {
            // Over connections_per_address: closed at once, before anything is read.
            beast::error_code ec;
            socket.close(ec);
            co_return;
        }
        beast::tcp_stream stream(std::move(socket));
        beast::flat_buffer buffer;
        bool idle = true;
        registration->handle->stop = [&stream, &idle] {
            if (idle) stream.cancel();
        };
        // Destroyed first (declared last): clears `stop` before the stream goes away.
        struct StopGuard {
            std::shared_ptr<ConnectionHandle> handle;
            ~StopGuard() { handle->stop = nullptr; }
        } stop_guard{registration->handle};

        for (;;) {
            bhttp::request_parser<bhttp::empty_body> header_parser;
            header_parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
            // Beast compares Content-Length with the body limit when the header ends, before the
            // route is known: the larger limit holds until then, the route's is applied below.
            header_parser.body_limit(std::max(options.max_body_bytes, options.max_upload_bytes));
            idle = true;
            if (stopping) break;
            stream.expires_after(options.request_timeout);
            beast::error_code ec = co_await ReadHeader(stream, buffer, header_parser);
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

            // The body: in memory up to max_body_bytes; a larger (or chunked) one on an upload
            // route goes to a temporary file, within an upload slot held until the response.
            std::optional<UploadSlot> upload_slot;
            std::optional<BeastRequest> beast_request;
            const auto length = header_parser.content_length();
            const bool to_file = !header_parser.is_done() &&
                                 (!length || *length > options.max_body_bytes) &&
                                 IsUploadRoute(request);
            const std::size_t body_limit =
                to_file ? options.max_upload_bytes : options.max_body_bytes;
            if (length && *length > body_limit) {
                ec = bhttp::error::body_limit;
            } else if (to_file) {
                auto slot = TakeUploadSlot(AddressKey(request.remote_ip));
                if (!slot) {
                    co_await RefuseAndClose(stream, request,
                                            Problem(slot.error(), request.request_id), version,
                                            slot.error().detail, started);
                    co_return;
                }
                upload_slot.emplace(std::move(*slot));
                ec = co_await ReadBodyToFile(stream, buffer, std::move(header_parser), request);
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
                registration->handle->stop = [session] { session->Stop(); };
                co_await session->Run(std::move(*beast_request), deps.hub);
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
