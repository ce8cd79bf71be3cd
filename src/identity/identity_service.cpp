#include "identity/identity_service.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/ids.hpp"
#include "core/versions.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::identity {
namespace {

using storage::Connection;
using storage::Row;

// password_hash is column 8, version column 9.
constexpr std::string_view kAgentColumns =
    "SELECT id, tenant_id, email, display_name, roles, service_id, active, created_at, "
    "password_hash, version FROM agents ";

constexpr std::string_view kBadCredentials = "Adresse électronique ou mot de passe incorrect.";
constexpr std::string_view kApiKeyPrefix = "gch_";
constexpr std::size_t kApiKeyIdLength = 12;

Agent AgentFromRow(const Row& r) {
    return Agent{r.Text(0),
                 r.Text(1),
                 r.Text(2),
                 r.Text(3),
                 ParseRoles(r.Text(4)).value_or(std::vector<Role>{}),
                 r.OptText(5),
                 r.Int(6) != 0,
                 FromUnixMillis(r.Int(7)),
                 r.Int(9)};
}

ApiKey ApiKeyFromRow(const Row& r) {
    auto opt_time = [&](std::size_t i) -> std::optional<TimePoint> {
        if (r.IsNull(i)) return std::nullopt;
        return FromUnixMillis(r.Int(i));
    };
    return ApiKey{r.Text(0),   r.Text(1),  r.Text(2), r.Text(3), FromUnixMillis(r.Int(4)),
                  opt_time(5), opt_time(6)};
}

Result<void> WriteAudit(Connection& c, const AuditEntry& e) {
    GUICHET_CHECK(c.Execute(
        "INSERT INTO audit_log (id, tenant_id, actor_type, actor_id, ip, action, target_type, "
        "target_id, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {e.id, e.tenant_id, e.actor.type, storage::Nullable(e.actor.id), e.actor.ip, e.action,
         storage::Nullable(e.target_type), storage::Nullable(e.target_id), e.detail,
         ToUnixMillis(e.at)}));
    return {};
}

// An agent's service must be one of the tenant's (by id: tenancy's FindService also takes an
// external id, which agents do not store).
Result<void> CheckServiceOf(Connection& c, const std::string& tenant_id,
                            const std::optional<std::string>& service_id) {
    if (!service_id) return {};
    GUICHET_TRY(service, tenancy::TenancyService::FindService(c, tenant_id, *service_id));
    if (!service || service->id != *service_id) {
        return Fail(ErrorCode::kInvalidArgument, "Le service indiqué n'existe pas.",
                    "unknown service", "invalid-field");
    }
    return {};
}

Result<void> CheckDisplayName(const std::string& name) {
    if (name.empty() || name.size() > 200) {
        return Fail(ErrorCode::kInvalidArgument,
                    "Le nom de l'agent est obligatoire (200 caractères au plus).", "bad name",
                    "invalid-field");
    }
    return {};
}

tl::unexpected<Error> Unauthenticated(std::string message, std::string detail) {
    return Fail(ErrorCode::kUnauthenticated, std::move(message), std::move(detail),
                "unauthenticated");
}

}  // namespace

Result<std::string> NormaliseEmail(std::string_view email) {
    while (!email.empty() && std::isspace(static_cast<unsigned char>(email.front())))
        email.remove_prefix(1);
    while (!email.empty() && std::isspace(static_cast<unsigned char>(email.back())))
        email.remove_suffix(1);
    std::string out(email);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto at = out.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == out.size() || out.size() > 254 ||
        out.find(' ') != std::string::npos) {
        return Fail(ErrorCode::kInvalidArgument,
                    "L'adresse électronique « " + std::string(email) + " » n'est pas valide.",
                    "bad e-mail", "invalid-field");
    }
    return out;
}

IdentityService::IdentityService(storage::Database& db, const Clock& clock, IdentityOptions options)
    : db_(db),
      clock_(clock),
      options_(options),
      hasher_(options.password_cost),
      throttle_(options.throttle) {}

