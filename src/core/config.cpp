#include "core/config.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace guichet {
namespace {

Error ConfigError(std::string text) {
    return Error{ErrorCode::kInvalidArgument, text, text, "invalid-config", 0};
}

template <typename T>
Result<void> ReadInt(const toml::table& table, std::string_view path, T& out,
                     const std::string& file) {
    auto node = table.at_path(path);
    if (!node) return {};
    auto value = node.value<int64_t>();
    if (!value || *value < 0) {
        return Fail(
            ConfigError(file + ": « " + std::string(path) + " » doit être un entier positif."));
    }
    out = static_cast<T>(*value);
    return {};
}

Result<void> ReadString(const toml::table& table, std::string_view path, std::string& out,
                        const std::string& file) {
    auto node = table.at_path(path);
    if (!node) return {};
    auto value = node.value<std::string>();
    if (!value) {
        return Fail(ConfigError(file + ": « " + std::string(path) + " » doit être une chaîne."));
    }
    out = *value;
    return {};
}

Result<void> ReadBool(const toml::table& table, std::string_view path, bool& out,
                      const std::string& file) {
    auto node = table.at_path(path);
    if (!node) return {};
    auto value = node.value<bool>();
    if (!value) {
        return Fail(
            ConfigError(file + ": « " + std::string(path) + " » doit valoir true ou false."));
    }
    out = *value;
    return {};
}

Result<void> ReadStrings(const toml::table& table, std::string_view path,
                         std::vector<std::string>& out, const std::string& file) {
    auto node = table.at_path(path);
    if (!node) return {};
    const toml::array* array = node.as_array();
    std::vector<std::string> values;
    for (std::size_t i = 0; array && i < array->size(); ++i) {
        auto value = (*array)[i].value<std::string>();
        if (!value) break;
        values.push_back(*value);
    }
    if (!array || values.size() != array->size()) {
        return Fail(
            ConfigError(file + ": « " + std::string(path) + " » doit être une liste de chaînes."));
    }
    out = std::move(values);
    return {};
}

Result<void> ReadRate(const toml::table& table, const std::string& prefix, RatePolicy& out,
                      const std::string& file) {
    GUICHET_CHECK(ReadInt(table, prefix + "_per_minute", out.per_minute, file));
    return ReadInt(table, prefix + "_burst", out.burst, file);
}

// Login throttling: [security] login_failures_* and the GUICHET_LOGIN_FAILURES_* variables.
struct LoginThrottleSetting {
    const char* key;  // In [security].
    const char* env;
    int Config::*field;
    int min;
};
constexpr LoginThrottleSetting kLoginThrottleSettings[] = {
    {"login_failures_per_account_address", "GUICHET_LOGIN_FAILURES_PER_ACCOUNT_ADDRESS",
     &Config::login_failures_per_account_address, 1},
    {"login_failures_per_address", "GUICHET_LOGIN_FAILURES_PER_ADDRESS",
     &Config::login_failures_per_address, 1},
    {"login_failures_per_account", "GUICHET_LOGIN_FAILURES_PER_ACCOUNT",
     &Config::login_failures_per_account, 1},
    {"login_failure_window_minutes", "GUICHET_LOGIN_FAILURE_WINDOW_MINUTES",
     &Config::login_failure_window_minutes, 1},
};

Result<void> ReadLoginThrottle(const toml::table& table, Config& config, const std::string& file) {
    for (const auto& s : kLoginThrottleSettings) {
        const std::string path = std::string("security.") + s.key;
        GUICHET_CHECK(ReadInt(table, path, config.*s.field, file));
        if (config.*s.field < s.min) {
            return Fail(ConfigError(file + ": « " + path + " » doit valoir au moins " +
                                    std::to_string(s.min) + "."));
        }
    }
    return {};
}

// A whole number of at least `min` from the environment variable `name`, if it is set.
Result<void> ReadEnvInt(const EnvLookup& getenv, const char* name, int& out, int min = 0) {
    auto v = getenv(name);
    if (!v) return {};
    int value = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), value);
    if (ec != std::errc() || end != v->data() + v->size() || value < min) {
        return Fail(ConfigError(std::string(name) + " : entier d'au moins " + std::to_string(min) +
                                " attendu, reçu « " + *v + " »."));
    }
    out = value;
    return {};
}

Result<void> ApplyLoginThrottleEnv(const EnvLookup& getenv, Config& config) {
    for (const auto& s : kLoginThrottleSettings)
        GUICHET_CHECK(ReadEnvInt(getenv, s.env, config.*s.field, s.min));
    return {};
}

