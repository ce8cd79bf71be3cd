// The Beast side of the server's connections (beast_io.hpp): message conversions, header and
// upload reads, protocol errors, lingering close.
#include "http/beast_io.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include <boost/beast/http/file_body.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "http/error_mapping.hpp"

namespace guichet::http::beast_io {
namespace {

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

// Whether the header (the bytes before the blank line) folds a line (RFC 9112 §5.2: obs-fold):
// a line after the first that starts with a space or a tab.
bool HasObsoleteFold(std::string_view head) {
    return head.find("\r\n ") != std::string_view::npos ||
           head.find("\r\n\t") != std::string_view::npos;
}

}  // namespace

bool IsTrusted(const std::vector<std::string>& proxies, std::string_view address) {
    return std::find(proxies.begin(), proxies.end(), address) != proxies.end();
}

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

bool SameOrigin(const Request& request) {
    std::string origin = request.Header("origin");
    if (origin.empty()) return true;  // Not a browser.
    auto scheme_end = origin.find("://");
    if (scheme_end == std::string::npos) return false;
    return AsciiLower(origin.substr(scheme_end + 3)) == AsciiLower(request.Header("host"));
}

Error TooManyRequests(int seconds) {
    return Error{ErrorCode::kResourceExhausted,
                 "Vous avez fait beaucoup de demandes en peu de temps. Merci de patienter " +
                     std::to_string(seconds) + " seconde" + (seconds > 1 ? "s" : "") +
                     " avant de réessayer.",
                 "rate limited", "too-many-requests", seconds};
}

asio::awaitable<beast::error_code> ReadHeader(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                              HeaderParser& parser, std::size_t max_header_bytes) {
    beast::error_code ec;
    std::size_t searched = 0;
    for (;;) {
        const std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
        const std::size_t end = data.find("\r\n\r\n", searched);
        if (end != std::string_view::npos) {
            if (HasObsoleteFold(data.substr(0, end + 2))) co_return bhttp::error::bad_value;
            break;
        }
        if (data.size() > max_header_bytes) co_return bhttp::error::header_limit;
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

asio::awaitable<beast::error_code> ReadBodyToFile(beast::tcp_stream& stream,
                                                  beast::flat_buffer& buffer,
                                                  HeaderParser&& header_parser, Request& request,
                                                  const std::string& upload_dir,
                                                  std::size_t max_bytes,
                                                  std::chrono::seconds timeout) {
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
    parser.body_limit(max_bytes);
    parser.get().body().reset(std::move(file), ec);
    if (!ec) {
        stream.expires_after(timeout);
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

Response ProtocolError(beast::error_code ec, std::size_t body_limit,
                       const std::string& request_id) {
    if (ec == bhttp::error::body_limit) {
        return Problem(Error{ErrorCode::kPayloadTooLarge,
                             "Le contenu envoyé dépasse la taille autorisée (" +
                                 SizeInFrench(body_limit) + ").",
                             "", "payload-too-large", 0},
                       request_id);
    }
    if (ec == bhttp::error::header_limit) {
        return Problem(
            Error{ErrorCode::kInvalidArgument, "Les en-têtes de la requête sont trop volumineux.",
                  "", "headers-too-large", 0},
            request_id, 431);
    }
    return Problem(
        Error{ErrorCode::kInvalidArgument, "La requête HTTP est mal formée.", "", "bad-request", 0},
        request_id);
}

bool IsDisconnect(beast::error_code ec) {
    return ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
           ec == beast::error::timeout || ec == asio::error::connection_reset ||
           ec == asio::error::eof || ec == asio::error::broken_pipe;
}

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

}  // namespace guichet::http::beast_io
