#include "app/application.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <boost/json/object.hpp>

#include "addresses/http/address_routes.hpp"
#include "app/detached_index.hpp"
#include "app/request_types_for_answers.hpp"
#include "calendar/http/hours_routes.hpp"
#include "comms/http/presence_routes.hpp"
#include "core/log.hpp"
#include "core/scheduler.hpp"
#include "http/server.hpp"
#include "identity/http/identity_routes.hpp"
#include "knowledge/http/knowledge_routes.hpp"
#include "knowledge/http/map_routes.hpp"
#include "knowledge/schema.hpp"
#include "mail/http/mailbox_routes.hpp"
#include "mail/schema.hpp"
#include "requests/http/open311_routes.hpp"
#include "requests/http/request_routes.hpp"
#include "requests/http/template_routes.hpp"
#include "requests/schema.hpp"
#include "storage/sqlite_database.hpp"
#include "tenancy/http/tenancy_routes.hpp"

namespace guichet::app {
namespace {

namespace fs = std::filesystem;

int Cores() { return std::max(1u, std::thread::hardware_concurrency()); }
// Two per core: enough to overlap fsyncs and password hashing with reads, few enough that reads
// do not pay for context switches (bench/: 8 workers on 2 cores served about 30 % fewer requests).
int WorkerThreads(const Config& c) { return c.worker_threads > 0 ? c.worker_threads : 2 * Cores(); }

Result<void> PrepareDataDir(const std::string& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    const std::string probe = (fs::path(dir) / ".guichet-write-test").string();
    bool writable = false;
    if (!ec) {
        std::ofstream out(probe);
        writable = static_cast<bool>(out << "ok");
    }
    fs::remove(probe, ec);
    if (!writable) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "Le dossier de données « " + dir +
                        " » n'est pas accessible en écriture. Choisissez-en un autre avec --data "
                        "ou corrigez ses droits.",
                    "data directory not writable: " + dir);
    }
    return {};
}

// The built front end: the configured folder, else web/dist beside the build folder of the
// binary (build/guichet -> web/dist), else ./web/dist.
std::optional<fs::path> FindWebRoot(const Config& config) {
    std::vector<fs::path> candidates;
    if (!config.web_root.empty()) {
        candidates.emplace_back(config.web_root);
    } else {
        std::error_code ec;
        fs::path exe = fs::read_symlink("/proc/self/exe", ec);
        if (!ec) {
            candidates.push_back(exe.parent_path().parent_path() / "web" / "dist");
            candidates.push_back(exe.parent_path() / ".." / "share" / "guichet" / "web");
        }
        candidates.emplace_back("web/dist");
    }
    for (const auto& c : candidates) {
        std::error_code ec;
        if (fs::is_regular_file(c / "index.html", ec)) return fs::weakly_canonical(c, ec);
    }
    return std::nullopt;
}

// Attachments live beside the database; without a data directory (tests), in a folder of the
// system's temporary directory unique to the process.
fs::path AttachmentsDir(const Config& config) {
    if (!config.data_dir.empty()) return fs::path(config.data_dir) / "attachments";
    return fs::temp_directory_path() / ("guichet-attachments-" + std::to_string(::getpid()));
}

}  // namespace

std::span<const storage::MigrationSet> Application::MigrationSets() {
    // In dependency order: identity's tables refer to tenancy's.
    static const std::vector<storage::MigrationSet> sets = {
        {"tenancy", tenancy::TenancyService::Migrations()},
        {"identity", identity::IdentityService::Migrations()},
        {"knowledge", knowledge::Migrations()},
        {"requests", requests::Migrations()},
        {"mail", mail::Migrations()},
        {"addresses", addresses::AddressService::Migrations()},
    };
    return sets;
}

