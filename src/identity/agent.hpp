// Domain types of the identity module.
#pragma once

#include <cstdint>

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "identity/roles.hpp"

namespace guichet::identity {

// A person who works in the administration and logs in to the console.
struct Agent {
    std::string id;
    std::string tenant_id;
    std::string email;  // Lower-case; unique within a tenant; the login.
    std::string display_name;
    std::vector<Role> roles;
    std::optional<std::string> service_id;
    bool active = true;
    TimePoint created_at;
    int64_t version = 1;  // 1 when created, raised by each change (core/versions.hpp).
};

// An administrator's change of an agent from the console: nullopt leaves a field as it is.
struct AgentChanges {
    std::optional<std::string> display_name;
    std::optional<std::vector<Role>> roles;  // Never kPlatformAdmin (command line only).
    std::optional<std::optional<std::string>> service_id;  // Inner nullopt: no service.
};

struct NewAgent {
    std::string email;
    std::string display_name;
    std::string password;
    std::vector<Role> roles;
    std::optional<std::string> service_id;
};

// A live browser session, found from its cookie.
struct Session {
    std::string tenant_id;
    Agent agent;
    std::string csrf_token;  // Must accompany every state-changing request.
    TimePoint expires_at;
};

struct LoginRequest {
    std::string tenant_id;
    std::string email;
    std::string password;
    std::string ip;
    std::string user_agent;
    std::string previous_token;  // The cookie sent with the login, revoked (session rotation).
};

struct LoginResult {
    std::string token;  // The cookie value; shown once, stored only hashed.
    Session session;
};

// An integration key (CTI webhook, Open311 client…), scoped to one tenant.
struct ApiKey {
    std::string id;
    std::string tenant_id;
    std::string name;
    std::string prefix;  // Shown in lists so an administrator can tell keys apart.
    TimePoint created_at;
    std::optional<TimePoint> revoked_at;
    std::optional<TimePoint> last_used_at;
};

struct NewApiKey {
    ApiKey key;
    std::string secret;  // The full key, shown once.
};

// Who did something, for the audit log.
struct Actor {
    std::string type;  // "agent", "api_key", "system", "cli"
    std::optional<std::string> id;
    std::string ip;
};

struct AuditEntry {
    std::string id;
    std::string tenant_id;
    Actor actor;
    std::string action;  // Dotted: "auth.login", "agent.create", "service.create"…
    std::optional<std::string> target_type;
    std::optional<std::string> target_id;
    std::string detail;  // JSON text, may be "{}".
    TimePoint at;
};

}  // namespace guichet::identity
