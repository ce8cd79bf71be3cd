#include "app/cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <boost/json/serialize.hpp>
#include "app/application.hpp"
#include "app/demo.hpp"

#include "calendar/hours_query.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/log.hpp"
#include "knowledge/service_import.hpp"
#include "tenancy/tenant.hpp"

namespace guichet::app {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

const identity::Actor kCliActor{"cli", std::nullopt, "cli"};

// Options every command takes.
struct Common {
    std::string config_file;
    std::string data_dir;
};

void AddCommon(CLI::App* command, Common& common) {
    command->add_option("--config", common.config_file, "Fichier de configuration TOML");
    command->add_option("--data", common.data_dir, "Dossier des données (défaut : ./data)");
}

int Report(const Error& error) {
    std::cerr << "guichet : " << error.message << "\n";
    if (!error.detail.empty() && error.detail != error.message)
        log::Debug("cli error", {{"detail", error.detail}});
    return kExitFailure;
}

Result<Config> LoadFor(const Common& common) {
    GUICHET_TRY(config, LoadConfig(common.config_file, ProcessEnv));
    if (!common.data_dir.empty()) config.data_dir = common.data_dir;
    return config;
}

Result<std::unique_ptr<Application>> OpenApp(const Config& config, bool show_progress,
                                             Application::Role role = Application::Role::kCommand) {
    return Application::Open(
        config,
        [show_progress](std::string_view step) {
            if (show_progress) std::cerr << "Migration " << step << "…\n";
        },
        role);
}

// A password from --password, --password-stdin (one line), or generated and printed once.
struct PasswordInput {
    std::string value;
    bool from_stdin = false;
};

Result<std::pair<std::string, bool>> ResolvePassword(const PasswordInput& input) {
    if (input.from_stdin) {
        std::string line;
        if (!std::getline(std::cin, line)) {
            return Fail(ErrorCode::kInvalidArgument,
                        "Aucun mot de passe lu sur l'entrée standard.");
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return std::make_pair(line, false);
    }
    if (!input.value.empty()) return std::make_pair(input.value, false);
    return std::make_pair(RandomToken(12), true);
}

void AddPasswordOptions(CLI::App* command, PasswordInput& input) {
    command->add_option("--password", input.value,
                        "Mot de passe (sinon un mot de passe est généré et affiché une fois)");
    command->add_flag("--password-stdin", input.from_stdin,
                      "Lire le mot de passe sur l'entrée standard");
}

// `guichet hours`: one answer, or one answer per input line with --batch. Exit code 2 when a
// value does not parse or a line is wrong (the other lines are still answered).
int RunHours(const calendar::HoursQuery& single, bool batch) {
    // A local tool: longer windows and answers than the public route, same value bounds.
    calendar::HoursEvaluator evaluator(calendar::HoursLimits::Local());
    SystemClock clock;
    if (!batch) {
        if (single.value.empty()) {
            std::cerr << "guichet : indiquez la valeur avec --value (ou utilisez --batch).\n";
            return kExitUsage;
        }
        auto answer = evaluator.Evaluate(single, clock.Now());
        if (!answer) {
            std::cerr << "guichet : " << answer.error().message << "\n";
            return kExitUsage;
        }
        std::cout << boost::json::serialize(answer->json) << "\n";
        return answer->parse_failed ? kExitUsage : 0;
    }
    int exit_code = 0;
    std::string line;
    for (int number = 1; std::getline(std::cin, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto object = json::ParseObject(line);
        auto query = object ? calendar::HoursQueryFromJson(*object)
                            : Result<calendar::HoursQuery>(tl::unexpected(object.error()));
        auto answer = query ? evaluator.Evaluate(*query, clock.Now())
                            : Result<calendar::HoursAnswer>(tl::unexpected(query.error()));
        if (!answer) {
            exit_code = kExitUsage;
            boost::json::object error{{"line", number},
                                      {"error",
                                       {{"message", "ligne " + std::to_string(number) + " : " +
                                                        answer.error().message}}}};
            std::cout << boost::json::serialize(error) << "\n";
            continue;
        }
        if (answer->parse_failed) exit_code = kExitUsage;
        std::cout << boost::json::serialize(answer->json) << "\n";
    }
    return exit_code;
}

Result<tenancy::Tenant> TenantBySlug(Application& app, const std::string& slug) {
    return app.tenancy().FindBySlug(slug);
}

// Progress of long work on the terminal: a bar redrawn in place on a terminal, a line every
// tenth otherwise (logs, CI).
class ProgressBar {
  public:
    explicit ProgressBar(std::string label) : label_(std::move(label)), tty_(isatty(2) != 0) {}
    void operator()(std::size_t done, std::size_t total) {
        if (total == 0) return;
        const int percent = static_cast<int>(done * 100 / total);
        if (tty_) {
            const int filled = percent / 5;
            std::cerr << "\r" << label_ << " [" << std::string(filled, '#')
                      << std::string(20 - filled, '.') << "] " << std::setw(3) << percent << " % ("
                      << done << "/" << total << ")" << std::flush;
            if (done == total) std::cerr << "\n";
        } else if (percent / 10 != last_ / 10 || done == total) {
            std::cerr << label_ << " : " << percent << " % (" << done << "/" << total << ")\n";
        }
        last_ = percent;
    }

  private:
    std::string label_;
    bool tty_;
    int last_ = -1;
};

Result<std::string> ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Fail(ErrorCode::kInvalidArgument, "Impossible de lire le fichier « " + path + " ».");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// `guichet import addresses --tenant T FILE`: the BAN's CSV (plain or .gz), streamed, with
// progress on the terminal; exit 0 when every line was imported, 2 when bad lines were skipped
// (each named with its line on stderr), 1 when the file was refused and nothing changed.
int RunAddressImport(Application& app, const std::string& tenant_slug, const std::string& path,
                     const std::vector<std::string>& communes) {
    auto tenant = TenantBySlug(app, tenant_slug);
    if (!tenant) return Report(tenant.error());
    const bool tty = isatty(2) != 0;
    int last_percent = -1;
    auto mio = [](std::uint64_t bytes) {
        std::ostringstream s;
        s << std::fixed << std::setprecision(1) << static_cast<double>(bytes) / (1 << 20);
        std::string text = s.str();
        std::replace(text.begin(), text.end(), '.', ',');
        return text + " Mio";
    };
    addresses::AddressImportOptions options;
    options.communes = communes;
    options.progress = [&](std::uint64_t done, std::uint64_t total) {
        if (total == 0) return;
        const int percent = static_cast<int>(std::min<std::uint64_t>(100, done * 100 / total));
        if (tty) {
            std::cerr << "\rImport des adresses : " << std::setw(3) << percent << " % ("
                      << mio(done) << " lus sur " << mio(total) << ")" << std::flush;
            if (done >= total) std::cerr << "\n";
        } else if (percent / 10 != last_percent / 10 || done >= total) {
            std::cerr << "Import des adresses : " << percent << " %\n";
        }
        last_percent = percent;
    };
    std::cerr << "Lecture de « " << path << " »…\n";
    auto report = app.addresses().ImportFile(tenant->id, path, options);
    if (!report) return Report(report.error());
    for (const auto& e : report->errors)
        std::cerr << path << ", ligne " << e.line << " (ignorée) : " << e.message << "\n";
    if (report->refused > report->errors.size())
        std::cerr << "… et " << report->refused - report->errors.size()
                  << " autres lignes ignorées.\n";
    std::cout << report->imported << " adresse(s) et " << report->streets << " voie(s) importées, "
              << report->refused << " ligne(s) ignorée(s)";
    if (!communes.empty())
        std::cout << ", " << report->filtered << " ligne(s) d'autres communes laissées de côté";
    std::cout << ". Elles remplacent les adresses précédentes.\n";
    return report->refused == 0 ? 0 : kExitUsage;
}

// `guichet import KIND --tenant T FILE`: exit 0 when every row was imported, 2 when some were
// refused (each named with its line on stderr), 1 when nothing could be done.
int RunImport(Application& app, const std::string& kind, const std::string& tenant_slug,
              const std::string& path, const knowledge::NeighbourhoodImportOptions& geojson) {
    auto tenant = TenantBySlug(app, tenant_slug);
    if (!tenant) return Report(tenant.error());
    auto text = ReadFile(path);
    if (!text) return Report(text.error());
    Result<knowledge::ImportReport> report = Fail(ErrorCode::kInvalidArgument, "");
    if (kind == "services") {
        report = knowledge::ImportServices(app.tenancy(), tenant->id, *text);
    } else if (kind == "places") {
        report = app.places().Import(tenant->id, *text);
    } else if (kind == "events") {
        report = app.events().Import(tenant->id, *text);
    } else if (kind == "neighbourhoods") {
        report = app.neighbourhoods().Import(tenant->id, *text, geojson);
    } else {
        ProgressBar bar("Import des articles");
        report = app.articles().ImportJsonLines(tenant->id, *text, {std::nullopt, "import"},
                                                std::ref(bar));
    }
    if (!report) return Report(report.error());
    std::stable_sort(report->errors.begin(), report->errors.end(),
                     [](const auto& a, const auto& b) { return a.line < b.line; });
    // GeoJSON features are named by their index in `features`, the other rows by their line.
    auto where = [](const knowledge::ImportError& e) {
        return e.feature ? ", features[" + std::to_string(*e.feature) + "]"
                         : ", ligne " + std::to_string(e.line);
    };
    for (const auto& e : report->errors)
        std::cerr << path << where(e) << " : " << e.message << "\n";
    for (const auto& w : report->warnings)
        std::cerr << path << where(w) << " (avertissement) : " << w.message << "\n";
    std::cout << report->created << " créé(s), " << report->updated << " mis à jour, "
              << report->errors.size() << " refusé(s).\n";
    return report->errors.empty() ? 0 : kExitUsage;
}

// The deepest command of the line that was recognised: "guichet", "tenant", "agent"...
const CLI::App* InnermostCommand(const CLI::App& app) {
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (sub->parsed()) return InnermostCommand(*sub);
    }
    return &app;
}

// What a person who typed a wrong line reads: CLI11 speaks English, so the two errors people meet
// first — no command, an unknown command — are said in French with the commands to choose from;
// other errors (a missing or malformed option) keep CLI11's message and point to --help.
int ReportParseError(const CLI::App& cli, const CLI::ParseError& e, int argc, char** argv) {
    if (e.get_exit_code() == 0) return cli.exit(e);  // --help, --help-all.
    const CLI::App* command = InnermostCommand(cli);
    std::string path = "guichet";
    for (const CLI::App* c = command; c != &cli && c != nullptr; c = c->get_parent())
        path.insert(7, " " + c->get_name());
    const auto subcommands = command->get_subcommands([](const CLI::App*) { return true; });
    // The first word after the recognised commands, if it is not an option.
    int depth = 1;
    for (const CLI::App* c = command; c != &cli && c != nullptr; c = c->get_parent()) ++depth;
    const std::string word = depth < argc ? argv[depth] : "";
    if (!subcommands.empty() && (word.empty() || word.front() != '-')) {
        if (!word.empty()) std::cerr << path << " : commande inconnue « " << word << " ».\n";
        std::cerr << "Usage : " << path << " COMMANDE [options]\n\nCommandes :\n";
        std::size_t width = 0;
        for (const CLI::App* sub : subcommands) width = std::max(width, sub->get_name().size());
        for (const CLI::App* sub : subcommands) {
            std::cerr << "  " << std::left << std::setw(static_cast<int>(width) + 2)
                      << sub->get_name() << sub->get_description() << "\n";
        }
        std::cerr << "\nAide d'une commande : " << path << " COMMANDE --help\n";
        return kExitUsage;
    }
    std::string message = e.what();
    if (const auto at = message.rfind(" is required");
        at != std::string::npos && at > 0 && at + 12 == message.size()) {
        message = "l'option " + message.substr(0, at) + " est obligatoire.";
    }
    std::cerr << path << " : " << message << "\nAide : " << path << " --help\n";
    return kExitUsage;
}

}  // namespace

int RunCli(int argc, char** argv) {
    CLI::App cli{"Guichet — plateforme de relation usager multicanal pour les administrations",
                 "guichet"};
    cli.require_subcommand(1);
    cli.set_help_all_flag("--help-all", "Aide de toutes les commandes");
    Common common;

    // serve
    auto* serve = cli.add_subcommand("serve", "Démarre le serveur (portail, console, API)");
    AddCommon(serve, common);
    int port = -1;
    std::string bind, web_root;
    bool serve_demo = false;
    serve->add_option("--port", port, "Port d'écoute (défaut : 8080 ; 0 : port libre)")
        ->check(CLI::Range(0, 65535));
    serve->add_option("--bind", bind, "Adresse d'écoute (défaut : 0.0.0.0)");
    serve->add_option("--web-root", web_root, "Dossier du front end construit (web/dist)");
    serve->add_flag("--demo", serve_demo, "Charge la commune de démonstration si elle manque");

    // migrate
    auto* migrate = cli.add_subcommand("migrate", "Met à jour le schéma de la base de données");
    AddCommon(migrate, common);

    // demo
    auto* demo = cli.add_subcommand("demo", "Charge la commune de démonstration (Villebelle)");
    AddCommon(demo, common);
    std::string demo_password;
    demo->add_option("--password", demo_password,
                     "Mot de passe de tous les agents de démonstration");

    // tenant create|list
    auto* tenant = cli.add_subcommand("tenant", "Collectivités");
    tenant->require_subcommand(1);
    auto* tenant_create = tenant->add_subcommand("create", "Crée une collectivité");
    AddCommon(tenant_create, common);
    tenancy::NewTenant new_tenant;
    std::vector<std::string> domains;
    tenant_create->add_option("--slug", new_tenant.slug, "Identifiant (a-z, 0-9, -)")->required();
    tenant_create->add_option("--name", new_tenant.name, "Nom affiché")->required();
    tenant_create->add_option("--timezone", new_tenant.timezone,
                              "Fuseau horaire (défaut : Europe/Paris)");
    tenant_create->add_option(
        "--zone", new_tenant.holiday_zone,
        "Zone des jours fériés (défaut : celle du département, sinon metropole)");
    tenant_create->add_option("--domain", domains,
                              "Nom de domaine du portail (plusieurs possibles)");
    std::string department, school_zone;
    tenant_create->add_option("--department", department, "Département (exemples : 91, 2A, 974)");
    tenant_create->add_option(
        "--school-zone", school_zone,
        "Zone de vacances scolaires : A, B, C, corse ou une académie d'outre-mer");
    std::string logo_url;
    tenant_create->add_option("--logo-url", logo_url,
                              "Adresse (https) du logo affiché sur le portail");
    std::string name_article;
    tenant_create->add_option("--article", name_article,
                              "Article du nom dans les textes (« de la Mairie de … ») : la, le, "
                              "l', les ou aucun (défaut : déduit du nom)");
    auto* tenant_list = tenant->add_subcommand("list", "Liste les collectivités");
    AddCommon(tenant_list, common);

    // agent create|list|passwd
    auto* agent = cli.add_subcommand("agent", "Agents");
    agent->require_subcommand(1);
    std::string agent_tenant, agent_email, agent_name, agent_roles = "reception";
    PasswordInput agent_password;
    auto* agent_create = agent->add_subcommand("create", "Crée un agent");
    AddCommon(agent_create, common);
    agent_create->add_option("--tenant", agent_tenant, "Identifiant de la collectivité")
        ->required();
    agent_create
        ->add_option("--email", agent_email, "Adresse électronique (identifiant de connexion)")
        ->required();
    agent_create->add_option("--name", agent_name, "Nom affiché")->required();
    agent_create->add_option("--roles", agent_roles,
                             "Rôles séparés par des virgules : reception, case_agent, manager, "
                             "tenant_admin, platform_admin");
    AddPasswordOptions(agent_create, agent_password);
    auto* agent_list = agent->add_subcommand("list", "Liste les agents d'une collectivité");
    AddCommon(agent_list, common);
    agent_list->add_option("--tenant", agent_tenant, "Identifiant de la collectivité")->required();
    auto* agent_passwd = agent->add_subcommand("passwd", "Change le mot de passe d'un agent");
    AddCommon(agent_passwd, common);
    agent_passwd->add_option("--tenant", agent_tenant, "Identifiant de la collectivité")
        ->required();
    agent_passwd->add_option("--email", agent_email, "Adresse électronique de l'agent")->required();
    AddPasswordOptions(agent_passwd, agent_password);

    // apikey create
    auto* apikey = cli.add_subcommand("apikey", "Clés d'API des intégrations");
    apikey->require_subcommand(1);
    auto* apikey_create =
        apikey->add_subcommand("create", "Crée une clé (affichée une seule fois)");
    AddCommon(apikey_create, common);
    std::string key_tenant, key_name;
    apikey_create->add_option("--tenant", key_tenant, "Identifiant de la collectivité")->required();
    apikey_create->add_option("--name", key_name, "Nom de l'intégration")->required();

    // hours
    auto* hours = cli.add_subcommand(
        "hours",
        "Évalue une valeur opening_hours (OpenStreetMap) : état, plages, prochain changement");
    AddCommon(hours, common);
    calendar::HoursQuery hours_query;
    bool hours_batch = false;
    double lat = 0, lon = 0;
    hours->add_option("--value", hours_query.value, "La valeur, par exemple « Mo-Fr 08:30-12:00 »");
    hours->add_option("--from", hours_query.from,
                      "Début de la période (2026-12-06T09:00 ; défaut : maintenant)");
    hours->add_option("--to", hours_query.to, "Fin de la période (défaut : début + 7 jours)");
    hours->add_option("--at", hours_query.at, "Instant de l'état demandé (défaut : début)");
    hours->add_option("--zone", hours_query.zone, "Zone des jours fériés (défaut : metropole)");
    hours->add_option("--department", hours_query.department,
                      "Département (57, 67, 68 : Alsace-Moselle)");
    hours->add_option("--school-zone", hours_query.school_zone,
                      "Zone de vacances scolaires (A, B, C…)");
    auto* lat_option = hours->add_option("--lat", lat, "Latitude, pour sunrise/sunset");
    auto* lon_option = hours->add_option("--lon", lon, "Longitude, pour sunrise/sunset");
    hours->add_flag(
        "--batch", hours_batch,
        "Lit un objet JSON par ligne sur l'entrée standard et écrit une réponse par ligne");

    auto* import = cli.add_subcommand(
        "import",
        "Importe des services, lieux, événements (JSON), articles (JSON lines), quartiers "
        "(GeoJSON) ou adresses (CSV de la Base Adresse Nationale, .csv ou .csv.gz)");
    AddCommon(import, common);
    std::string import_kind, import_tenant, import_file;
    knowledge::NeighbourhoodImportOptions import_geojson;
    std::vector<std::string> import_communes;
    import
        ->add_option("kind", import_kind,
                     "services, places, events, articles, neighbourhoods ou addresses")
        ->required()
        ->check(CLI::IsMember(
            {"services", "places", "events", "articles", "neighbourhoods", "addresses"}));
    import->add_option("--tenant", import_tenant, "Identifiant de la collectivité")->required();
    import->add_option("file", import_file, "Fichier à importer")->required();
    import->add_option("--name-property", import_geojson.name_property,
                       "Quartiers : propriété qui donne le nom (défaut : name, nom, l_qu…)");
    import->add_option("--id-property", import_geojson.id_property,
                       "Quartiers : propriété qui donne l'identifiant (défaut : id de l'entité, "
                       "id, code, c_qu…, sinon le nom)");
    import
        ->add_option("--communes", import_communes,
                     "Adresses : ne garder que ces communes (codes INSEE ou codes postaux, "
                     "séparés par des virgules)")
        ->delimiter(',');

    auto* export_command =
        cli.add_subcommand("export", "Exporte les articles en JSON lines (sur la sortie standard)");
    AddCommon(export_command, common);
    std::string export_kind, export_tenant;
    export_command->add_option("kind", export_kind, "articles")
        ->required()
        ->check(CLI::IsMember({"articles"}));
    export_command->add_option("--tenant", export_tenant, "Identifiant de la collectivité")
        ->required();

    auto* reindex = cli.add_subcommand("reindex", "Reconstruit l'index de recherche des articles");
    AddCommon(reindex, common);
    std::string reindex_tenant;
    reindex->add_option("--tenant", reindex_tenant,
                        "Identifiant de la collectivité (défaut : toutes)");

    // mailbox add|list
    auto* mailbox =
        cli.add_subcommand("mailbox", "Boîtes aux lettres (courriel entrant et sortant)");
    mailbox->require_subcommand(1);
    std::string mailbox_tenant;
    mail::NewMailbox new_mailbox;
    bool mailbox_password_stdin = false;
    auto* mailbox_add = mailbox->add_subcommand("add", "Ajoute une boîte lue en IMAP");
    AddCommon(mailbox_add, common);
    mailbox_add->add_option("--tenant", mailbox_tenant, "Identifiant de la collectivité")
        ->required();
    mailbox_add->add_option("--imap", new_mailbox.imap_url, "imap://hôte:port/INBOX (ou imaps://)")
        ->required();
    mailbox_add->add_option("--user", new_mailbox.user, "Utilisateur IMAP")->required();
    mailbox_add->add_flag("--password-stdin", mailbox_password_stdin,
                          "Lire le mot de passe IMAP sur l'entrée standard");
    mailbox_add->add_option("--smtp", new_mailbox.smtp_url, "smtp://hôte:port (ou smtps://)")
        ->required();
    mailbox_add->add_option("--from", new_mailbox.from_address, "Adresse d'expédition")->required();
    mailbox_add->add_option("--from-name", new_mailbox.from_name,
                            "Nom d'expéditeur (défaut : le nom de la collectivité)");
    mailbox_add->add_flag("--smtp-auth", new_mailbox.smtp_auth,
                          "S'authentifier en SMTP avec l'utilisateur et le mot de passe IMAP");
    mailbox_add->add_flag("--starttls", new_mailbox.starttls,
                          "Exiger STARTTLS (imap:// et smtp://)");
    auto* mailbox_list = mailbox->add_subcommand("list", "Liste les boîtes aux lettres");
    AddCommon(mailbox_list, common);
    mailbox_list->add_option("--tenant", mailbox_tenant, "Identifiant de la collectivité");

    auto* version = cli.add_subcommand("version", "Affiche la version");

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return ReportParseError(cli, e, argc, argv);
    }