Result<Agent> IdentityService::CreateAgent(std::string_view tenant_id, const NewAgent& request,
                                           const Actor& actor) {
    GUICHET_TRY(email, NormaliseEmail(request.email));
    GUICHET_CHECK(CheckDisplayName(request.display_name));
    if (request.roles.empty()) {
        return Fail(ErrorCode::kInvalidArgument, "Indiquez au moins un rôle pour l'agent.",
                    "no role", "invalid-field");
    }
    GUICHET_TRY(hash, hasher_.Hash(request.password));
    Agent agent{NewId(clock_.Now()), std::string(tenant_id), email, request.display_name,
                request.roles,       request.service_id,     true,  clock_.Now()};
    auto written = db_.Write<int64_t>([&](Connection& c) -> Result<int64_t> {
        GUICHET_CHECK(CheckServiceOf(c, agent.tenant_id, agent.service_id));
        GUICHET_TRY(
            n, c.Execute(
                   "INSERT INTO agents (id, tenant_id, email, display_name, password_hash, roles, "
                   "service_id, active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)",
                   {agent.id, agent.tenant_id, agent.email, agent.display_name, hash,
                    JoinRoles(agent.roles), storage::Nullable(agent.service_id),
                    ToUnixMillis(agent.created_at)}));
        GUICHET_CHECK(WriteAudit(c, {NewId(clock_.Now()), agent.tenant_id, actor, "agent.create",
                                     "agent", agent.id, "{}", clock_.Now()}));
        return n;
    });
    if (!written) {
        if (written.error().code == ErrorCode::kAlreadyExists) {
            return Fail(ErrorCode::kAlreadyExists,
                        "Un agent utilise déjà l'adresse « " + email + " ».",
                        written.error().detail, "conflict");
        }
        return Fail(written.error());
    }
    return agent;
}

Result<Agent> IdentityService::UpdateAgent(std::string_view tenant_id, std::string_view agent_id,
                                           const AgentChanges& changes,
                                           std::optional<int64_t> expected_version,
                                           const Actor& actor) {
    if (changes.display_name) GUICHET_CHECK(CheckDisplayName(*changes.display_name));
    if (changes.roles && changes.roles->empty()) {
        return Fail(ErrorCode::kInvalidArgument, "Indiquez au moins un rôle pour l'agent.",
                    "no role", "invalid-field");
    }
    return db_.Write<Agent>([&](Connection& c) -> Result<Agent> {
        GUICHET_TRY(found, FindAgent(c, tenant_id, agent_id));
        if (!found) return Fail(ErrorCode::kNotFound, "Cet agent est introuvable.");
        Agent agent = std::move(*found);
        GUICHET_CHECK(CheckVersion(expected_version, agent.version, "l'agent"));
        if (changes.display_name) agent.display_name = *changes.display_name;
        if (changes.roles) {
            const bool platform = std::find(agent.roles.begin(), agent.roles.end(),
                                            Role::kPlatformAdmin) != agent.roles.end();
            agent.roles = *changes.roles;
            if (platform) agent.roles.push_back(Role::kPlatformAdmin);
        }
        if (changes.service_id) agent.service_id = *changes.service_id;
        GUICHET_CHECK(CheckServiceOf(c, agent.tenant_id, agent.service_id));
        ++agent.version;
        GUICHET_CHECK(c.Execute(
            "UPDATE agents SET display_name = $1, roles = $2, service_id = $3, version = $4 "
            "WHERE id = $5",
            {agent.display_name, JoinRoles(agent.roles), storage::Nullable(agent.service_id),
             agent.version, agent.id}));
        GUICHET_CHECK(WriteAudit(c, {NewId(clock_.Now()), agent.tenant_id, actor, "agent.update",
                                     "agent", agent.id, "{}", clock_.Now()}));
        return agent;
    });
}

Result<std::vector<Agent>> IdentityService::ListAgents(std::string_view tenant_id) {
    return db_.Read<std::vector<Agent>>([&](Connection& c) -> Result<std::vector<Agent>> {
        GUICHET_TRY(rows, c.Query(std::string(kAgentColumns) +
                                      "WHERE tenant_id = $1 ORDER BY display_name, id",
                                  {std::string(tenant_id)}));
        std::vector<Agent> agents;
        agents.reserve(rows.size());
        for (const Row& r : rows) agents.push_back(AgentFromRow(r));
        return agents;
    });
}

