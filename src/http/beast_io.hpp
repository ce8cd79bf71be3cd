// Internal to the http module (included by server.cpp and beast_io.cpp only): the conversions
// between Beast's messages and ours, and the reads and closes of one connection's stream that the
// server's connection loop is made of. Everything here runs on the connection's strand; the
// coroutines take the stream the caller owns and never keep it.
// Errors: the reads return Beast error codes (the caller answers with ProtocolError or closes
// quietly when IsDisconnect); Convert returns a problem the caller sends before closing.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/result.hpp"
#include "http/message.hpp"

namespace guichet::http::beast_io {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastHeader = bhttp::request_header<>;
using BeastResponse = bhttp::response<bhttp::string_body>;
using HeaderParser = bhttp::request_parser<bhttp::empty_body>;

// Whether `address` is one of the trusted proxies.
bool IsTrusted(const std::vector<std::string>& proxies, std::string_view address);

// The request as handlers see it. `peer` is the socket's remote address; the client address and
// the scheme come from a trusted proxy's X-Forwarded-For / X-Forwarded-Proto when `peer` is one.
// kInvalidArgument (400) without exactly one Host (HTTP/1.1) or with a bad target.
Result<Request> Convert(const BeastHeader& req, const std::string& peer,
                        const std::vector<std::string>& trusted_proxies);

BeastResponse ToBeast(Response&& r, unsigned version, bool keep_alive, bool head);

// The Origin of a browser's WebSocket must be this server (cross-site WebSocket hijacking).
bool SameOrigin(const Request& request);

// 429 with a French message asking to wait `seconds`.
Error TooManyRequests(int seconds);

// The answer to a request that could not be read: 413 (naming `body_limit`), 431 or 400.
Response ProtocolError(beast::error_code ec, std::size_t body_limit, const std::string& request_id);

// Whether `ec` only means the client went away or was too slow (no answer is due).
bool IsDisconnect(beast::error_code ec);

// Reads the next request's header into `parser`: its bytes first, up to the blank line, so that
// obsolete line folding (which Beast would unfold silently) is refused (bad_value), then parses
// them. The caller has set the stream's deadline.
asio::awaitable<beast::error_code> ReadHeader(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                              HeaderParser& parser, std::size_t max_header_bytes);

// Streams an upload body to an unlinked temporary file in `upload_dir` and maps it read-only
// into request.mapped_body (see MappedBody), within `max_bytes` and `timeout`.
asio::awaitable<beast::error_code> ReadBodyToFile(beast::tcp_stream& stream,
                                                  beast::flat_buffer& buffer,
                                                  HeaderParser&& header_parser, Request& request,
                                                  const std::string& upload_dir,
                                                  std::size_t max_bytes,
                                                  std::chrono::seconds timeout);

// Reads what the client still sends (up to a limit, briefly) before closing, so that it sees our
// error response instead of a connection reset.
asio::awaitable<void> LingeringClose(beast::tcp_stream& stream);

}  // namespace guichet::http::beast_io
