// Request and Response: the transport-neutral HTTP messages that handlers see.
//
// The server (server.cpp, the only place that touches Beast) turns the wire message into a
// Request with a decoded path and query, lower-cased header names and the matched path
// parameters, and turns the handler's Response back. Handlers and their modules therefore never
// include Beast or Asio and compile quickly.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace guichet::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view MethodName(Method method);
Method ParseMethod(std::string_view name);

// The body of an upload route when it was too large to keep in memory: the server streamed it to
// a temporary file (already unlinked) and maps it read-only for the handler; the pages are the
// kernel's page cache, returned when the last reference goes.
class MappedBody {
  public:
    virtual ~MappedBody() = default;
    virtual std::string_view View() const = 0;
};

struct Request {
    Method method = Method::kGet;
    std::string target;  // As received: "/api/v1/agents?limit=10".
    std::string path;    // Percent-decoded path: "/api/v1/agents".
    std::multimap<std::string, std::string, std::less<>> query;   // Decoded.
    std::map<std::string, std::string, std::less<>> headers;      // Lower-case names.
    std::map<std::string, std::string, std::less<>> path_params;  // {id} -> value.
    std::string body;  // Empty when mapped_body holds it: read Body() on upload routes.
    std::shared_ptr<const MappedBody> mapped_body;
    // The client's address: the peer's, or, from a trusted proxy, the one it forwarded.
    std::string remote_ip;
    // Reached over TLS: directly, or through a trusted proxy that said so (X-Forwarded-Proto).
    bool secure = false;
    std::string request_id;

    // The body, wherever the server kept it (see MappedBody).
    std::string_view Body() const { return mapped_body ? mapped_body->View() : body; }

    // The value, or "" when absent.
    std::string Header(std::string_view name) const;
    std::string Query(std::string_view name) const;
    std::string PathParam(std::string_view name) const;
    std::string Cookie(std::string_view name) const;
    // POST, PUT, PATCH, DELETE: the methods that need a CSRF token from browsers.
    bool IsStateChanging() const;
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    // Replaces any header of the same (case-insensitive) name.
    Response& Set(std::string_view name, std::string value);
    // Adds a header even if one of that name exists (Set-Cookie).
    Response& Add(std::string name, std::string value);
    std::string Get(std::string_view name) const;

    static Response Json(int status, const boost::json::value& body);
    static Response NoContent();
    static Response Text(int status, std::string body, std::string content_type);
};

}  // namespace guichet::http