    if (version->parsed()) {
        std::cout << "guichet " << kVersion << "\n";
        return 0;
    }
    if (hours->parsed()) {
        if (lat_option->count() > 0) hours_query.lat = lat;
        if (lon_option->count() > 0) hours_query.lon = lon;
        return RunHours(hours_query, hours_batch);
    }

    auto config = LoadFor(common);
    if (!config) return Report(config.error());
    log::Init(config->log_level);

    if (serve->parsed()) {
        if (port >= 0) config->port = port;
        if (!bind.empty()) config->bind = bind;
        if (!web_root.empty()) config->web_root = web_root;
        auto app = OpenApp(*config, false, Application::Role::kServer);
        if (!app) return Report(app.error());
        for (const auto& step : (*app)->migrations().applied)
            log::Info("migration applied", {{"step", step}});
        if (serve_demo) {
            auto loaded = LoadDemo(**app, {}, std::cerr);
            if (!loaded) return Report(loaded.error());
        }
        auto served = (*app)->Serve([&](int bound) {
            std::cerr << "Guichet est prêt : http://localhost:" << bound
                      << "/ (console : /console). "
                      << "Ctrl+C pour arrêter.\n";
        });
        if (!served) return Report(served.error());
        return 0;
    }

    // Only the commands that set a database up may create one: the others (lists, exports,
    // imports, agents…) would otherwise leave a new empty database in a mistyped --data folder.
    const bool sets_up = migrate->parsed() || demo->parsed() || tenant_create->parsed();
    if (!sets_up && !Application::DatabaseExists(*config))
        return Report(Error{ErrorCode::kNotFound,
                            "Aucune base de données dans le dossier « " + config->data_dir +
                                " » : vérifiez l'option --data. Une base se crée avec « guichet "
                                "migrate », « guichet demo » ou « guichet tenant create ».",
                            "no database in " + config->data_dir, "no-database", 0});
    auto app = OpenApp(*config, true);
    if (!app) return Report(app.error());
    Application& a = **app;

