// The command line's building blocks: a table of commands, each registered by a small function
// of its group (server_commands.cpp, tenant_commands.cpp, import_commands.cpp,
// mailbox_commands.cpp, tool_commands.cpp), and the helpers they share (error report, password
// input, progress bar). RunCli (cli.cpp) parses, finds the one command that was typed, prepares
// what it opens (nothing, the configuration, or the database) and runs it.
//
// Contract: a command's `run` returns the process exit code (kExitSuccess, kExitFailure with a
// French message on stderr, kExitUsage for a usage error or rows refused). Commands write their
// results on stdout and their messages on stderr. Single-threaded: used by main() only.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/application.hpp"
#include "core/result.hpp"
#include "identity/identity_service.hpp"
#include "tenancy/tenant.hpp"

namespace guichet::app::cli {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// The actor recorded in audit trails for changes made from the command line.
inline const identity::Actor kCliActor{"cli", std::nullopt, "cli"};

// Options every command that reads the configuration takes.
struct Common {
    std::string config_file;
    std::string data_dir;
};

// What a command needs before it runs, from least to most.
enum class Opens {
    kNothing,        // version, hours: neither configuration nor database.
    kConfig,         // serve: the configuration; it opens the application itself.
    kDatabase,       // An existing database; refused in a --data folder without one.
    kNewOrDatabase,  // migrate, demo, tenant create: may create the database.
};

// What RunCli hands to a command: `config` from kConfig on, `app` from kDatabase on.
struct Invocation {
    Config* config = nullptr;
    Application* app = nullptr;
};

struct Command {
    CLI::App* subcommand;
    Opens opens;
    std::function<int(const Invocation&)> run;
};

class CommandTable {
  public:
    explicit CommandTable(CLI::App& cli) : cli_(cli) {}

    CLI::App& cli() { return cli_; }
    // Adds --config and --data to `command`.
    void AddCommon(CLI::App* command);
    // The variables the parser writes the command's options into must outlive parsing: keep
    // them in a shared_ptr that `run` captures.
    void Add(CLI::App* subcommand, Opens opens, std::function<int(const Invocation&)> run) {
        commands_.push_back({subcommand, opens, std::move(run)});
    }
    // The command of the parsed line (the deepest subcommand that has a `run`), or null.
    const Command* Parsed() const;
    const Common& common() const { return common_; }

  private:
    CLI::App& cli_;
    Common common_;
    std::vector<Command> commands_;
};

// One registration function per group, called by RunCli in the order of the usage's listing.
void RegisterServerCommands(CommandTable& table);   // serve, migrate, demo
void RegisterTenantCommands(CommandTable& table);   // tenant, agent, apikey
void RegisterHoursCommand(CommandTable& table);     // hours
void RegisterImportCommands(CommandTable& table);   // import, export, reindex
void RegisterMailboxCommands(CommandTable& table);  // mailbox
void RegisterVersionCommand(CommandTable& table);   // version

// "guichet : <message>" on stderr (detail in the debug log); returns kExitFailure.
int Report(const Error& error);

// The configuration file and environment, with --data over them.
Result<Config> LoadFor(const Common& common);

// Opens the application; `show_progress` prints migration steps on stderr.
Result<std::unique_ptr<Application>> OpenApp(const Config& config, bool show_progress,
                                             Application::Role role = Application::Role::kCommand);

Result<tenancy::Tenant> TenantBySlug(Application& app, const std::string& slug);

// A password from --password, --password-stdin (one line), or generated and printed once.
struct PasswordInput {
    std::string value;
    bool from_stdin = false;
};
void AddPasswordOptions(CLI::App* command, PasswordInput& input);
// The password and whether it was generated (and must be shown once).
Result<std::pair<std::string, bool>> ResolvePassword(const PasswordInput& input);

// The whole content of the file at `path`, or a French error naming it.
Result<std::string> ReadFile(const std::string& path);

// Progress of long work on the terminal: a bar redrawn in place on a terminal, a line every
// tenth otherwise (logs, CI).
class ProgressBar {
  public:
    explicit ProgressBar(std::string label);
    void operator()(std::size_t done, std::size_t total);

  private:
    std::string label_;
    bool tty_;
    int last_ = -1;
};

}  // namespace guichet::app::cli
