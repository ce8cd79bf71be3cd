// Requests at scale (bench/requests_bench.sh drives it; see bench/README.md).
//
//   requests_bench load     --data DIR --count N [--sample S]
//       Fills the demo commune's database (guichet demo --data DIR) up to N requests: S through
//       RequestLifecycle::Create (routing, charter deadlines, tracking code, timeline: the honest
//       path, timed), the rest as a bulk insert of realistic rows (request + "created" timeline
//       entry) with prepared statements, 50,000 rows per transaction.
//   requests_bench list     --data DIR [--iterations K]
//       p50/p99 of RequestQueries::List (first page of 50) for the inbox filters agents use.
//   requests_bench baseline --data DIR [--seconds T]
//       The same request row inserted with raw SQLite statements: one prepared INSERT in a
//       transaction per row, WAL and synchronous=FULL (the server's durability), for T seconds.
//   requests_bench ids      --data DIR
//       Prints "<service id> <agent id>" of the busiest open queue and agent (for wrk).
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bus/event_bus.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "requests/testing_stack.hpp"
#include "requests/tracking_code.hpp"
#include "storage/sqlite_database.hpp"
#include "tenancy/tenancy_service.hpp"

namespace {

using namespace guichet;
using Clock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& message) {
    std::fprintf(stderr, "requests_bench: %s\n", message.c_str());
    std::exit(1);
}

struct Args {
    std::string command, data;
    long count = 1'000'000, sample = 2'000, iterations = 200, seconds = 10;
};

Args Parse(int argc, char** argv) {
    if (argc < 2) Die("usage: requests_bench load|list|baseline|ids --data DIR [options]");
    Args a;
    a.command = argv[1];
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--data")
            a.data = value;
        else if (key == "--count")
            a.count = std::stol(value);
        else if (key == "--sample")
            a.sample = std::stol(value);
        else if (key == "--iterations")
            a.iterations = std::stol(value);
        else if (key == "--seconds")
            a.seconds = std::stol(value);
        else
            Die("unknown option " + key);
    }
    if (a.data.empty()) Die("--data DIR is required");
    return a;
}

// ---- Raw SQLite ---------------------------------------------------------------------------------

class Raw {
  public:
    explicit Raw(const std::string& path) {
        if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) Die("cannot open " + path);
        Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        sqlite3_busy_timeout(db_, 10000);
    }
    ~Raw() {
        for (auto* s : statements_) sqlite3_finalize(s);
        sqlite3_close(db_);
    }
    void Exec(const std::string& sql) {
        char* error = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK)
            Die(sql.substr(0, 60) + ": " + (error ? error : "?"));
    }
    sqlite3_stmt* Prepare(const std::string& sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
            Die("prepare: " + std::string(sqlite3_errmsg(db_)));
        statements_.push_back(s);
        return s;
    }
    std::vector<std::string> Column(const std::string& sql) {
        sqlite3_stmt* s = Prepare(sql);
        std::vector<std::string> out;
        while (sqlite3_step(s) == SQLITE_ROW)
            out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
        return out;
    }
    sqlite3* db() { return db_; }

  private:
    sqlite3* db_ = nullptr;
    std::vector<sqlite3_stmt*> statements_;
};

constexpr const char* kInsertRequest =
    "INSERT INTO requests (id, tenant_id, tracking_code, category_id, kind, channel, "
    "citizen_name, citizen_email, citizen_phone, citizen_address, subject, description, fields, "
    "location, priority, tags, service_id, agent_id, status, is_closed, charter_version, due_ack, "
    "due_first, due_resolution, next_due, acknowledged_at, first_answered_at, resolved_at, "
    "paused_since, pauses, alerts, merged_into, links, external_ref, received_at, created_at, "
    "updated_at, version) VALUES (?1, ?2, ?3, ?4, 'request', ?5, ?6, ?7, ?8, ?9, ?10, ?11, '{}', "
    "NULL, 0, '[]', ?12, ?13, ?14, ?15, 1, ?16, ?17, ?18, ?19, ?20, ?21, ?22, NULL, '[]', 0, "
    "NULL, '[]', NULL, ?23, ?23, ?24, 1)";
constexpr const char* kInsertTimeline =
    "INSERT INTO request_timeline (id, tenant_id, request_id, type, actor_type, actor_id, "
    "actor_name, data, is_public, at) VALUES (?1, ?2, ?3, 'created', 'citizen', NULL, ?4, ?5, 1, "
    "?6)";

// A realistic request of the demo commune at `received`, open or closed.
struct RowMaker {
    std::string tenant, category;
    std::vector<std::string> services, agents;
    std::mt19937_64 rng{42};
    int64_t now_ms = ToUnixMillis(std::chrono::system_clock::now());

