// Authenticator: who is making an HTTP request, and may they do this?
//
// Browsers authenticate with the session cookie; every state-changing request made with the
// cookie must carry the session's CSRF token in X-CSRF-Token (403 otherwise). Integrations send
// "Authorization: Bearer gch_…" (an API key of one tenant), need no CSRF token and may only use
// the permissions granted to keys. Handlers call Require() first and use the Principal's tenant
// for every query, which is how one tenant never sees another's data.
// Thread-safety: safe from any worker thread; calls block (database).
#pragma once

#include <optional>
#include <string>

#include "http/message.hpp"
#include "identity/identity_service.hpp"

namespace guichet::identity::http {

inline constexpr const char* kSessionCookie = "guichet_session";
inline constexpr const char* kCsrfHeader = "x-csrf-token";

struct Principal {
    std::string tenant_id;
    std::optional<Agent> agent;     // Browser session.
    std::optional<ApiKey> api_key;  // Integration.
    std::string csrf_token;         // Sessions only.

    bool Allows(Permission permission) const;
    Actor ToActor(const guichet::http::Request& request) const;
};

struct CookiePolicy {
    // Always add "Secure" (HTTPS deployments). Without it, "Secure" is added to the cookies of
    // requests that came over TLS (Request::secure: directly or through a trusted proxy).
    bool secure = false;
    std::chrono::seconds max_age{12 * 3600};
};

class Authenticator {
  public:
    Authenticator(IdentityService& identity, CookiePolicy cookies)
        : identity_(identity), cookies_(cookies) {}

    // The principal, or 401 (unknown caller), 403 (missing CSRF token or permission).
    Result<Principal> Require(const guichet::http::Request& request, Permission permission);
    // For public routes that show more to agents: the principal when the request carries valid
    // credentials with `permission`, nullopt otherwise (never an error).
    std::optional<Principal> Optional(const guichet::http::Request& request, Permission permission);
    // A browser session only (no API key), with the CSRF check for state-changing methods.
    Result<Principal> RequireSession(const guichet::http::Request& request);

    // The Set-Cookie values of a new session and of a logout, in answer to `request`.
    std::string SessionCookie(const std::string& token,
                              const guichet::http::Request& request) const;
    std::string ExpiredSessionCookie(const guichet::http::Request& request) const;

    IdentityService& identity() { return identity_; }

  private:
    IdentityService& identity_;
    CookiePolicy cookies_;
};

}  // namespace guichet::identity::http