Application::Application(const Config& config, std::unique_ptr<storage::Database> db,
                         std::unique_ptr<search::SearchIndex> index, identity::PasswordCost cost)
    : config_(config),
      db_(std::move(db)),
      tenancy_(*db_, clock_),
      identity_(*db_, clock_,
                identity::IdentityOptions{
                    std::chrono::minutes(config.session_idle_minutes),
                    std::chrono::hours(config.session_max_hours), cost,
                    identity::LoginThrottleOptions{
                        .per_account_address = config.login_failures_per_account_address,
                        .per_address = config.login_failures_per_address,
                        .per_account = config.login_failures_per_account,
                        .window = std::chrono::minutes(config.login_failure_window_minutes)}}),
      presence_(bus_, clock_),
      auth_(identity_, identity::http::CookiePolicy{config.secure_cookies,
                                                    std::chrono::hours(config.session_max_hours)}),
      index_(std::move(index)),
      articles_(*db_, clock_, *index_),
      feedback_(
          *db_, clock_,
          {.half_life = std::chrono::hours(24 * std::max(1, config.feedback_half_life_days))}),
      index_maintenance_(articles_, tenancy_),
      places_(*db_, clock_, tenancy_),
      events_(*db_, clock_, tenancy_),
      // The answers offer the public request types; catalogue_ (built below) is read only when
      // answering.
      answers_(clock_, tenancy_, places_, events_, articles_, RequestTypesForAnswers(catalogue_)),
      neighbourhoods_(*db_, clock_),
      addresses_(*db_, clock_),
      map_tiles_(*db_, clock_, {config.map_tile_url, config.map_tile_attribution}),
      calendars_(clock_, tenancy_),
      catalogue_(*db_, clock_),
      charter_routing_(*db_, clock_),
      request_queries_(*db_, clock_),
      request_writer_(*db_, clock_, bus_, calendars_),
      request_attachments_(*db_, clock_, request_writer_, request_queries_, AttachmentsDir(config)),
      letters_(*db_, clock_, tenancy_, calendars_),
      lifecycle_(*db_, clock_,
                 {catalogue_, charter_routing_, request_queries_, request_attachments_, letters_,
                  calendars_, request_writer_}),
      deadline_monitor_(*db_, clock_, bus_, charter_routing_, calendars_),
      requests_{catalogue_,           charter_routing_, request_queries_,  lifecycle_,
                request_attachments_, letters_,         deadline_monitor_, calendars_},
      mailboxes_(*db_, clock_, catalogue_, tenancy_, mail_transport_),
      mail_outbox_(*db_, clock_, requests_, tenancy_, mail_transport_),
      mail_intake_(*db_, clock_, requests_, tenancy_, mail_transport_, mail_outbox_),
      request_mail_(*db_, letters_, mail_outbox_) {
    articles_.UseRankingSignals(&feedback_);
}

bool Application::DatabaseExists(const Config& config) {
    std::error_code ec;
    return fs::is_regular_file(fs::path(config.data_dir) / "guichet.db", ec);
}

Result<std::unique_ptr<Application>> Application::Open(const Config& config,
                                                       const Progress& progress, Role role) {
    GUICHET_CHECK(PrepareDataDir(config.data_dir));
    const std::string path = (fs::path(config.data_dir) / "guichet.db").string();
    GUICHET_TRY(db, storage::OpenSqlite({.path = path,
                                         // Both pools of the server's workers may read at once.
                                         .pool_size = 2 * WorkerThreads(config),
                                         .lease_timeout_ms = config.database_lease_timeout_ms}));
    return OpenWith(config, std::move(db), identity::PasswordCost::Interactive(), progress, role);
}

Result<std::unique_ptr<Application>> Application::OpenWith(const Config& config,
                                                           std::unique_ptr<storage::Database> db,
                                                           identity::PasswordCost cost,
                                                           const Progress& progress, Role role) {
    GUICHET_TRY(report, storage::Migrate(*db, MigrationSets(), progress));
    // The search index lives beside the database; without a data directory (tests), in memory.
    Result<std::unique_ptr<search::SearchIndex>> index =
        config.data_dir.empty()
            ? search::SearchIndex::InMemory()
            : search::SearchIndex::OpenDirectory(fs::path(config.data_dir) / "search");
    bool detached = false;
    if (!index && index.error().code == ErrorCode::kUnavailable) {
        if (role == Role::kServer) {
            return Fail(ErrorCode::kFailedPrecondition,
                        "Un autre serveur Guichet utilise déjà le dossier de données « " +
                            config.data_dir + " ». Arrêtez-le ou choisissez un autre dossier.",
                        index.error().detail);
        }
        // A server runs on this data directory: work on the database alone; the server
        // brings its index up to date by itself.
        index = std::unique_ptr<search::SearchIndex>(std::make_unique<DetachedIndex>());
        detached = true;
    }
    if (!index) return Fail(index.error());
    std::unique_ptr<Application> app(
        new Application(config, std::move(db), std::move(*index), cost));
    app->migrations_ = std::move(report);
    GUICHET_CHECK(app->map_tiles_.LoadTileOrigins());
    app->index_detached_ = detached;
    if (!detached) {
        GUICHET_CHECK(app->articles_.LoadAllSynonyms());
        GUICHET_CHECK(app->index_maintenance_.Repair(progress));
    }
    return app;
}