// The periodic jobs' intervals: [scheduler] *_seconds and the GUICHET_SCHEDULER_* variables;
// the mail polling interval keeps its first names, [mail] poll_seconds and
// GUICHET_MAIL_POLL_SECONDS (the [scheduler] names win when both are given).
struct SchedulerSetting {
    const char* key;  // In [scheduler].
    const char* env;
    int Config::SchedulerSettings::*field;
};
constexpr SchedulerSetting kSchedulerSettings[] = {
    {"deadline_check_seconds", "GUICHET_SCHEDULER_DEADLINE_CHECK_SECONDS",
     &Config::SchedulerSettings::deadline_check_seconds},
    {"index_repair_seconds", "GUICHET_SCHEDULER_INDEX_REPAIR_SECONDS",
     &Config::SchedulerSettings::index_repair_seconds},
    {"mail_poll_seconds", "GUICHET_SCHEDULER_MAIL_POLL_SECONDS",
     &Config::SchedulerSettings::mail_poll_seconds},
    {"outbox_send_seconds", "GUICHET_SCHEDULER_OUTBOX_SEND_SECONDS",
     &Config::SchedulerSettings::outbox_send_seconds},
};

Result<void> ReadSchedulerSettings(const toml::table& table, Config& config,
                                   const std::string& file) {
    GUICHET_CHECK(ReadInt(table, "mail.poll_seconds", config.scheduler.mail_poll_seconds, file));
    // [mail] poll_seconds = 0 has always meant "as often as allowed": once a second.
    config.scheduler.mail_poll_seconds = std::max(1, config.scheduler.mail_poll_seconds);
    for (const auto& s : kSchedulerSettings) {
        const std::string path = std::string("scheduler.") + s.key;
        GUICHET_CHECK(ReadInt(table, path, config.scheduler.*s.field, file));
    }
    for (const auto& s : kSchedulerSettings) {
        if (config.scheduler.*s.field < 1) {
            return Fail(
                ConfigError(file + ": « scheduler." + s.key + " » doit valoir au moins 1."));
        }
    }
    return {};
}

Result<void> ApplyFile(const std::string& file, Config& config) {
    toml::table table;
    try {
        table = toml::parse_file(file);
    } catch (const toml::parse_error& e) {
        return Fail(ConfigError(file + ":" + std::to_string(e.source().begin.line) + ": " +
                                std::string(e.description())));
    }
    GUICHET_CHECK(ReadString(table, "data_dir", config.data_dir, file));
    GUICHET_CHECK(ReadString(table, "server.bind", config.bind, file));
    GUICHET_CHECK(ReadInt(table, "server.port", config.port, file));
    GUICHET_CHECK(ReadString(table, "server.web_root", config.web_root, file));
    GUICHET_CHECK(ReadInt(table, "server.io_threads", config.io_threads, file));
    GUICHET_CHECK(ReadInt(table, "server.worker_threads", config.worker_threads, file));
    GUICHET_CHECK(ReadInt(table, "server.max_body_bytes", config.max_body_bytes, file));
    GUICHET_CHECK(ReadInt(table, "server.max_upload_bytes", config.max_upload_bytes, file));
    GUICHET_CHECK(ReadInt(table, "server.max_header_bytes", config.max_header_bytes, file));
    GUICHET_CHECK(
        ReadInt(table, "server.request_timeout_seconds", config.request_timeout_seconds, file));
    GUICHET_CHECK(
        ReadInt(table, "server.shutdown_grace_seconds", config.shutdown_grace_seconds, file));
    GUICHET_CHECK(
        ReadInt(table, "security.session_idle_minutes", config.session_idle_minutes, file));
    GUICHET_CHECK(ReadInt(table, "security.session_max_hours", config.session_max_hours, file));
    GUICHET_CHECK(ReadBool(table, "security.secure_cookies", config.secure_cookies, file));
    GUICHET_CHECK(
        ReadInt(table, "database.lease_timeout_ms", config.database_lease_timeout_ms, file));
    GUICHET_CHECK(ReadString(table, "log.level", config.log_level, file));
    GUICHET_CHECK(ReadSchedulerSettings(table, config, file));
    GUICHET_CHECK(ReadString(table, "map.tile_url", config.map_tile_url, file));
    GUICHET_CHECK(ReadString(table, "map.tile_attribution", config.map_tile_attribution, file));
    GUICHET_CHECK(ReadStrings(table, "server.trusted_proxies", config.trusted_proxies, file));
    Config::Limits& limits = config.limits;
    GUICHET_CHECK(ReadRate(table, "limits.public_writes", limits.public_writes, file));
    GUICHET_CHECK(ReadRate(table, "limits.public_lookups", limits.public_lookups, file));
    GUICHET_CHECK(ReadRate(table, "limits.feedback_votes", limits.feedback_votes, file));
    GUICHET_CHECK(
        ReadInt(table, "knowledge.feedback_half_life_days", config.feedback_half_life_days, file));
    GUICHET_CHECK(
        ReadInt(table, "limits.connections_per_address", limits.connections_per_address, file));
    GUICHET_CHECK(ReadInt(table, "limits.uploads_per_address", limits.uploads_per_address, file));
    GUICHET_CHECK(ReadInt(table, "limits.uploads_total", limits.uploads_total, file));
    GUICHET_CHECK(ReadLoginThrottle(table, config, file));
    return {};
}

std::vector<std::string> SplitList(std::string_view text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string_view::npos) comma = text.size();
        std::string item(text.substr(start, comma - start));
        std::erase(item, ' ');
        if (!item.empty()) items.push_back(std::move(item));
        start = comma + 1;
    }
    return items;
}

