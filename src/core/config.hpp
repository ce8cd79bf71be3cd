// Config: every setting of a guichet process, with its default.
//
// Sources, weakest first: built-in defaults, a TOML file (`--config FILE` or GUICHET_CONFIG),
// environment variables (GUICHET_*), then command-line flags, which the CLI applies last.
// The defaults give a working server with no configuration at all (`./data`, port 8080).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/rate_limiter.hpp"
#include "core/result.hpp"

namespace guichet {

struct Config {
    std::string data_dir = "./data";
    std::string bind = "0.0.0.0";
    int port = 8080;
    std::string web_root;  // Built front end; empty: found next to the binary.
    int io_threads = 0;    // 0: one per core.
    // Threads for blocking calls (database, crypto) in each of the server's two pools (GET and
    // HEAD; other methods). 0: two per core.
    int worker_threads = 0;
    std::size_t max_body_bytes = 1 << 20;
    std::size_t max_upload_bytes = 25 << 20;  // Routes that take files (server.max_upload_bytes).
    std::size_t max_header_bytes = 16 << 10;
    int request_timeout_seconds = 30;
    int shutdown_grace_seconds = 15;
    int session_idle_minutes = 120;  // A session unused this long expires.
    int session_max_hours = 12;      // A session expires this long after login regardless.
    bool secure_cookies = false;     // Set when served over HTTPS (behind a TLS proxy).
    // How long a call waits for a database connection or its turn to write before failing with
    // kUnavailable (HTTP 503 with Retry-After) instead of hanging (database.lease_timeout_ms).
    int database_lease_timeout_ms = 5000;
    std::string log_level = "info";
    // The server's periodic jobs ([scheduler], GUICHET_SCHEDULER_*; core/scheduler.hpp): seconds
    // between the end of one run and the start of the next, at least 1.
    struct SchedulerSettings {
        int deadline_check_seconds = 60;  // Requests whose deadline comes near or has passed.
        int index_repair_seconds = 60;    // Publications that became due; an index left behind.
        // Every tenant's mailboxes read; also [mail] poll_seconds and GUICHET_MAIL_POLL_SECONDS.
        int mail_poll_seconds = 30;
        int outbox_send_seconds = 2;  // E-mails waiting in the outbox sent.
    } scheduler;
    // A raster tile layer for the portal's maps (map.tile_url, map.tile_attribution): an https://
    // URL or a same-origin path with {z}, {x} and {y}. Empty: no tiles, so no browser calls a
    // third party unless the administration chose one (docs/adr/0013).
    std::string map_tile_url;
    std::string map_tile_attribution;

    // Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (server.
    // trusted_proxies, GUICHET_TRUSTED_PROXIES as a comma-separated list): exact addresses.
    // Empty: the peer's address is the client's and forwarded headers are ignored.
    std::vector<std::string> trusted_proxies;
    // What one client address may do ([limits], docs/security.md). Rates of 0 switch a limit off.
    struct Limits {
        RatePolicy public_writes{10, 20};   // Anonymous submissions, replies (per minute, burst).
        RatePolicy public_lookups{30, 30};  // Follow-up look-ups by tracking code.
        RatePolicy feedback_votes{1, 20};   // Citizens' « Cette réponse vous a-t-elle aidé ? ».
        int connections_per_address = 256;  // Open connections (trusted proxies excepted).
        int uploads_per_address = 4;        // Upload bodies being received at once.
        int uploads_total = 64;             // The same for all clients together.
    } limits;
    // Login throttling ([security] login_failures_*, GUICHET_LOGIN_FAILURES_*; identity's
    // LoginThrottle): attempts before a lock per (account, address), per address across
    // accounts, and per account from unusual networks, counted within a sliding window.
    int login_failures_per_account_address = 5;
    int login_failures_per_address = 20;
    int login_failures_per_account = 50;
    int login_failure_window_minutes = 60;
    // Learning from use ([knowledge] feedback_half_life_days, GUICHET_FEEDBACK_HALF_LIFE_DAYS):
    // a vote counts half after this many days (knowledge/feedback_signals.hpp).
    int feedback_half_life_days = 90;
};

// Reads `file` (if not empty) over the defaults, then the environment through `getenv`.
// Errors name the file and the key or variable at fault.
using EnvLookup = std::function<std::optional<std::string>(const char*)>;
Result<Config> LoadConfig(const std::string& file, const EnvLookup& getenv);

// The process environment, for LoadConfig.
std::optional<std::string> ProcessEnv(const char* name);

}  // namespace guichet
