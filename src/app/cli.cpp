// The `guichet` command line: the table of commands (app/cli/*_commands.cpp) and the French
// report of a line that does not parse. See cli.hpp for the exit codes.
#include "app/cli.hpp"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "app/application.hpp"
#include "app/cli/command.hpp"
#include "core/log.hpp"

namespace guichet::app {
namespace {

using cli::kExitUsage;

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

// Loads what the command needs (configuration, database) and runs it.
int Run(const cli::CommandTable& table, const cli::Command& command) {
    if (command.opens == cli::Opens::kNothing) return command.run({});
    auto config = cli::LoadFor(table.common());
    if (!config) return cli::Report(config.error());
    log::Init(config->log_level);
    if (command.opens == cli::Opens::kConfig) return command.run({.config = &*config});

    // Only the commands that set a database up may create one: the others (lists, exports,
    // imports, agents…) would otherwise leave a new empty database in a mistyped --data folder.
    if (command.opens != cli::Opens::kNewOrDatabase && !Application::DatabaseExists(*config))
        return cli::Report(Error{ErrorCode::kNotFound,
                                 "Aucune base de données dans le dossier « " + config->data_dir +
                                     " » : vérifiez l'option --data. Une base se crée avec « "
                                     "guichet migrate », « guichet demo » ou « guichet tenant "
                                     "create ».",
                                 "no database in " + config->data_dir, "no-database", 0});
    auto app = cli::OpenApp(*config, true);
    if (!app) return cli::Report(app.error());
    return command.run({.config = &*config, .app = app->get()});
}

}  // namespace

int RunCli(int argc, char** argv) {
    CLI::App parser{"Guichet — plateforme de relation usager multicanal pour les administrations",
                    "guichet"};
    parser.require_subcommand(1);
    parser.set_help_all_flag("--help-all", "Aide de toutes les commandes");
    // In the order of the usage's listing.
    cli::CommandTable table(parser);
    cli::RegisterServerCommands(table);
    cli::RegisterTenantCommands(table);
    cli::RegisterHoursCommand(table);
    cli::RegisterImportCommands(table);
    cli::RegisterMailboxCommands(table);
    cli::RegisterVersionCommand(table);

    try {
        parser.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return ReportParseError(parser, e, argc, argv);
    }
    const cli::Command* command = table.Parsed();
    if (command == nullptr) return kExitUsage;
    return Run(table, *command);
}

}  // namespace guichet::app