Result<int> ParsePort(const std::string& text, const std::string& origin) {
    int value = -1;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > 65535) {
        return Fail(ConfigError(origin + " : port invalide « " + text + " »."));
    }
    return value;
}

// Browsers fetch tiles under the server's Content-Security-Policy (img-src 'self' https:), so a
// tile URL is https:// or a path on the server itself.
Result<void> CheckTileUrl(const std::string& url) {
    if (url.empty()) return {};
    const bool https = url.starts_with("https://");
    const bool same_origin = url.starts_with("/") && !url.starts_with("//");
    if ((!https && !same_origin) || url.find("{z}") == std::string::npos ||
        url.find("{x}") == std::string::npos || url.find("{y}") == std::string::npos) {
        return Fail(
            ConfigError("map.tile_url : « " + url +
                        " » doit commencer par https:// ou / et contenir {z}, {x} et {y}."));
    }
    return {};
}

}  // namespace

std::optional<std::string> ProcessEnv(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

Result<Config> LoadConfig(const std::string& file, const EnvLookup& getenv) {
    Config config;
    std::string path = file;
    if (path.empty()) path = getenv("GUICHET_CONFIG").value_or("");
    if (!path.empty()) GUICHET_CHECK(ApplyFile(path, config));

    if (auto v = getenv("GUICHET_DATA")) config.data_dir = *v;
    if (auto v = getenv("GUICHET_BIND")) config.bind = *v;
    if (auto v = getenv("GUICHET_WEB_ROOT")) config.web_root = *v;
    if (auto v = getenv("GUICHET_LOG_LEVEL")) config.log_level = *v;
    if (auto v = getenv("GUICHET_PORT")) {
        GUICHET_TRY(port, ParsePort(*v, "GUICHET_PORT"));
        config.port = port;
    }
    GUICHET_CHECK(
        ReadEnvInt(getenv, "GUICHET_MAIL_POLL_SECONDS", config.scheduler.mail_poll_seconds, 1));
    for (const auto& s : kSchedulerSettings)
        GUICHET_CHECK(ReadEnvInt(getenv, s.env, config.scheduler.*s.field, 1));
    if (auto v = getenv("GUICHET_MAP_TILE_URL")) config.map_tile_url = *v;
    if (auto v = getenv("GUICHET_MAP_TILE_ATTRIBUTION")) config.map_tile_attribution = *v;
    if (auto v = getenv("GUICHET_TRUSTED_PROXIES")) config.trusted_proxies = SplitList(*v);
    Config::Limits& limits = config.limits;
    GUICHET_CHECK(ReadEnvInt(getenv, "GUICHET_LIMITS_PUBLIC_WRITES_PER_MINUTE",
                             limits.public_writes.per_minute));
    GUICHET_CHECK(
        ReadEnvInt(getenv, "GUICHET_LIMITS_PUBLIC_WRITES_BURST", limits.public_writes.burst));
    GUICHET_CHECK(ReadEnvInt(getenv, "GUICHET_LIMITS_PUBLIC_LOOKUPS_PER_MINUTE",
                             limits.public_lookups.per_minute));
    GUICHET_CHECK(
        ReadEnvInt(getenv, "GUICHET_LIMITS_PUBLIC_LOOKUPS_BURST", limits.public_lookups.burst));
    GUICHET_CHECK(ReadEnvInt(getenv, "GUICHET_LIMITS_FEEDBACK_VOTES_PER_MINUTE",
                             limits.feedback_votes.per_minute));
    GUICHET_CHECK(
        ReadEnvInt(getenv, "GUICHET_LIMITS_FEEDBACK_VOTES_BURST", limits.feedback_votes.burst));
    GUICHET_CHECK(
        ReadEnvInt(getenv, "GUICHET_FEEDBACK_HALF_LIFE_DAYS", config.feedback_half_life_days, 1));
    GUICHET_CHECK(ReadEnvInt(getenv, "GUICHET_LIMITS_CONNECTIONS_PER_ADDRESS",
                             limits.connections_per_address));
    GUICHET_CHECK(
        ReadEnvInt(getenv, "GUICHET_LIMITS_UPLOADS_PER_ADDRESS", limits.uploads_per_address));
    GUICHET_CHECK(ReadEnvInt(getenv, "GUICHET_LIMITS_UPLOADS_TOTAL", limits.uploads_total));
    GUICHET_CHECK(ApplyLoginThrottleEnv(getenv, config));
    GUICHET_CHECK(
        ReadEnvInt(getenv, "GUICHET_DATABASE_LEASE_TIMEOUT_MS", config.database_lease_timeout_ms));
    GUICHET_CHECK(CheckTileUrl(config.map_tile_url));
    if (config.port > 65535) return Fail(ConfigError("server.port : le port doit être ≤ 65535."));
    if (config.database_lease_timeout_ms < 1)
        return Fail(ConfigError("database.lease_timeout_ms : le délai doit être d'au moins 1 ms."));
    return config;
}

}  // namespace guichet
