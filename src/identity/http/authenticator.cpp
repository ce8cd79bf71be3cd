#include "identity/http/authenticator.hpp"

namespace guichet::identity::http {
namespace {

// What an integration key may do. Kept small on purpose; widened per integration as they come.
// Integrations read the directory and submit requests (the "api" and Open311 channels).
bool ApiKeyAllows(Permission permission) {
    return permission == Permission::kDirectoryRead || permission == Permission::kRequestsWrite;
}

}  // namespace

bool Principal::Allows(Permission permission) const {
    if (agent) return identity::Allows(agent->roles, permission);
    if (api_key) return ApiKeyAllows(permission);
    return false;
}

Actor Principal::ToActor(const guichet::http::Request& request) const {
    if (agent) return Actor{"agent", agent->id, request.remote_ip};
    if (api_key) return Actor{"api_key", api_key->id, request.remote_ip};
    return Actor{"anonymous", std::nullopt, request.remote_ip};
}

Result<Principal> Authenticator::RequireSession(const guichet::http::Request& request) {
    std::string token = request.Cookie(kSessionCookie);
    if (token.empty()) {
        return Fail(ErrorCode::kUnauthenticated, "Veuillez vous connecter.", "no session cookie",
                    "unauthenticated");
    }
    GUICHET_TRY(session, identity_.Authenticate(token));
    if (request.IsStateChanging() &&
        !ConstantTimeEquals(request.Header(kCsrfHeader), session.csrf_token)) {
        return Fail(ErrorCode::kPermissionDenied,
                    "Cette action a été refusée : jeton de sécurité (CSRF) absent ou invalide. "
                    "Rechargez la page puis réessayez.",
                    "missing or wrong CSRF token", "csrf");
    }
    return Principal{session.tenant_id, std::move(session.agent), std::nullopt,
                     std::move(session.csrf_token)};
}

Result<Principal> Authenticator::Require(const guichet::http::Request& request,
                                         Permission permission) {
    Principal principal;
    std::string authorization = request.Header("authorization");
    if (authorization.rfind("Bearer ", 0) == 0) {
        GUICHET_TRY(key, identity_.AuthenticateApiKey(authorization.substr(7)));
        principal.tenant_id = key.tenant_id;
        principal.api_key = std::move(key);
    } else {
        GUICHET_TRY(session, RequireSession(request));
        principal = std::move(session);
    }
    if (!principal.Allows(permission)) {
        return Fail(ErrorCode::kPermissionDenied,
                    "Vous n'avez pas les droits nécessaires pour cette action.",
                    "missing permission " + std::string(PermissionName(permission)), "forbidden");
    }
    return principal;
}

std::optional<Principal> Authenticator::Optional(const guichet::http::Request& request,
                                                 Permission permission) {
    if (request.Cookie(kSessionCookie).empty() && request.Header("authorization").empty())
        return std::nullopt;
    auto principal = Require(request, permission);
    if (!principal) return std::nullopt;
    return std::move(*principal);
}

std::string Authenticator::SessionCookie(const std::string& token,
                                         const guichet::http::Request& request) const {
    std::string cookie =
        std::string(kSessionCookie) + "=" + token +
        "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(cookies_.max_age.count());
    if (cookies_.secure || request.secure) cookie += "; Secure";
    return cookie;
}

std::string Authenticator::ExpiredSessionCookie(const guichet::http::Request& request) const {
    std::string cookie =
        std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    if (cookies_.secure || request.secure) cookie += "; Secure";
    return cookie;
}

}  // namespace guichet::identity::http