Result<void> Application::MaintainSearchIndex() {
    // A detached index is the running server's: it maintains it.
    if (index_detached_) return {};
    return index_maintenance_.Maintain();
}

void Application::RegisterRoutes(http::Router& router, http::Metrics& metrics) {
    using http::Method;
    using http::Request;
    using http::Response;
    router.Add(Method::kGet, "/api/v1/health", [this](Request&) -> Result<Response> {
        auto probe = db_->Read<int64_t>([](storage::Connection& c) -> Result<int64_t> {
            GUICHET_TRY(row, c.QueryOne("SELECT 1"));
            return row ? row->Int(0) : 0;
        });
        boost::json::object body{{"status", probe ? "ok" : "degraded"},
                                 {"version", kVersion},
                                 {"checks", {{"database", probe ? "ok" : "unavailable"}}}};
        Response r = Response::Json(probe ? 200 : 503, body);
        if (!probe) r.Set("Retry-After", "1");
        return r;
    });
    router.Add(Method::kGet, "/metrics",
               [&metrics](Request&) -> Result<Response> {
                   return Response::Text(200, metrics.Render(),
                                         "text/plain; version=0.0.4; charset=utf-8");
               },
               {.blocking = false});
    tenancy::http::RegisterRoutes(router, tenancy_, auth_, clock_);
    identity::http::RegisterRoutes(router, identity_, tenancy_, auth_);
    comms::http::RegisterRoutes(router, presence_, auth_);
    calendar::http::RegisterRoutes(router, hours_, clock_);
    knowledge::http::RegisterRoutes(
        router, {tenancy_, articles_, places_, events_, answers_, neighbourhoods_, feedback_},
        auth_, clock_, {.feedback_votes = config_.limits.feedback_votes});
    knowledge::http::RegisterMapRoutes(
        router, tenancy_, places_, neighbourhoods_, auth_,
        [this](std::string_view tenant_id) -> Result<knowledge::http::MapTiles> {
            GUICHET_TRY(tiles, map_tiles_.TilesFor(tenant_id));
            return knowledge::http::MapTiles{tiles.url, tiles.attribution};
        });
    addresses::http::RegisterRoutes(router, addresses_, map_tiles_, tenancy_, auth_);
    requests::http::RegisterRoutes(router, requests_, tenancy_, auth_, clock_, MailDelivery());
    requests::http::RegisterTemplateRoutes(router, requests_, auth_);
    requests::http::RegisterOpen311Routes(router, requests_, tenancy_, identity_, clock_);
    mail::http::RegisterMailboxRoutes(router, mailboxes_, auth_);
}

requests::http::Delivery Application::MailDelivery() {
    // The rules (which requests and messages go by e-mail, who signs) are the mail module's.
    mail::RequestMail& hooks = request_mail_;
    return {.on_create =
                [&hooks](std::string_view tenant_id, const requests::NewRequest& in) {
                    return hooks.OnCreate(tenant_id, in);
                },
            .on_outgoing =
                [&hooks](const requests::Request& q, const requests::Outgoing& m,
                         const requests::Actor& actor) { return hooks.OnOutgoing(q, m, actor); }};
}

