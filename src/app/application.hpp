// Application: the composition root. The only place that knows how modules are wired together.
//
// Open() prepares the data directory, opens the database, applies migrations and builds every
// service; Serve() builds the router, the WebSocket hub and the HTTP server around them. The CLI
// commands use the services directly. Members are declared in dependency order so that they are
// destroyed in the reverse order.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "addresses/address_service.hpp"
#include "addresses/map_tiles.hpp"
#include "bus/event_bus.hpp"
#include "calendar/hours_query.hpp"
#include "comms/presence_service.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/scheduler.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "identity/http/authenticator.hpp"
#include "identity/identity_service.hpp"
#include "knowledge/answer_service.hpp"
#include "knowledge/article_service.hpp"
#include "knowledge/event_service.hpp"
#include "knowledge/feedback_service.hpp"
#include "knowledge/index_maintenance.hpp"
#include "knowledge/neighbourhood_service.hpp"
#include "knowledge/place_service.hpp"
#include "mail/mail_intake.hpp"
#include "mail/mail_outbox.hpp"
#include "mail/mailbox_admin.hpp"
#include "mail/request_mail.hpp"
#include "mail/transport.hpp"
#include "requests/http/request_routes.hpp"
#include "requests/request_services.hpp"
#include "search/search_index.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::app {

inline constexpr std::string_view kVersion = "0.1.0";

class Application {
  public:
    using Progress = std::function<void(std::string_view)>;

    // Who opens: the server owns the search index; a command-line process shares the data
    // directory with a server that may be running, and then works without the index.
    enum class Role { kServer, kCommand };

    // Opens the database under config.data_dir (created if missing; refused with a clear message
    // if not writable) and migrates it.
    // Whether `config` names an existing database (commands other than those that set one up
    // refuse to create it in a mistyped --data folder).
    static bool DatabaseExists(const Config& config);

    static Result<std::unique_ptr<Application>> Open(const Config& config,
                                                     const Progress& progress = {},
                                                     Role role = Role::kCommand);
    // The same over a database opened by the caller (tests: a fresh SQLite file).
    static Result<std::unique_ptr<Application>> OpenWith(const Config& config,
                                                         std::unique_ptr<storage::Database> db,
                                                         identity::PasswordCost cost,
                                                         const Progress& progress = {},
                                                         Role role = Role::kCommand);

    // True when a running server holds the search index (see DetachedIndex).
    bool search_index_detached() const { return index_detached_; }
    // Brings the search index up to date with the database for every tenant whose index does not
    // match it, and indexes scheduled publications that became due.
    Result<void> MaintainSearchIndex();

    static std::span<const storage::MigrationSet> MigrationSets();

    // Every HTTP route of the product, as served.
    void RegisterRoutes(http::Router& router, http::Metrics& metrics);

    // Adds the server's periodic jobs to `scheduler`, with their intervals from
    // config().scheduler: "index-repair" and "deadline-check" on the "maintenance" lane,
    // "mail-poll" and "outbox-send" on the "mail" lane (stopping cancels a mail transfer).
    void ScheduleJobs(Scheduler& scheduler);
    static constexpr std::array<std::string_view, 4> kJobNames = {"index-repair", "deadline-check",
                                                                  "mail-poll", "outbox-send"};

    // Serves until SIGINT/SIGTERM. `on_listening` is called with the bound port.
    Result<void> Serve(const std::function<void(int port)>& on_listening);

    const Config& config() const { return config_; }
    storage::Database& db() { return *db_; }
    tenancy::TenancyService& tenancy() { return tenancy_; }
    identity::IdentityService& identity() { return identity_; }
    comms::PresenceService& presence() { return presence_; }
    calendar::HoursEvaluator& hours() { return hours_; }
    knowledge::ArticleService& articles() { return articles_; }
    knowledge::PlaceService& places() { return places_; }
    knowledge::EventService& events() { return events_; }
    knowledge::AnswerService& answers() { return answers_; }
    knowledge::NeighbourhoodService& neighbourhoods() { return neighbourhoods_; }
    addresses::AddressService& addresses() { return addresses_; }
    addresses::MapTilesService& map_tiles() { return map_tiles_; }
    // The requests module's services (request_services.hpp), each also by name.
    const requests::RequestServices& requests() const { return requests_; }
    requests::Catalogue& catalogue() { return catalogue_; }
    requests::RequestLifecycle& lifecycle() { return lifecycle_; }
    requests::RequestQueries& request_queries() { return request_queries_; }
    mail::MailboxAdmin& mailboxes() { return mailboxes_; }
    mail::MailIntake& mail_intake() { return mail_intake_; }
    mail::MailOutbox& mail_outbox() { return mail_outbox_; }
    const storage::MigrationReport& migrations() const { return migrations_; }

  private:
    Application(const Config& config, std::unique_ptr<storage::Database> db,
                std::unique_ptr<search::SearchIndex> index, identity::PasswordCost cost);
    // How answers and acknowledgements reach citizens by e-mail (through the mail outbox).
    requests::http::Delivery MailDelivery();

    Config config_;
    SystemClock clock_;
    std::unique_ptr<storage::Database> db_;
    bus::InProcessBus bus_;
    tenancy::TenancyService tenancy_;
    identity::IdentityService identity_;
    comms::PresenceService presence_;
    identity::http::Authenticator auth_;
    calendar::HoursEvaluator hours_;
    std::unique_ptr<search::SearchIndex> index_;
    knowledge::ArticleService articles_;
    knowledge::FeedbackService feedback_;  // Lifts articles_'s results (UseRankingSignals).
    knowledge::IndexMaintenance index_maintenance_;
    knowledge::PlaceService places_;
    knowledge::EventService events_;
    knowledge::AnswerService answers_;
    knowledge::NeighbourhoodService neighbourhoods_;
    addresses::AddressService addresses_;
    addresses::MapTilesService map_tiles_;
    // The requests module, in the order of request_services.hpp (each uses those above it).
    requests::WorkingCalendars calendars_;
    requests::Catalogue catalogue_;
    requests::CharterRouting charter_routing_;
    requests::RequestQueries request_queries_;
    requests::RequestWriter request_writer_;
    requests::RequestAttachments request_attachments_;
    requests::Letters letters_;
    requests::RequestLifecycle lifecycle_;
    requests::DeadlineMonitor deadline_monitor_;
    requests::RequestServices requests_;
    // The e-mail channel: mailbox settings, the outbox, the intake, and the hooks of the request
    // routes (RequestMail).
    mail::CurlTransport mail_transport_;
    mail::MailboxAdmin mailboxes_;
    mail::MailOutbox mail_outbox_;
    mail::MailIntake mail_intake_;
    mail::RequestMail request_mail_;
    bool index_detached_ = false;
    storage::MigrationReport migrations_;
};

}  // namespace guichet::app