Result<std::optional<Agent>> IdentityService::FindAgent(storage::Connection& c,
                                                        std::string_view tenant_id,
                                                        std::string_view agent_id) {
    GUICHET_TRY(row, c.QueryOne(std::string(kAgentColumns) + "WHERE id = $1 AND tenant_id = $2",
                                {std::string(agent_id), std::string(tenant_id)}));
    if (!row) return std::optional<Agent>();
    return std::optional<Agent>(AgentFromRow(*row));
}

Result<Agent> IdentityService::GetAgent(std::string_view tenant_id, std::string_view agent_id) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(std::string(kAgentColumns) + "WHERE id = $1 AND tenant_id = $2",
                          {std::string(agent_id), std::string(tenant_id)});
    }));
    if (!row) return Fail(ErrorCode::kNotFound, "Cet agent est introuvable.");
    return AgentFromRow(*row);
}

Result<Agent> IdentityService::FindAgentByEmail(std::string_view tenant_id,
                                                std::string_view email) {
    GUICHET_TRY(normalised, NormaliseEmail(email));
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(std::string(kAgentColumns) + "WHERE email = $1 AND tenant_id = $2",
                          {normalised, std::string(tenant_id)});
    }));
    if (!row)
        return Fail(ErrorCode::kNotFound, "Aucun agent n'a l'adresse « " + normalised + " ».");
    return AgentFromRow(*row);
}

Result<void> IdentityService::SetPassword(std::string_view tenant_id, std::string_view email,
                                          std::string_view password, const Actor& actor) {
    GUICHET_TRY(agent, FindAgentByEmail(tenant_id, email));
    GUICHET_TRY(hash, hasher_.Hash(password));
    return db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_CHECK(
            c.Execute("UPDATE agents SET password_hash = $1 WHERE id = $2", {hash, agent.id}));
        GUICHET_CHECK(c.Execute("DELETE FROM sessions WHERE agent_id = $1", {agent.id}));
        GUICHET_CHECK(LoginThrottle::Forget(c, agent.tenant_id, agent.email));
        return WriteAudit(c, {NewId(clock_.Now()), agent.tenant_id, actor, "agent.password",
                              "agent", agent.id, "{}", clock_.Now()});
    });
}

Result<LoginResult> IdentityService::Login(const LoginRequest& request) {
    auto email = NormaliseEmail(request.email);
    if (!email) return Unauthenticated(std::string(kBadCredentials), "malformed e-mail");
    const int64_t now = ToUnixMillis(clock_.Now());
    const LoginAttempt attempt{request.tenant_id, *email, request.ip};

    // The attempt is counted before the password is checked, in one transaction with the check of
    // the locks: parallel attempts cannot all pass a lock that is not written yet.
    GUICHET_TRY(reservation, db_.Write<LoginReservation>([&](Connection& c) {
        return throttle_.Reserve(c, attempt, now);
    }));

    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(
            std::string(kAgentColumns) + "WHERE email = $1 AND tenant_id = $2 AND active = 1",
            {*email, request.tenant_id});
    }));
    bool ok = false;
    if (row) {
        ok = hasher_.Verify(row->Text(8), request.password);
    } else {
        hasher_.VerifyDummy(request.password);
    }
    Actor actor{"agent", row ? std::optional<std::string>(row->Text(0)) : std::nullopt, request.ip};

    if (!ok) {
        // The failure was counted by the reservation.
        GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
            return WriteAudit(c, {NewId(clock_.Now()), request.tenant_id, actor,
                                  "auth.login_failed", "login", *email, "{}", clock_.Now()});
        }));
        return Unauthenticated(std::string(kBadCredentials), "bad credentials for " + *email);
    }

    Agent agent = AgentFromRow(*row);
    LoginResult result{RandomToken(32), Session{agent.tenant_id, agent, RandomToken(24),
                                                clock_.Now() + options_.session_max}};
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        if (!request.previous_token.empty()) {
            GUICHET_CHECK(c.Execute("DELETE FROM sessions WHERE token_hash = $1",
                                    {HashToken(request.previous_token)}));
        }
        GUICHET_CHECK(throttle_.Succeeded(c, attempt, reservation, now));
        GUICHET_CHECK(c.Execute(
            "INSERT INTO sessions (token_hash, tenant_id, agent_id, csrf_token, created_at, "
            "last_seen_at, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $5, $6, "
            "$7, $8)",
            {HashToken(result.token), agent.tenant_id, agent.id, result.session.csrf_token, now,
             ToUnixMillis(result.session.expires_at), request.ip,
             request.user_agent.substr(0, 300)}));
        return WriteAudit(c, {NewId(clock_.Now()), agent.tenant_id, actor, "auth.login", "agent",
                              agent.id, "{}", clock_.Now()});
    }));
    return result;
}

