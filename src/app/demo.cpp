#include "app/demo.hpp"

#include <iomanip>
#include <map>

#include "core/ids.hpp"

namespace guichet::app {
namespace {

struct DemoService {
    const char* key;
    const char* parent;
    const char* name;
    const char* email;
};

constexpr DemoService kServices[] = {
    {"accueil", nullptr, "Accueil général", "accueil@villebelle.example"},
    {"etat-civil", "accueil", "État civil et formalités", "etat-civil@villebelle.example"},
    {"elections", "etat-civil", "Élections et recensement citoyen", "elections@villebelle.example"},
    {"urbanisme", nullptr, "Urbanisme et autorisations du sol", "urbanisme@villebelle.example"},
    {"scolaire", nullptr, "Affaires scolaires et périscolaires", "ecoles@villebelle.example"},
    {"sports", nullptr, "Sports et piscine municipale", "sports@villebelle.example"},
    {"culture", nullptr, "Culture et médiathèque", "culture@villebelle.example"},
    {"voirie", nullptr, "Voirie, propreté et espaces verts", "voirie@villebelle.example"},
    {"ccas", nullptr, "Centre communal d'action sociale", "ccas@villebelle.example"},
    {"police", nullptr, "Police municipale", "police@villebelle.example"},
};

struct DemoAgent {
    const char* email;
    const char* name;
    identity::Role role;
    const char* service;
};

constexpr DemoAgent kAgents[] = {
    {"admin@villebelle.example", "Nadia Roussel", identity::Role::kTenantAdmin, nullptr},
    {"accueil@villebelle.example", "Camille Martin", identity::Role::kReception, "accueil"},
    {"instructeur@villebelle.example", "Karim Benali", identity::Role::kCaseAgent, "urbanisme"},
    {"direction@villebelle.example", "Sophie Lefèvre", identity::Role::kManager, nullptr},
};

const identity::Actor kDemoActor{"system", std::nullopt, "demo"};

// A readable random password: 4 groups of 4 letters and digits (about 95 bits).
std::string GeneratePassword() {
    static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    unsigned char random[16];
    RandomBytes(random, sizeof random);
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i > 0 && i % 4 == 0) out += '-';
        out += kAlphabet[random[i] % (sizeof kAlphabet - 1)];
    }
    return out;
}

void PrintLogins(std::ostream& out,
                 const std::vector<std::pair<const DemoAgent*, std::string>>& logins) {
    out << "\nComptes des agents de démonstration (mots de passe affichés une seule fois) :\n\n";
    for (const auto& [agent, password] : logins) {
        out << "  " << std::left << std::setw(34) << agent->email << std::setw(18) << agent->name
            << "  " << std::setw(14) << identity::RoleName(agent->role) << "  " << password << "\n";
    }
    out << "\nConsole des agents : /console   —   Portail : /\n";
}

}  // namespace

Result<void> LoadDemo(Application& app, const DemoOptions& options, std::ostream& out) {
    auto existing = app.tenancy().FindBySlug(kDemoSlug);
    if (existing) {
        out << "La commune de démonstration « " << existing->name << " » est déjà chargée.\n";
        if (options.password.empty()) {
            out << "Pour changer un mot de passe : guichet agent passwd --tenant " << kDemoSlug
                << " --email ADRESSE\n";
            return {};
        }
        std::vector<std::pair<const DemoAgent*, std::string>> logins;
        for (const auto& agent : kAgents) {
            GUICHET_CHECK(app.identity().SetPassword(existing->id, agent.email, options.password,
                                                     kDemoActor));
            logins.emplace_back(&agent, options.password);
        }
        PrintLogins(out, logins);
        return {};
    }
    if (existing.error().code != ErrorCode::kNotFound) return Fail(existing.error());

    GUICHET_TRY(tenant, app.tenancy().CreateTenant({.slug = kDemoSlug,
                                                    .name = "Mairie de Villebelle",
                                                    .timezone = "Europe/Paris",
                                                    .holiday_zone = "metropole",
                                                    .department = std::string("91"),
                                                    .school_zone = std::string("C")}));
    std::map<std::string, std::string> service_ids;
    for (const auto& s : kServices) {
        std::optional<std::string> parent;
        if (s.parent) parent = service_ids.at(s.parent);
        GUICHET_TRY(service,
                    app.tenancy().CreateService(tenant.id, {s.name, parent, std::string(s.email)}));
        service_ids[s.key] = service.id;
    }
    std::vector<std::pair<const DemoAgent*, std::string>> logins;
    for (const auto& a : kAgents) {
        std::string password = options.password.empty() ? GeneratePassword() : options.password;
        std::optional<std::string> service;
        if (a.service) service = service_ids.at(a.service);
        GUICHET_CHECK(app.identity().CreateAgent(
            tenant.id, {a.email, a.name, password, {a.role}, service}, kDemoActor));
        logins.emplace_back(&a, password);
    }
    out << "Commune de démonstration « " << tenant.name << " » créée avec " << std::size(kServices)
        << " services et " << std::size(kAgents) << " agents.\n";
    PrintLogins(out, logins);
    return {};
}

}  // namespace guichet::app
