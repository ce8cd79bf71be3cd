#include "app/cli/command.hpp"

#include <unistd.h>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "core/ids.hpp"
#include "core/log.hpp"

namespace guichet::app::cli {

void CommandTable::AddCommon(CLI::App* command) {
    command->add_option("--config", common_.config_file, "Fichier de configuration TOML");
    command->add_option("--data", common_.data_dir, "Dossier des données (défaut : ./data)");
}

const Command* CommandTable::Parsed() const {
    for (const Command& command : commands_) {
        if (command.subcommand->parsed()) return &command;
    }
    return nullptr;
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
                                             Application::Role role) {
    return Application::Open(
        config,
        [show_progress](std::string_view step) {
            if (show_progress) std::cerr << "Migration " << step << "…\n";
        },
        role);
}

Result<tenancy::Tenant> TenantBySlug(Application& app, const std::string& slug) {
    return app.tenancy().FindBySlug(slug);
}

void AddPasswordOptions(CLI::App* command, PasswordInput& input) {
    command->add_option("--password", input.value,
                        "Mot de passe (sinon un mot de passe est généré et affiché une fois)");
    command->add_flag("--password-stdin", input.from_stdin,
                      "Lire le mot de passe sur l'entrée standard");
}

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

Result<std::string> ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Fail(ErrorCode::kInvalidArgument, "Impossible de lire le fichier « " + path + " ».");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

ProgressBar::ProgressBar(std::string label) : label_(std::move(label)), tty_(isatty(2) != 0) {}

void ProgressBar::operator()(std::size_t done, std::size_t total) {
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

}  // namespace guichet::app::cli
