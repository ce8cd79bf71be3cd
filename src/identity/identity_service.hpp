// IdentityService: agents, password login, sessions, API keys and the audit log.
//
// Contracts:
// - Everything is scoped by tenant: an id from another tenant reads as kNotFound.
// - Login failures are kUnauthenticated with the same message whether the e-mail exists or not,
//   and take the same time. Attempts are throttled per (account, address), per address and per
//   account (LoginThrottle, options.throttle): a locked attempt is kResourceExhausted with
//   retry_after_seconds, even with the right password, and its password is not checked. The
//   attempt is counted before the password is checked, atomically with the check of the locks,
//   so parallel attempts cannot check more passwords than the thresholds allow.
// - A session expires after `session_idle` without use or `session_max` after login; expired
//   sessions read as kUnauthenticated. Logging in revokes the previous token (rotation).
// - Tokens and API keys are stored hashed; the plaintext is returned once and never again.
// - Security-relevant actions are written to the audit log in the same transaction.
// Thread-safety: safe from any worker thread; calls block (database, Argon2id).
#pragma once

#include <chrono>
#include <span>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "identity/agent.hpp"
#include "identity/login_throttle.hpp"
#include "identity/password.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace guichet::identity {

struct IdentityOptions {
    std::chrono::minutes session_idle{120};
    std::chrono::hours session_max{12};
    PasswordCost password_cost = PasswordCost::Interactive();
    LoginThrottleOptions throttle;
};

class IdentityService {
  public:
    // The default (account, address) threshold (LoginThrottleOptions::per_account_address).
    static constexpr int kFailuresBeforeLock = LoginThrottleOptions{}.per_account_address;

    IdentityService(storage::Database& db, const Clock& clock, IdentityOptions options);

    static std::span<const storage::Migration> Migrations();

    // Agents.
    Result<Agent> CreateAgent(std::string_view tenant_id, const NewAgent& request,
                              const Actor& actor);
    // Changes an agent's name, roles or service (AgentChanges), guarded by its version: the
    // stored one is compared with `expected_version` inside the write transaction (CheckVersion;
    // nullopt overwrites). An agent who is a platform administrator stays one. Audited
    // ("agent.update") in the same transaction. kNotFound for another tenant's agent,
    // kInvalidArgument for an unknown service, no role or a bad name.
    Result<Agent> UpdateAgent(std::string_view tenant_id, std::string_view agent_id,
                              const AgentChanges& changes, std::optional<int64_t> expected_version,
                              const Actor& actor);
    Result<std::vector<Agent>> ListAgents(std::string_view tenant_id);
    Result<Agent> GetAgent(std::string_view tenant_id, std::string_view agent_id);
    // The tenant's agent `agent_id`, read on the caller's connection: for the other modules,
    // which name agents in their rows but never read the `agents` table themselves, inside their
    // own transaction (storage/database.hpp, Leases).
    static Result<std::optional<Agent>> FindAgent(storage::Connection& c,
                                                  std::string_view tenant_id,
                                                  std::string_view agent_id);
    Result<Agent> FindAgentByEmail(std::string_view tenant_id, std::string_view email);
    // Sets a new password and ends every session of the agent.
    Result<void> SetPassword(std::string_view tenant_id, std::string_view email,
                             std::string_view password, const Actor& actor);

    // Sessions.
    Result<LoginResult> Login(const LoginRequest& request);
    Result<Session> Authenticate(std::string_view token);
    Result<void> Logout(std::string_view token, const Actor& actor);

    // API keys. AuthenticateApiKey returns the key (with its tenant) or kUnauthenticated.
    Result<NewApiKey> CreateApiKey(std::string_view tenant_id, std::string_view name,
                                   const Actor& actor);
    Result<std::vector<ApiKey>> ListApiKeys(std::string_view tenant_id);
    Result<ApiKey> AuthenticateApiKey(std::string_view secret);

    // Audit log, newest first; `before_id` continues a previous page (opaque cursor).
    Result<void> Audit(const std::string& tenant_id, const Actor& actor, std::string action,
                       std::optional<std::string> target_type = {},
                       std::optional<std::string> target_id = {}, std::string detail = "{}");
    Result<std::vector<AuditEntry>> ListAudit(std::string_view tenant_id, int limit,
                                              std::string_view before_id);

  private:
    storage::Database& db_;
    const Clock& clock_;
    IdentityOptions options_;
    PasswordHasher hasher_;
    LoginThrottle throttle_;
};

// Lower-cases and trims an e-mail address; kInvalidArgument when it has no '@'.
Result<std::string> NormaliseEmail(std::string_view email);

}  // namespace guichet::identity