    static constexpr const char* kSubjects[] = {"Nid-de-poule rue de l'Église",
                                                "Éclairage public en panne",
                                                "Demande d'acte de naissance",
                                                "Dépôt sauvage près du stade",
                                                "Inscription à la cantine",
                                                "Bruit de voisinage la nuit",
                                                "Stationnement gênant devant l'école",
                                                "Question sur la taxe de séjour",
                                                "Arbre dangereux au square",
                                                "Réservation de la salle des fêtes"};
    static constexpr const char* kChannels[] = {"web",   "web",     "web",    "email",  "email",
                                                "phone", "counter", "letter", "open311"};
    static constexpr const char* kNames[] = {
        "Élodie Durand", "Karim Benali",   "Sophie Martin", "Jean-Pierre Lefèvre",
        "Aïcha Traoré",  "Noémie Garnier", "Hugo Rousseau", "Chloé Moreau"};

    void Bind(sqlite3_stmt* s, int i, const std::string& v) {
        sqlite3_bind_text(s, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    void BindOpt(sqlite3_stmt* s, int i, std::optional<int64_t> v) {
        if (v)
            sqlite3_bind_int64(s, i, *v);
        else
            sqlite3_bind_null(s, i);
    }

    // Binds one request and its timeline entry; `received_ms` within the last two years.
    void Make(sqlite3_stmt* req, sqlite3_stmt* tl, int64_t received_ms, bool closed) {
        auto pick = [&](auto& v) -> const auto& { return v[rng() % std::size(v)]; };
        const std::string id = NewId(FromUnixMillis(received_ms));
        const std::string code = requests::NewTrackingCode();
        const std::string name = pick(kNames);
        const std::string subject = pick(kSubjects);
        const std::string channel = pick(kChannels);
        const int64_t day = 24LL * 3600 * 1000;
        const int64_t ack = received_ms + 2 * day, first = received_ms + 10 * day,
                      resolution = received_ms + 30 * day;
        std::optional<int64_t> next_due, acknowledged, answered, resolved;
        std::string status = "nouvelle";
        if (closed) {
            status = "close";
            acknowledged = received_ms + day;
            answered = received_ms + 5 * day;
            resolved = received_ms + 12 * day;
        } else if (rng() % 2) {
            status = "en_cours";
            acknowledged = received_ms + day;
            next_due = first;
        } else {
            next_due = ack;
        }
        sqlite3_reset(req);
        Bind(req, 1, id);
        Bind(req, 2, tenant);
        Bind(req, 3, code);
        Bind(req, 4, category);
        Bind(req, 5, channel);
        Bind(req, 6, name);
        Bind(req, 7, "usager" + std::to_string(rng() % 200000) + "@example.fr");
        sqlite3_bind_null(req, 8);
        Bind(req, 9, std::to_string(rng() % 120 + 1) + " rue des Lilas, 91999 Villebelle");
        Bind(req, 10, subject);
        Bind(req, 11,
             subject +
                 ". Merci de bien vouloir intervenir rapidement, la situation dure "
                 "depuis plusieurs jours.");
        Bind(req, 12, pick(services));
        if (!agents.empty() && rng() % 3 == 0)
            Bind(req, 13, pick(agents));
        else
            sqlite3_bind_null(req, 13);
        Bind(req, 14, status);
        sqlite3_bind_int64(req, 15, closed ? 1 : 0);
        sqlite3_bind_int64(req, 16, ack);
        sqlite3_bind_int64(req, 17, first);
        sqlite3_bind_int64(req, 18, resolution);
        BindOpt(req, 19, next_due);
        BindOpt(req, 20, acknowledged);
        BindOpt(req, 21, answered);
        BindOpt(req, 22, resolved);
        sqlite3_bind_int64(req, 23, received_ms);
        sqlite3_bind_int64(req, 24, resolved.value_or(received_ms));
        if (!tl) return;
        sqlite3_reset(tl);
        Bind(tl, 1, NewId(FromUnixMillis(received_ms)));
        Bind(tl, 2, tenant);
        Bind(tl, 3, id);
        Bind(tl, 4, name);
        Bind(tl, 5, "{\"channel\":\"" + channel + "\",\"routed_by\":\"rule\"}");
        sqlite3_bind_int64(tl, 6, received_ms);
    }
};

RowMaker Maker(Raw& raw) {
    RowMaker m;
    auto tenants = raw.Column("SELECT id FROM tenants ORDER BY created_at LIMIT 1");
    if (tenants.empty()) Die("no tenant: run guichet demo --data DIR first");
    m.tenant = tenants[0];
    m.services = raw.Column("SELECT id FROM services WHERE tenant_id = '" + m.tenant + "'");
    m.agents = raw.Column("SELECT id FROM agents WHERE tenant_id = '" + m.tenant + "'");
    auto categories = raw.Column("SELECT id FROM request_categories WHERE tenant_id = '" +
                                 m.tenant + "' ORDER BY external_id = 'general' DESC LIMIT 1");
    if (m.services.empty() || categories.empty())
        Die("the tenant has no service or category (run the sample through Create first)");
    m.category = categories[0];
    return m;
}

double Seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

// ---- Commands -----------------------------------------------------------------------------------

struct Services {
    explicit Services(const std::string& data) {
        auto db = storage::OpenSqlite({.path = data + "/guichet.db", .pool_size = 2});
        if (!db) Die("open: " + db.error().detail);
        db_ = std::move(*db);
        tenancy = std::make_unique<tenancy::TenancyService>(*db_, clock);
        requests = std::make_unique<requests::testing::RequestStack>(
            *db_, clock, bus, *tenancy, std::filesystem::path(data) / "attachments");
    }
    SystemClock clock;
    bus::InProcessBus bus;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<tenancy::TenancyService> tenancy;
    std::unique_ptr<requests::testing::RequestStack> requests;
};

std::string FirstTenant(Services& s) {
    auto tenants = s.tenancy->ListTenants();
    if (!tenants || tenants->empty()) Die("no tenant: run guichet demo --data DIR first");
    return tenants->front().id;
}

int Load(const Args& a) {
    long existing = 0;
    {
        Raw raw(a.data + "/guichet.db");
        existing = std::stol(raw.Column("SELECT COUNT(*) FROM requests")[0]);
    }
    // 1. The honest path, timed.
    {
        Services s(a.data);
        const std::string tenant = FirstTenant(s);
        std::mt19937_64 rng{7};
        const long sample = std::min(a.sample, a.count - existing);
        const auto start = Clock::now();
        for (long i = 0; i < sample; ++i) {
            requests::NewRequest in;
            in.channel = i % 3 == 0 ? requests::Channel::kEmail : requests::Channel::kWeb;
            in.citizen = {RowMaker::kNames[rng() % 8],
                          "usager" + std::to_string(rng() % 200000) + "@example.fr", std::nullopt,
                          std::string("12 rue des Lilas, 91999 Villebelle")};
            in.subject = RowMaker::kSubjects[rng() % 10];
            in.description = in.subject + ". Le trottoir est abîmé et la voirie doit intervenir.";
            auto created =
                s.requests->lifecycle.Create(tenant, in, {"citizen", std::nullopt, "bench"});
            if (!created) Die("Create: " + created.error().detail);
        }
        const double t = Seconds(start);
        if (sample > 0)
            std::printf("create (RequestLifecycle::Create): %ld requests in %.1f s = %.0f/s\n",
                        sample, t, sample / t);
        existing += sample;
    }
    // 2. The bulk of realistic rows.
    Raw raw(a.data + "/guichet.db");
    RowMaker maker = Maker(raw);
    sqlite3_stmt* req = raw.Prepare(kInsertRequest);
    sqlite3_stmt* tl = raw.Prepare(kInsertTimeline);
    const long missing = a.count - existing;
    const int64_t two_years = 730LL * 24 * 3600 * 1000;
    const auto start = Clock::now();
    constexpr long kBatch = 50'000;
    for (long done = 0; done < missing;) {
        raw.Exec("BEGIN");
        const long end = std::min(missing, done + kBatch);
        for (; done < end; ++done) {
            // Spread over two years, oldest first; 85 % of what is older than a month is closed,
            // and nearly all of it older than three months.
            const int64_t received = maker.now_ms - two_years + (two_years * done) / missing;
            const int64_t age_days = (maker.now_ms - received) / (24LL * 3600 * 1000);
            const bool closed = age_days > 90   ? (maker.rng() % 100) < 98
                                : age_days > 30 ? (maker.rng() % 100) < 85
                                                : (maker.rng() % 100) < 30;
            for (int attempt = 0;; ++attempt) {
                maker.Make(req, tl, received, closed);
                const int rc = sqlite3_step(req);
                if (rc == SQLITE_DONE) break;
                // A tracking code drawn twice (one chance in 27^8 per pair, so a few times in a
                // million rows): draw again.
                if (rc != SQLITE_CONSTRAINT || attempt > 3)
                    Die("insert: " + std::string(sqlite3_errmsg(raw.db())));
            }
            if (sqlite3_step(tl) != SQLITE_DONE)
                Die("timeline: " + std::string(sqlite3_errmsg(raw.db())));
        }
        raw.Exec("COMMIT");
        std::fprintf(stderr, "\rbulk insert: %ld / %ld", done, missing);
    }
    const double t = Seconds(start);
    if (missing > 0)
        std::printf(
            "\nbulk insert (prepared, 50k rows per transaction): %ld rows in %.1f s = "
            "%.0f/s\n",
            missing, t, missing / t);
    raw.Exec("ANALYZE");
    std::printf("requests in the database: %s (open: %s)\n",
                raw.Column("SELECT COUNT(*) FROM requests")[0].c_str(),
                raw.Column("SELECT COUNT(*) FROM requests WHERE is_closed = 0")[0].c_str());
    return 0;
}

// The service and agent with the most open requests.
std::pair<std::string, std::string> Busiest(Raw& raw) {
    auto service = raw.Column(
        "SELECT service_id FROM requests WHERE is_closed = 0 AND service_id IS NOT NULL GROUP BY "
        "service_id ORDER BY COUNT(*) DESC LIMIT 1");
    auto agent = raw.Column(
        "SELECT agent_id FROM requests WHERE is_closed = 0 AND agent_id IS NOT NULL GROUP BY "
        "agent_id ORDER BY COUNT(*) DESC LIMIT 1");
    return {service.empty() ? "" : service[0], agent.empty() ? "" : agent[0]};
}

int Ids(const Args& a) {
    Raw raw(a.data + "/guichet.db");
    auto [service, agent] = Busiest(raw);
    std::printf("%s %s\n", service.c_str(), agent.c_str());
    return 0;
}

int List(const Args& a) {
    std::pair<std::string, std::string> busiest;
    {
        Raw raw(a.data + "/guichet.db");
        busiest = Busiest(raw);
    }
    Services s(a.data);
    const std::string tenant = FirstTenant(s);
    struct Case {
        const char* name;
        requests::InboxFilter filter;
    };
    std::vector<Case> cases = {
        {"all open", {}},
        {"service queue", {.service_id = busiest.first}},
        {"mine", {.agent_id = busiest.second}},
        {"overdue", {.overdue = true}},
        {"service queue, overdue", {.service_id = busiest.first, .overdue = true}},
    };
    std::printf("%-24s %8s %10s %10s %10s\n", "RequestQueries::List", "items", "p50 ms", "p99 ms",
                "max ms");
    for (auto& c : cases) {
        std::vector<double> ms;
        std::size_t items = 0;
        for (long i = 0; i < a.iterations + 5; ++i) {
            const auto start = Clock::now();
            auto page = s.requests->queries.List(tenant, c.filter);
            const double t = Seconds(start) * 1000;
            if (!page) Die(std::string("List: ") + page.error().detail);
            items = page->items.size();
            if (i >= 5) ms.push_back(t);  // The first calls warm the page cache.
        }
        std::sort(ms.begin(), ms.end());
        auto at = [&](double q) { return ms[static_cast<std::size_t>(q * (ms.size() - 1))]; };
        std::printf("%-24s %8zu %10.2f %10.2f %10.2f\n", c.name, items, at(0.5), at(0.99),
                    ms.back());
    }
    return 0;
}

int Baseline(const Args& a) {
    Raw raw(a.data + "/guichet.db");
    RowMaker maker = Maker(raw);
    sqlite3_stmt* req = raw.Prepare(kInsertRequest);
    sqlite3_stmt* begin = raw.Prepare("BEGIN");
    sqlite3_stmt* commit = raw.Prepare("COMMIT");
    long rows = 0;
    const auto start = Clock::now();
    while (Seconds(start) < static_cast<double>(a.seconds)) {
        sqlite3_reset(begin);
        sqlite3_step(begin);
        for (int attempt = 0;; ++attempt) {
            maker.Make(req, nullptr, maker.now_ms, false);
            const int rc = sqlite3_step(req);
            if (rc == SQLITE_DONE) break;
            // A tracking code already drawn: with 10^6 codes among 27^8, about one insert in
            // 280,000 meets one. Drawn again, as RequestLifecycle::Create does.
            if (rc != SQLITE_CONSTRAINT || attempt > 3) Die(sqlite3_errmsg(raw.db()));
        }
        sqlite3_reset(commit);
        if (sqlite3_step(commit) != SQLITE_DONE) Die(sqlite3_errmsg(raw.db()));
        ++rows;
    }
    const double t = Seconds(start);
    std::printf(
        "baseline (raw SQLite, prepared INSERT, 1 transaction per row, WAL, "
        "synchronous=FULL): %ld rows in %.1f s = %.0f/s\n",
        rows, t, rows / t);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const Args a = Parse(argc, argv);
    if (a.command == "load") return Load(a);
    if (a.command == "list") return List(a);
    if (a.command == "baseline") return Baseline(a);
    if (a.command == "ids") return Ids(a);
    Die("unknown command " + a.command);
}