Result<void> Application::Serve(const std::function<void(int port)>& on_listening) {
    http::Router router;
    http::Metrics metrics;
    http::WsHub hub(bus_);
    RegisterRoutes(router, metrics);

    std::optional<http::StaticFiles> static_files;
    if (auto root = FindWebRoot(config_)) {
        static_files.emplace(*root);
        log::Info("serving front end", {{"root", root->string()}});
    } else {
        log::Warn("front end not built: only the API is served (run `make build`)");
    }

    http::ServerDeps deps{router, metrics, hub, static_files ? &*static_files : nullptr,
                          [this](const http::Request& request) -> Result<http::WsPeer> {
                              GUICHET_TRY(principal, auth_.RequireSession(request));
                              if (!principal.Allows(identity::Permission::kPresenceRead)) {
                                  return Fail(ErrorCode::kPermissionDenied, "Accès refusé.");
                              }
                              return comms::http::PresenceWsPeer(presence_, *principal.agent);
                          }};
    http::ServerOptions options{
        .bind = config_.bind,
        .port = config_.port,
        .io_threads = config_.io_threads > 0 ? config_.io_threads : Cores(),
        .worker_threads = WorkerThreads(config_),
        .max_body_bytes = config_.max_body_bytes,
        .max_upload_bytes = config_.max_upload_bytes,
        .max_header_bytes = config_.max_header_bytes,
        .request_timeout = std::chrono::seconds(config_.request_timeout_seconds),
        .shutdown_grace = std::chrono::seconds(config_.shutdown_grace_seconds),
        .trusted_proxies = config_.trusted_proxies,
        .public_writes = config_.limits.public_writes,
        .public_lookups = config_.limits.public_lookups,
        .connections_per_address = config_.limits.connections_per_address,
        .uploads_per_address = config_.limits.uploads_per_address,
        .uploads_total = config_.limits.uploads_total,
        .upload_dir = (fs::path(config_.data_dir) / "tmp").string(),
        .img_sources = map_tiles_.ConfiguredTileOrigins(),
        // The origins of the tiles tenants chose in the console (cached by the service).
        .dynamic_img_sources = [this] { return map_tiles_.TileOrigins(); },
        .dynamic_img_sources_generation = [this] { return map_tiles_.TileOriginsGeneration(); },
    };
    GUICHET_TRY(server, http::Server::Create(options, std::move(deps)));
    Scheduler scheduler;
    ScheduleJobs(scheduler);
    scheduler.Start();
    log::Info("listening", {{"port", server->port()},
                            {"bind", config_.bind},
                            {"data_dir", config_.data_dir},
                            {"version", kVersion}});
    if (on_listening) on_listening(server->port());
    server->Run();
    return {};
}

void Application::ScheduleJobs(Scheduler& scheduler) {
    using std::chrono::seconds;
    const Config::SchedulerSettings& every = config_.scheduler;
    // Maintenance: scheduled publications that became due, an index that a command-line import
    // (DetachedIndex) left behind the database, and deadlines coming near or passed.
    scheduler.Add({"index-repair", "maintenance", seconds(every.index_repair_seconds),
                   [this] { return MaintainSearchIndex(); }});
    scheduler.Add({"deadline-check", "maintenance", seconds(every.deadline_check_seconds),
                   [this]() -> Result<void> {
                       GUICHET_CHECK(deadline_monitor_.CheckDeadlines());
                       return {};
                   }});
    // The e-mail channel: libcurl calls block, so they have a lane of their own (a slow mail
    // server never delays the deadline check), and stopping cancels a transfer in progress.
    // Both run at start: mail that arrived while the server was stopped is read at once.
    scheduler.Add({"mail-poll", "mail", seconds(every.mail_poll_seconds),
                   [this]() -> Result<void> {
                       mail_intake_.PollAll();
                       return {};
                   },
                   Scheduler::FirstRun::kAtStart});
    scheduler.Add({"outbox-send", "mail", seconds(every.outbox_send_seconds),
                   [this]() -> Result<void> {
                       mail_outbox_.SendDue();
                       return {};
                   },
                   Scheduler::FirstRun::kAtStart});
    scheduler.OnStop("mail", [this] { mail_transport_.Cancel(); });
}

}  // namespace guichet::app
