#include "identity/login_throttle.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

namespace guichet::identity {
namespace {

using storage::Connection;

constexpr int64_t kSecondMs = 1000;
constexpr int64_t kMinuteMs = 60 * kSecondMs;
constexpr int64_t kUsualNetworkMs = int64_t{90} * 24 * 60 * kMinuteMs;

// The three counters. The address scope spans tenants: its rows have an empty tenant_id.
enum class Scope { kAccountAddress, kAddress, kAccount };

struct ScopeRule {
    Scope scope;
    const char* name;  // login_failures.scope
    int64_t first_lock_ms, max_lock_ms;
};

constexpr std::array<ScopeRule, 3> kScopes = {{
    {Scope::kAccountAddress, "account_address", kSecondMs, 15 * kMinuteMs},
    {Scope::kAddress, "address", kMinuteMs, 60 * kMinuteMs},
    {Scope::kAccount, "account", kMinuteMs, 60 * kMinuteMs},
}};

// The row's key of `scope` for `attempt`: tenant_id, login, address.
std::array<std::string, 3> KeyOf(Scope scope, const LoginAttempt& attempt) {
    switch (scope) {
        case Scope::kAccountAddress:
            return {attempt.tenant_id, attempt.login, AddressKeyOf(attempt.ip)};
        case Scope::kAddress:
            return {"", "", AddressKeyOf(attempt.ip)};
        case Scope::kAccount:
            return {attempt.tenant_id, attempt.login, ""};
    }
    return {};
}

// How long the lock lasts after `failures` attempts: none below the threshold, then doubling from
// `rule.first_lock_ms`, capped at `rule.max_lock_ms`.
int64_t LockMillis(const ScopeRule& rule, int64_t failures, int threshold) {
    if (threshold <= 0 || failures < threshold) return 0;
    const int64_t exponent = std::min<int64_t>(failures - threshold, 20);
    return std::min<int64_t>(rule.first_lock_ms << exponent, rule.max_lock_ms);
}

Error TooManyAttempts(int64_t wait_ms, std::string detail) {
    const int seconds = static_cast<int>((wait_ms + kSecondMs - 1) / kSecondMs);
    std::string wait;
    if (seconds < 120) {
        wait = std::to_string(seconds) + " seconde" + (seconds > 1 ? "s" : "");
    } else {
        wait = std::to_string((seconds + 59) / 60) + " minutes";
    }
    return Error{
        ErrorCode::kResourceExhausted,
        "Trop de tentatives de connexion. Veuillez patienter " + wait + " avant de réessayer.",
        std::move(detail), "too-many-attempts", seconds};
}

}  // namespace

std::string NetworkOf(std::string_view ip) {
    const std::string text(ip);
    std::array<unsigned char, 16> bytes{};
    if (inet_pton(AF_INET, text.c_str(), bytes.data()) == 1) {
        return std::to_string(bytes[0]) + "." + std::to_string(bytes[1]) + "." +
               std::to_string(bytes[2]) + ".0/24";
    }
    if (inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return text;
    const bool v4_mapped =
        std::all_of(bytes.begin(), bytes.begin() + 10, [](unsigned char b) { return b == 0; }) &&
        bytes[10] == 0xff && bytes[11] == 0xff;
    if (v4_mapped) {
        return std::to_string(bytes[12]) + "." + std::to_string(bytes[13]) + "." +
               std::to_string(bytes[14]) + ".0/24";
    }
    char out[48];
    std::snprintf(out, sizeof out, "%x:%x:%x:%x::/64", bytes[0] << 8 | bytes[1],
                  bytes[2] << 8 | bytes[3], bytes[4] << 8 | bytes[5], bytes[6] << 8 | bytes[7]);
    return out;
}

std::string AddressKeyOf(std::string_view ip) {
    std::array<unsigned char, 16> bytes{};
    const std::string text(ip);
    if (inet_pton(AF_INET, text.c_str(), bytes.data()) == 1) return text;
    const std::string network = NetworkOf(ip);
    if (network.ends_with("/24") && inet_pton(AF_INET6, text.c_str(), bytes.data()) == 1) {
        // IPv4-mapped: the IPv4 address itself.
        return std::to_string(bytes[12]) + "." + std::to_string(bytes[13]) + "." +
               std::to_string(bytes[14]) + "." + std::to_string(bytes[15]);
    }
    return network;
}

Result<LoginReservation> LoginThrottle::Reserve(Connection& c, const LoginAttempt& attempt,
                                                int64_t now_ms) const {
    GUICHET_TRY(usual,
                c.QueryOne("SELECT 1 FROM login_networks WHERE tenant_id = $1 AND login = $2 AND "
                           "network = $3 AND last_login_at > $4",
                           {attempt.tenant_id, attempt.login, NetworkOf(attempt.ip),
                            now_ms - kUsualNetworkMs}));
    const int64_t window_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(options_.window).count();
    const std::array<int, 3> thresholds = {options_.per_account_address, options_.per_address,
                                           options_.per_account};
    std::array<std::optional<int64_t>, 3> failures;  // Unset: the scope does not apply.
    int64_t wait_ms = 0;
    std::string detail;
    for (std::size_t i = 0; i < kScopes.size(); ++i) {
        const ScopeRule& rule = kScopes[i];
        if (usual && rule.scope != Scope::kAccountAddress) continue;
        const auto key = KeyOf(rule.scope, attempt);
        GUICHET_TRY(row, c.QueryOne("SELECT failures, last_failure_at FROM login_failures "
                                    "WHERE tenant_id = $1 AND scope = $2 AND login = $3 AND "
                                    "address = $4",
                                    {key[0], std::string(rule.name), key[1], key[2]}));
        int64_t count = 0;
        if (row && now_ms - row->Int(1) <= window_ms) {
            count = row->Int(0);
            const int64_t until = row->Int(1) + LockMillis(rule, count, thresholds[i]);
            if (until - now_ms > wait_ms) {
                wait_ms = until - now_ms;
                detail = std::string("login locked by ") + rule.name + " for " + attempt.login +
                         " from " + attempt.ip;
            }
        }
        failures[i] = count;
    }
    if (wait_ms > 0) return Fail(TooManyAttempts(wait_ms, std::move(detail)));
    LoginReservation reservation;
    reservation.usual_network = usual.has_value();
    for (std::size_t i = 0; i < kScopes.size(); ++i) {
        if (!failures[i]) continue;
        const auto key = KeyOf(kScopes[i].scope, attempt);
        GUICHET_CHECK(c.Execute(
            "INSERT INTO login_failures (tenant_id, scope, login, address, failures, "
            "last_failure_at) VALUES ($1, $2, $3, $4, $5, $6) "
            "ON CONFLICT (tenant_id, scope, login, address) "
            "DO UPDATE SET failures = $5, last_failure_at = $6",
            {key[0], std::string(kScopes[i].name), key[1], key[2], *failures[i] + 1, now_ms}));
    }
    return reservation;
}

Result<void> LoginThrottle::Succeeded(Connection& c, const LoginAttempt& attempt,
                                      const LoginReservation& reservation, int64_t now_ms) const {
    const auto pair = KeyOf(Scope::kAccountAddress, attempt);
    GUICHET_CHECK(c.Execute(
        "DELETE FROM login_failures WHERE tenant_id = $1 AND scope = 'account_address' AND "
        "login = $2 AND address = $3",
        {pair[0], pair[1], pair[2]}));
    // Give back what Reserve counted in the two other scopes (it counts nothing there from a
    // usual network).
    if (!reservation.usual_network) {
        for (Scope scope : {Scope::kAddress, Scope::kAccount}) {
            const auto key = KeyOf(scope, attempt);
            GUICHET_CHECK(c.Execute(
                "UPDATE login_failures SET failures = failures - 1 WHERE tenant_id = $1 AND "
                "scope = $2 AND login = $3 AND address = $4 AND failures > 0",
                {key[0], std::string(scope == Scope::kAddress ? "address" : "account"), key[1],
                 key[2]}));
        }
    }
    GUICHET_CHECK(
        c.Execute("INSERT INTO login_networks (tenant_id, login, network, last_login_at) "
                  "VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, login, network) "
                  "DO UPDATE SET last_login_at = $4",
                  {attempt.tenant_id, attempt.login, NetworkOf(attempt.ip), now_ms}));
    GUICHET_CHECK(c.Execute(
        "DELETE FROM login_networks WHERE tenant_id = $1 AND login = $2 AND network NOT IN "
        "(SELECT network FROM login_networks WHERE tenant_id = $1 AND login = $2 "
        "ORDER BY last_login_at DESC, network LIMIT $3)",
        {attempt.tenant_id, attempt.login, int64_t{std::max(options_.usual_networks, 1)}}));
    return {};
}

Result<void> LoginThrottle::Forget(Connection& c, std::string_view tenant_id,
                                   std::string_view login) {
    GUICHET_CHECK(c.Execute("DELETE FROM login_failures WHERE tenant_id = $1 AND login = $2",
                            {std::string(tenant_id), std::string(login)}));
    return {};
}

}  // namespace guichet::identity
