#include "app/demo.hpp"

#include <functional>
#include <iomanip>
#include <string_view>

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "knowledge/service_import.hpp"
#include "requests/request_json.hpp"

namespace guichet::app {
namespace internal {
extern const std::string_view kDemoServicesJson, kDemoPlacesJson, kDemoEventsJson,
    kDemoArticlesJsonl, kDemoNeighbourhoodsGeoJson, kDemoRequestCategoriesJson, kDemoAddressesCsv;
}  // namespace internal
namespace {

// The request types of the demo commune (src/app/demo/request_categories.json): the API's
// category objects, with "service" naming the owning service by its external id.
Result<knowledge::ImportReport> ImportDemoCategories(Application& app,
                                                     const std::string& tenant_id) {
    knowledge::ImportReport report;
    const boost::json::value rows = boost::json::parse(internal::kDemoRequestCategoriesJson);
    for (const auto& row : rows.as_array()) {
        boost::json::object o = row.as_object();
        const std::string service(o.at("service").as_string());
        o.erase("service");
        GUICHET_TRY(category, requests::CategoryFromJson(o));
        GUICHET_TRY(owner, app.tenancy().FindServiceByExternalId(tenant_id, service));
        if (!owner)
            return Fail(ErrorCode::kInternal, "Service de démonstration manquant.", service);
        category.service_id = owner->id;
        GUICHET_CHECK(app.catalogue().SaveCategory(tenant_id, std::move(category)));
        ++report.created;
    }
    return report;
}

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
    // The content a newcomer can try at once: services, places, neighbourhoods, agenda, articles,
    // request types.
    struct Part {
        const char* what;
        std::function<Result<knowledge::ImportReport>()> import;
    };
    const Part parts[] = {
        {"services",
         [&] {
             return knowledge::ImportServices(app.tenancy(), tenant.id,
                                              internal::kDemoServicesJson);
         }},
        {"lieux", [&] { return app.places().Import(tenant.id, internal::kDemoPlacesJson); }},
        {"événements", [&] { return app.events().Import(tenant.id, internal::kDemoEventsJson); }},
        {"quartiers",
         [&] {
             return app.neighbourhoods().Import(tenant.id, internal::kDemoNeighbourhoodsGeoJson);
         }},
        {"articles",
         [&] {
             return app.articles().ImportJsonLines(tenant.id, internal::kDemoArticlesJsonl,
                                                   {std::nullopt, "démonstration"});
         }},
        {"types de demande", [&] { return ImportDemoCategories(app, tenant.id); }},
        // The demo commune's addresses, in the BAN's format (scripts/demo_addresses.py).
        {"adresses",
         [&]() -> Result<knowledge::ImportReport> {
             GUICHET_TRY(imported,
                         app.addresses().ImportText(tenant.id, internal::kDemoAddressesCsv));
             knowledge::ImportReport report;
             report.created = imported.imported;
             for (const auto& e : imported.errors) report.errors.push_back({e.line, e.message, {}});
             return report;
         }},
    };
    std::string counts;
    for (const Part& part : parts) {
        GUICHET_TRY(report, part.import());
        if (!report.errors.empty()) {
            // The shipped files are checked by the tests: a refused row is a bug here.
            return Fail(ErrorCode::kInternal, "Les données de démonstration sont invalides.",
                        std::string(part.what) + " line " +
                            std::to_string(report.errors.front().line) + ": " +
                            report.errors.front().message);
        }
        counts += (counts.empty() ? "" : ", ") + std::to_string(report.created) + " " + part.what;
    }
    auto service_id = [&](const char* key) -> Result<std::optional<std::string>> {
        if (key == nullptr) return std::optional<std::string>();
        GUICHET_TRY(service, app.tenancy().FindServiceByExternalId(tenant.id, key));
        if (!service) return Fail(ErrorCode::kInternal, "Service de démonstration manquant.", key);
        return std::optional<std::string>(service->id);
    };
    std::vector<std::pair<const DemoAgent*, std::string>> logins;
    for (const auto& a : kAgents) {
        std::string password = options.password.empty() ? GeneratePassword() : options.password;
        GUICHET_TRY(service, service_id(a.service));
        GUICHET_CHECK(app.identity().CreateAgent(
            tenant.id, {a.email, a.name, password, {a.role}, service}, kDemoActor));
        logins.emplace_back(&a, password);
    }
    out << "Commune de démonstration « " << tenant.name << " » créée : " << counts << " et "
        << std::size(kAgents) << " agents.\n";
    PrintLogins(out, logins);
    return {};
}

}  // namespace guichet::app