    if (migrate->parsed()) {
        std::cout << (a.migrations().applied.empty()
                          ? "La base de données est à jour.\n"
                          : std::to_string(a.migrations().applied.size()) +
                                " migration(s) appliquée(s).\n");
        return 0;
    }
    if (demo->parsed()) {
        auto loaded = LoadDemo(a, {demo_password}, std::cout);
        return loaded ? 0 : Report(loaded.error());
    }
    if (tenant_create->parsed()) {
        if (!logo_url.empty()) new_tenant.logo_url = logo_url;
        if (!department.empty()) new_tenant.department = department;
        if (!school_zone.empty()) new_tenant.school_zone = school_zone;
        // Checked before anything is created: a wrong article leaves no tenant half made.
        std::optional<std::string> article;
        if (!name_article.empty()) {
            article = name_article == "aucun" ? std::string() : name_article;
            if (std::find(tenancy::kNameArticles.begin(), tenancy::kNameArticles.end(), *article) ==
                tenancy::kNameArticles.end())
                return Report(Error{ErrorCode::kInvalidArgument,
                                    "L'option --article vaut la, le, l', les ou aucun.",
                                    "bad --article", "invalid-parameter", 0});
        }
        auto created = a.tenancy().CreateTenant(new_tenant);
        if (!created) return Report(created.error());
        if (article) {
            auto set = a.tenancy().SetNameArticle(created->id, article);
            if (!set) return Report(set.error());
        }
        for (const auto& d : domains) {
            auto added = a.tenancy().AddDomain(created->id, d);
            if (!added) return Report(added.error());
        }
        if (article) created->name_article = article;
        // The administrator sees how the texts will name the tenant (--article corrects it).
        std::cout << "Collectivité « " << created->name << " » créée (identifiant " << created->slug
                  << ") ; les courriels diront « " << tenancy::NameAfterDe(*created) << " ».\n";
        return 0;
    }
    if (tenant_list->parsed()) {
        auto tenants = a.tenancy().ListTenants();
        if (!tenants) return Report(tenants.error());
        if (tenants->empty())
            std::cout << "Aucune collectivité. Créez-en une avec : guichet tenant create\n";
        for (const auto& t : *tenants) {
            std::cout << std::left << std::setw(24) << t.slug << std::setw(36) << t.name
                      << std::setw(20) << t.timezone << t.holiday_zone;
            for (const auto& d : t.domains) std::cout << " " << d;
            std::cout << "\n";
        }
        return 0;
    }
    if (agent_create->parsed() || agent_list->parsed() || agent_passwd->parsed()) {
        auto t = TenantBySlug(a, agent_tenant);
        if (!t) return Report(t.error());
        if (agent_list->parsed()) {
            auto agents = a.identity().ListAgents(t->id);
            if (!agents) return Report(agents.error());
            for (const auto& ag : *agents) {
                std::cout << std::left << std::setw(36) << ag.email << std::setw(28)
                          << ag.display_name << identity::JoinRoles(ag.roles)
                          << (ag.active ? "" : " (désactivé)") << "\n";
            }
            return 0;
        }
        auto password = ResolvePassword(agent_password);
        if (!password) return Report(password.error());
        if (agent_create->parsed()) {
            auto roles = identity::ParseRoles(agent_roles);
            if (!roles) {
                return Report(
                    Error{ErrorCode::kInvalidArgument,
                          "Rôles invalides « " + agent_roles +
                              " » : reception, case_agent, manager, tenant_admin, platform_admin.",
                          "", "", 0});
            }
            auto created = a.identity().CreateAgent(
                t->id, {agent_email, agent_name, password->first, *roles, std::nullopt}, kCliActor);
            if (!created) return Report(created.error());
            std::cout << "Agent " << created->email << " créé.\n";
        } else {
            auto changed = a.identity().SetPassword(t->id, agent_email, password->first, kCliActor);
            if (!changed) return Report(changed.error());
            std::cout << "Mot de passe changé ; les sessions ouvertes de l'agent sont fermées.\n";
        }
        if (password->second)
            std::cout << "Mot de passe (affiché une seule fois) : " << password->first << "\n";
        return 0;
    }
    if (import->parsed()) {
        if (import_kind == "addresses")
            return RunAddressImport(a, import_tenant, import_file, import_communes);
        const int code = RunImport(a, import_kind, import_tenant, import_file, import_geojson);
        if (a.search_index_detached() && code != kExitFailure)
            std::cerr << "Un serveur est en cours d'exécution : il mettra sa recherche à jour "
                         "d'ici une minute.\n";
        return code;
    }
    if (export_command->parsed()) {
        auto t = TenantBySlug(a, export_tenant);
        if (!t) return Report(t.error());
        auto lines = a.articles().ExportJsonLines(t->id);
        if (!lines) return Report(lines.error());
        std::cout << *lines;
        return 0;
    }
    if (reindex->parsed()) {
        if (a.search_index_detached()) {
            return Report(Error{ErrorCode::kFailedPrecondition,
                                "Un serveur utilise l'index de recherche : il le tient à jour "
                                "lui-même. Arrêtez-le pour reconstruire l'index à la main.",
                                "", "", 0});
        }
        auto tenants = a.tenancy().ListTenants();
        if (!tenants) return Report(tenants.error());
        for (const auto& t : *tenants) {
            if (!reindex_tenant.empty() && t.slug != reindex_tenant) continue;
            ProgressBar bar("Réindexation de " + t.slug);
            auto count = a.articles().Reindex(t.id, std::ref(bar));
            if (!count) return Report(count.error());
            std::cout << t.slug << " : " << *count << " article(s) indexé(s).\n";
        }
        return 0;
    }
    if (mailbox_add->parsed()) {
        auto t = TenantBySlug(a, mailbox_tenant);
        if (!t) return Report(t.error());
        if (!mailbox_password_stdin) {
            std::cerr << "guichet : donnez le mot de passe IMAP avec --password-stdin.\n";
            return kExitUsage;
        }
        auto password = ResolvePassword({"", true});
        if (!password) return Report(password.error());
        new_mailbox.password = password->first;
        auto added = a.mail().AddMailbox(t->id, new_mailbox);
        if (!added) return Report(added.error());
        std::cout << "Boîte « " << added->imap_url << " » ajoutée pour " << t->slug
                  << " ; un serveur en marche la lit à son prochain passage.\n";
        return 0;
    }
    if (mailbox_list->parsed()) {
        std::optional<std::string> tenant_id;
        if (!mailbox_tenant.empty()) {
            auto t = TenantBySlug(a, mailbox_tenant);
            if (!t) return Report(t.error());
            tenant_id = t->id;
        }
        auto boxes = a.mail().ListMailboxes(tenant_id);
        if (!boxes) return Report(boxes.error());
        if (boxes->empty())
            std::cout << "Aucune boîte. Ajoutez-en une avec : guichet mailbox add\n";
        for (const auto& b : *boxes) {
            std::cout << b.id << "  " << b.imap_url << "  " << b.user << "  " << b.smtp_url << "  "
                      << b.from_address << "  dernier UID " << b.last_uid;
            if (!b.enabled) std::cout << "  en pause";
            if (b.last_error) std::cout << "  erreur : " << *b.last_error;
            std::cout << "\n";
        }
        return 0;
    }
    if (apikey_create->parsed()) {
        auto t = TenantBySlug(a, key_tenant);
        if (!t) return Report(t.error());
        auto key = a.identity().CreateApiKey(t->id, key_name, kCliActor);
        if (!key) return Report(key.error());
        std::cout << "Clé « " << key->key.name
                  << " » créée. Conservez-la : elle ne sera plus affichée.\n"
                  << key->secret << "\n";
        return 0;
    }
    return kExitUsage;
}

}  // namespace guichet::app