Result<Session> IdentityService::Authenticate(std::string_view token) {
    if (token.empty() || token.size() > 128)
        return Unauthenticated("Veuillez vous connecter.", "no token");
    const std::string hash = HashToken(token);
    const int64_t now = ToUnixMillis(clock_.Now());
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(
            "SELECT a.id, a.tenant_id, a.email, a.display_name, a.roles, a.service_id, a.active, "
            "a.created_at, a.password_hash, a.version, s.csrf_token, s.last_seen_at, "
            "s.expires_at "
            "FROM sessions s JOIN agents a ON a.id = s.agent_id WHERE s.token_hash = $1",
            {hash});
    }));
    if (!row) return Unauthenticated("Veuillez vous connecter.", "unknown session");
    const int64_t idle_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(options_.session_idle).count();
    // Columns 0-9 are the agent's (AgentFromRow), then the session's.
    const bool expired = row->Int(12) <= now || row->Int(11) + idle_ms <= now || row->Int(6) == 0;
    if (expired) {
        GUICHET_CHECK(db_.WithConnection([&](Connection& c) -> Result<void> {
            GUICHET_CHECK(c.Execute("DELETE FROM sessions WHERE token_hash = $1", {hash}));
            return {};
        }));
        return Unauthenticated("Votre session a expiré ; veuillez vous reconnecter.",
                               "expired session");
    }
    // Sliding idle expiry, written at most once a minute to keep reads cheap.
    if (now - row->Int(11) > 60'000) {
        GUICHET_CHECK(db_.WithConnection([&](Connection& c) -> Result<void> {
            GUICHET_CHECK(c.Execute("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2",
                                    {now, hash}));
            return {};
        }));
    }
    Agent agent = AgentFromRow(*row);
    std::string tenant_id = agent.tenant_id;
    return Session{std::move(tenant_id), std::move(agent), row->Text(10),
                   FromUnixMillis(row->Int(12))};
}

Result<void> IdentityService::Logout(std::string_view token, const Actor& actor) {
    const std::string hash = HashToken(token);
    return db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(
            row,
            c.QueryOne("SELECT tenant_id, agent_id FROM sessions WHERE token_hash = $1", {hash}));
        if (!row) return {};
        GUICHET_CHECK(c.Execute("DELETE FROM sessions WHERE token_hash = $1", {hash}));
        return WriteAudit(c, {NewId(clock_.Now()), row->Text(0), actor, "auth.logout", "agent",
                              row->Text(1), "{}", clock_.Now()});
    });
}

Result<NewApiKey> IdentityService::CreateApiKey(std::string_view tenant_id, std::string_view name,
                                                const Actor& actor) {
    if (name.empty() || name.size() > 200) {
        return Fail(ErrorCode::kInvalidArgument, "Donnez un nom à la clé (200 caractères au plus).",
                    "bad key name", "invalid-field");
    }
    // gch_<12 lower-case characters of id>_<43 characters of secret>: the id part finds the row,
    // the whole string is compared by hash.
    std::string prefix = NewId(clock_.Now()).substr(14, kApiKeyIdLength);
    std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string secret = std::string(kApiKeyPrefix) + prefix + "_" + RandomToken(32);
    ApiKey key{NewId(clock_.Now()), std::string(tenant_id), std::string(name), prefix,
               clock_.Now(),        std::nullopt,           std::nullopt};
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_CHECK(
            c.Execute("INSERT INTO api_keys (id, tenant_id, name, prefix, secret_hash, created_at) "
                      "VALUES ($1, $2, $3, $4, $5, $6)",
                      {key.id, key.tenant_id, key.name, key.prefix, HashToken(secret),
                       ToUnixMillis(key.created_at)}));
        return WriteAudit(c, {NewId(clock_.Now()), key.tenant_id, actor, "apikey.create", "api_key",
                              key.id, "{}", clock_.Now()});
    }));
    return NewApiKey{std::move(key), std::move(secret)};
}

