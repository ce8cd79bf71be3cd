// `guichet serve`, `guichet migrate` and `guichet demo`: the commands that start the server or
// set a database up.
#include <iostream>
#include <memory>
#include <string>

#include "app/cli/command.hpp"
#include "app/demo.hpp"
#include "core/log.hpp"

namespace guichet::app::cli {
namespace {

struct ServeOptions {
    int port = -1;
    std::string bind;
    std::string web_root;
    bool demo = false;
};

// Serves until SIGINT/SIGTERM, with the command line's --port, --bind and --web-root over the
// configuration; --demo loads the demo commune first if it is missing.
int Serve(Config& config, const ServeOptions& options) {
    if (options.port >= 0) config.port = options.port;
    if (!options.bind.empty()) config.bind = options.bind;
    if (!options.web_root.empty()) config.web_root = options.web_root;
    auto app = OpenApp(config, false, Application::Role::kServer);
    if (!app) return Report(app.error());
    for (const auto& step : (*app)->migrations().applied)
        log::Info("migration applied", {{"step", step}});
    if (options.demo) {
        auto loaded = LoadDemo(**app, {}, std::cerr);
        if (!loaded) return Report(loaded.error());
    }
    auto served = (*app)->Serve([&](int bound) {
        std::cerr << "Guichet est prêt : http://localhost:" << bound << "/ (console : /console). "
                  << "Ctrl+C pour arrêter.\n";
    });
    if (!served) return Report(served.error());
    return kExitSuccess;
}

// The migrations were applied when the application was opened: this says what was done.
int Migrate(Application& app) {
    std::cout << (app.migrations().applied.empty()
                      ? "La base de données est à jour.\n"
                      : std::to_string(app.migrations().applied.size()) +
                            " migration(s) appliquée(s).\n");
    return kExitSuccess;
}

int Demo(Application& app, const std::string& password) {
    auto loaded = LoadDemo(app, {password}, std::cout);
    return loaded ? kExitSuccess : Report(loaded.error());
}

}  // namespace

void RegisterServerCommands(CommandTable& table) {
    CLI::App& cli = table.cli();

    auto* serve = cli.add_subcommand("serve", "Démarre le serveur (portail, console, API)");
    table.AddCommon(serve);
    auto serve_options = std::make_shared<ServeOptions>();
    serve
        ->add_option("--port", serve_options->port,
                     "Port d'écoute (défaut : 8080 ; 0 : port libre)")
        ->check(CLI::Range(0, 65535));
    serve->add_option("--bind", serve_options->bind, "Adresse d'écoute (défaut : 0.0.0.0)");
    serve->add_option("--web-root", serve_options->web_root,
                      "Dossier du front end construit (web/dist)");
    serve->add_flag("--demo", serve_options->demo,
                    "Charge la commune de démonstration si elle manque");
    table.Add(serve, Opens::kConfig,
              [serve_options](const Invocation& in) { return Serve(*in.config, *serve_options); });

    auto* migrate = cli.add_subcommand("migrate", "Met à jour le schéma de la base de données");
    table.AddCommon(migrate);
    table.Add(migrate, Opens::kNewOrDatabase,
              [](const Invocation& in) { return Migrate(*in.app); });

    auto* demo = cli.add_subcommand("demo", "Charge la commune de démonstration (Villebelle)");
    table.AddCommon(demo);
    auto password = std::make_shared<std::string>();
    demo->add_option("--password", *password, "Mot de passe de tous les agents de démonstration");
    table.Add(demo, Opens::kNewOrDatabase,
              [password](const Invocation& in) { return Demo(*in.app, *password); });
}

}  // namespace guichet::app::cli
