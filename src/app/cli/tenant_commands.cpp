// `guichet tenant create|list`, `guichet agent create|list|passwd` and `guichet apikey create`:
// the commands that set up who uses a tenant.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/cli/command.hpp"

namespace guichet::app::cli {
namespace {

struct TenantCreateOptions {
    tenancy::NewTenant tenant;
    std::vector<std::string> domains;
    std::string department;
    std::string school_zone;
    std::string logo_url;
    std::string name_article;
};

int CreateTenant(Application& app, TenantCreateOptions options) {
    tenancy::NewTenant& new_tenant = options.tenant;
    if (!options.logo_url.empty()) new_tenant.logo_url = options.logo_url;
    if (!options.department.empty()) new_tenant.department = options.department;
    if (!options.school_zone.empty()) new_tenant.school_zone = options.school_zone;
    // Checked before anything is created: a wrong article leaves no tenant half made.
    std::optional<std::string> article;
    if (!options.name_article.empty()) {
        article = options.name_article == "aucun" ? std::string() : options.name_article;
        if (std::find(tenancy::kNameArticles.begin(), tenancy::kNameArticles.end(), *article) ==
            tenancy::kNameArticles.end())
            return Report(Error{ErrorCode::kInvalidArgument,
                                "L'option --article vaut la, le, l', les ou aucun.",
                                "bad --article", "invalid-parameter", 0});
    }
    auto created = app.tenancy().CreateTenant(new_tenant);
    if (!created) return Report(created.error());
    if (article) {
        auto set = app.tenancy().SetNameArticle(created->id, article);
        if (!set) return Report(set.error());
    }
    for (const auto& d : options.domains) {
        auto added = app.tenancy().AddDomain(created->id, d);
        if (!added) return Report(added.error());
    }
    if (article) created->name_article = article;
    // The administrator sees how the texts will name the tenant (--article corrects it).
    std::cout << "Collectivité « " << created->name << " » créée (identifiant " << created->slug
              << ") ; les courriels diront « " << tenancy::NameAfterDe(*created) << " ».\n";
    return kExitSuccess;
}

int ListTenants(Application& app) {
    auto tenants = app.tenancy().ListTenants();
    if (!tenants) return Report(tenants.error());
    if (tenants->empty())
        std::cout << "Aucune collectivité. Créez-en une avec : guichet tenant create\n";
    for (const auto& t : *tenants) {
        std::cout << std::left << std::setw(24) << t.slug << std::setw(36) << t.name
                  << std::setw(20) << t.timezone << t.holiday_zone;
        for (const auto& d : t.domains) std::cout << " " << d;
        std::cout << "\n";
    }
    return kExitSuccess;
}

struct AgentOptions {
    std::string tenant;
    std::string email;
    std::string name;
    std::string roles = "reception";
    PasswordInput password;
};

int ListAgents(Application& app, const AgentOptions& options) {
    auto t = TenantBySlug(app, options.tenant);
    if (!t) return Report(t.error());
    auto agents = app.identity().ListAgents(t->id);
    if (!agents) return Report(agents.error());
    for (const auto& ag : *agents) {
        std::cout << std::left << std::setw(36) << ag.email << std::setw(28) << ag.display_name
                  << identity::JoinRoles(ag.roles) << (ag.active ? "" : " (désactivé)") << "\n";
    }
    return kExitSuccess;
}

void ShowGenerated(const std::pair<std::string, bool>& password) {
    if (password.second)
        std::cout << "Mot de passe (affiché une seule fois) : " << password.first << "\n";
}

int CreateAgent(Application& app, const AgentOptions& options) {
    auto t = TenantBySlug(app, options.tenant);
    if (!t) return Report(t.error());
    auto password = ResolvePassword(options.password);
    if (!password) return Report(password.error());
    auto roles = identity::ParseRoles(options.roles);
    if (!roles) {
        return Report(
            Error{ErrorCode::kInvalidArgument,
                  "Rôles invalides « " + options.roles +
                      " » : reception, case_agent, manager, tenant_admin, platform_admin.",
                  "", "", 0});
    }
    auto created = app.identity().CreateAgent(
        t->id, {options.email, options.name, password->first, *roles, std::nullopt}, kCliActor);
    if (!created) return Report(created.error());
    std::cout << "Agent " << created->email << " créé.\n";
    ShowGenerated(*password);
    return kExitSuccess;
}

int ChangePassword(Application& app, const AgentOptions& options) {
    auto t = TenantBySlug(app, options.tenant);
    if (!t) return Report(t.error());
    auto password = ResolvePassword(options.password);
    if (!password) return Report(password.error());
    auto changed = app.identity().SetPassword(t->id, options.email, password->first, kCliActor);
    if (!changed) return Report(changed.error());
    std::cout << "Mot de passe changé ; les sessions ouvertes de l'agent sont fermées.\n";
    ShowGenerated(*password);
    return kExitSuccess;
}

int CreateApiKey(Application& app, const std::string& tenant_slug, const std::string& name) {
    auto t = TenantBySlug(app, tenant_slug);
    if (!t) return Report(t.error());
    auto key = app.identity().CreateApiKey(t->id, name, kCliActor);
    if (!key) return Report(key.error());
    std::cout << "Clé « " << key->key.name
              << " » créée. Conservez-la : elle ne sera plus affichée.\n"
              << key->secret << "\n";
    return kExitSuccess;
}

void RegisterTenant(CommandTable& table) {
    auto* tenant = table.cli().add_subcommand("tenant", "Collectivités");
    tenant->require_subcommand(1);
    auto* create = tenant->add_subcommand("create", "Crée une collectivité");
    table.AddCommon(create);
    auto o = std::make_shared<TenantCreateOptions>();
    create->add_option("--slug", o->tenant.slug, "Identifiant (a-z, 0-9, -)")->required();
    create->add_option("--name", o->tenant.name, "Nom affiché")->required();
    create->add_option("--timezone", o->tenant.timezone, "Fuseau horaire (défaut : Europe/Paris)");
    create->add_option("--zone", o->tenant.holiday_zone,
                       "Zone des jours fériés (défaut : celle du département, sinon metropole)");
    create->add_option("--domain", o->domains, "Nom de domaine du portail (plusieurs possibles)");
    create->add_option("--department", o->department, "Département (exemples : 91, 2A, 974)");
    create->add_option("--school-zone", o->school_zone,
                       "Zone de vacances scolaires : A, B, C, corse ou une académie d'outre-mer");
    create->add_option("--logo-url", o->logo_url, "Adresse (https) du logo affiché sur le portail");
    create->add_option("--article", o->name_article,
                       "Article du nom dans les textes (« de la Mairie de … ») : la, le, "
                       "l', les ou aucun (défaut : déduit du nom)");
    table.Add(create, Opens::kNewOrDatabase,
              [o](const Invocation& in) { return CreateTenant(*in.app, *o); });

    auto* list = tenant->add_subcommand("list", "Liste les collectivités");
    table.AddCommon(list);
    table.Add(list, Opens::kDatabase, [](const Invocation& in) { return ListTenants(*in.app); });
}

void RegisterAgent(CommandTable& table) {
    auto* agent = table.cli().add_subcommand("agent", "Agents");
    agent->require_subcommand(1);
    auto o = std::make_shared<AgentOptions>();
    auto* create = agent->add_subcommand("create", "Crée un agent");
    table.AddCommon(create);
    create->add_option("--tenant", o->tenant, "Identifiant de la collectivité")->required();
    create->add_option("--email", o->email, "Adresse électronique (identifiant de connexion)")
        ->required();
    create->add_option("--name", o->name, "Nom affiché")->required();
    create->add_option("--roles", o->roles,
                       "Rôles séparés par des virgules : reception, case_agent, manager, "
                       "tenant_admin, platform_admin");
    AddPasswordOptions(create, o->password);
    table.Add(create, Opens::kDatabase,
              [o](const Invocation& in) { return CreateAgent(*in.app, *o); });

    auto* list = agent->add_subcommand("list", "Liste les agents d'une collectivité");
    table.AddCommon(list);
    list->add_option("--tenant", o->tenant, "Identifiant de la collectivité")->required();
    table.Add(list, Opens::kDatabase,
              [o](const Invocation& in) { return ListAgents(*in.app, *o); });

    auto* passwd = agent->add_subcommand("passwd", "Change le mot de passe d'un agent");
    table.AddCommon(passwd);
    passwd->add_option("--tenant", o->tenant, "Identifiant de la collectivité")->required();
    passwd->add_option("--email", o->email, "Adresse électronique de l'agent")->required();
    AddPasswordOptions(passwd, o->password);
    table.Add(passwd, Opens::kDatabase,
              [o](const Invocation& in) { return ChangePassword(*in.app, *o); });
}

void RegisterApiKey(CommandTable& table) {
    auto* apikey = table.cli().add_subcommand("apikey", "Clés d'API des intégrations");
    apikey->require_subcommand(1);
    auto* create = apikey->add_subcommand("create", "Crée une clé (affichée une seule fois)");
    table.AddCommon(create);
    auto tenant = std::make_shared<std::string>();
    auto name = std::make_shared<std::string>();
    create->add_option("--tenant", *tenant, "Identifiant de la collectivité")->required();
    create->add_option("--name", *name, "Nom de l'intégration")->required();
    table.Add(create, Opens::kDatabase, [tenant, name](const Invocation& in) {
        return CreateApiKey(*in.app, *tenant, *name);
    });
}

}  // namespace

void RegisterTenantCommands(CommandTable& table) {
    RegisterTenant(table);
    RegisterAgent(table);
    RegisterApiKey(table);
}

}  // namespace guichet::app::cli
