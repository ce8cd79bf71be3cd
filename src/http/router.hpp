// Router: maps a method and a decoded path to a handler, with {name} path parameters.
//
// Patterns are literal segments and {name} segments ("/api/v1/agents/{id}"); a {name} matches one
// non-empty segment. Literal segments win over parameters when both match. Routes are added at
// start-up by the composition root and never change afterwards, so Find is lock-free.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/message.hpp"

namespace guichet::http {

using Handler = std::function<Result<Response>(Request&)>;

// Limits on what one client address may do on a route, enforced by the server before the
// handler runs (429 with Retry-After); the policies are the server's (ServerOptions).
enum class RateClass {
    kNone,
    kPublicWrite,   // Anonymous writes: portal submissions, citizens' replies, Open311 posts.
    kPublicLookup,  // Anonymous look-ups by a credential: follow-up by tracking code.
};

struct RouteOptions {
    // true: the handler may block (database, crypto) and runs on the worker pool.
    // false: it is quick and non-blocking, and runs on the I/O thread.
    bool blocking = true;
    // true: the route receives files; its body may reach ServerOptions::max_upload_bytes (read
    // within upload_timeout) instead of max_body_bytes. Every other route keeps the small limit.
    bool upload = false;
    RateClass rate = RateClass::kNone;
};

struct Route {
    Method method;
    std::string pattern;
    Handler handler;
    RouteOptions options;
    std::vector<std::string> segments;
};

// The routes that answer callers without credentials ON PURPOSE: the one list (docs/security.md
// says why each is public). Every other route answers an anonymous caller 401 (or 403/404), and
// app/route_isolation_test.cpp fails when a route not listed here answers one. A public route
// still serves one tenant only (the one its host name or ?tenant= designates): the same test
// calls it about tenant A's resources as tenant B and fails when A's data comes back.
struct PublicRoute {
    Method method;
    std::string_view pattern;
};
std::span<const PublicRoute> PublicRoutes();
bool IsPublicRoute(Method method, std::string_view pattern);

class Router {
  public:
    void Add(Method method, std::string pattern, Handler handler, RouteOptions options = {});

    enum class Outcome { kFound, kNotFound, kMethodNotAllowed };
    struct Match {
        Outcome outcome = Outcome::kNotFound;
        const Route* route = nullptr;
        std::vector<std::pair<std::string, std::string>> params;
        std::string allow;  // With kMethodNotAllowed: "GET, POST".
    };
    // HEAD matches a GET route.
    Match Find(Method method, std::string_view path) const;

    const std::vector<Route>& routes() const { return routes_; }

  private:
    std::vector<Route> routes_;
};

}  // namespace guichet::http