Result<std::vector<ApiKey>> IdentityService::ListApiKeys(std::string_view tenant_id) {
    return db_.Read<std::vector<ApiKey>>([&](Connection& c) -> Result<std::vector<ApiKey>> {
        GUICHET_TRY(rows, c.Query("SELECT id, tenant_id, name, prefix, created_at, revoked_at, "
                                  "last_used_at FROM api_keys WHERE tenant_id = $1 ORDER BY id",
                                  {std::string(tenant_id)}));
        std::vector<ApiKey> keys;
        for (const Row& r : rows) keys.push_back(ApiKeyFromRow(r));
        return keys;
    });
}

Result<ApiKey> IdentityService::AuthenticateApiKey(std::string_view secret) {
    const std::size_t id_end = kApiKeyPrefix.size() + kApiKeyIdLength;
    if (secret.size() <= id_end + 1 || secret.substr(0, kApiKeyPrefix.size()) != kApiKeyPrefix ||
        secret[id_end] != '_') {
        return Unauthenticated("Clé d'API invalide.", "malformed api key");
    }
    std::string prefix(secret.substr(kApiKeyPrefix.size(), kApiKeyIdLength));
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(
            "SELECT id, tenant_id, name, prefix, created_at, revoked_at, "
            "last_used_at, secret_hash FROM api_keys WHERE prefix = $1",
            {prefix});
    }));
    if (!row || !row->IsNull(5) || !ConstantTimeEquals(row->Text(7), HashToken(secret))) {
        return Unauthenticated("Clé d'API invalide.", "unknown or revoked api key");
    }
    ApiKey key = ApiKeyFromRow(*row);
    GUICHET_CHECK(db_.WithConnection([&](Connection& c) -> Result<void> {
        GUICHET_CHECK(c.Execute("UPDATE api_keys SET last_used_at = $1 WHERE id = $2",
                                {ToUnixMillis(clock_.Now()), key.id}));
        return {};
    }));
    return key;
}

Result<void> IdentityService::Audit(const std::string& tenant_id, const Actor& actor,
                                    std::string action, std::optional<std::string> target_type,
                                    std::optional<std::string> target_id, std::string detail) {
    return db_.Transaction([&](Connection& c) {
        return WriteAudit(
            c, {NewId(clock_.Now()), tenant_id, actor, std::move(action), std::move(target_type),
                std::move(target_id), std::move(detail), clock_.Now()});
    });
}

Result<std::vector<AuditEntry>> IdentityService::ListAudit(std::string_view tenant_id, int limit,
                                                           std::string_view before_id) {
    limit = std::clamp(limit, 1, 200);
    return db_.Read<std::vector<AuditEntry>>([&](Connection& c) -> Result<std::vector<AuditEntry>> {
        // Ids sort by time, so "before this id" is a stable cursor even while rows are added.
        std::string sql =
            "SELECT id, tenant_id, actor_type, actor_id, ip, action, target_type, target_id, "
            "detail, at FROM audit_log WHERE tenant_id = $1 ";
        storage::Params params{std::string(tenant_id)};
        if (!before_id.empty()) {
            sql += "AND id < $2 ORDER BY id DESC LIMIT $3";
            params.push_back(std::string(before_id));
        } else {
            sql += "ORDER BY id DESC LIMIT $2";
        }
        params.push_back(int64_t{limit});
        GUICHET_TRY(rows, c.Query(sql, params));
        std::vector<AuditEntry> entries;
        for (const Row& r : rows) {
            entries.push_back({r.Text(0), r.Text(1), Actor{r.Text(2), r.OptText(3), r.Text(4)},
                               r.Text(5), r.OptText(6), r.OptText(7), r.Text(8),
                               FromUnixMillis(r.Int(9))});
        }
        return entries;
    });
}

}  // namespace guichet::identity
