// `guichet mailbox add|list`: the mailboxes a tenant reads in IMAP and sends from in SMTP.
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "app/cli/command.hpp"

namespace guichet::app::cli {
namespace {

struct MailboxOptions {
    std::string tenant;
    mail::NewMailbox mailbox;
    bool password_stdin = false;
};

int AddMailbox(Application& app, MailboxOptions options) {
    auto t = TenantBySlug(app, options.tenant);
    if (!t) return Report(t.error());
    if (!options.password_stdin) {
        std::cerr << "guichet : donnez le mot de passe IMAP avec --password-stdin.\n";
        return kExitUsage;
    }
    auto password = ResolvePassword({"", true});
    if (!password) return Report(password.error());
    options.mailbox.password = password->first;
    auto added = app.mailboxes().AddMailbox(t->id, options.mailbox);
    if (!added) return Report(added.error());
    std::cout << "Boîte « " << added->imap_url << " » ajoutée pour " << t->slug
              << " ; un serveur en marche la lit à son prochain passage.\n";
    return kExitSuccess;
}

int ListMailboxes(Application& app, const std::string& tenant_slug) {
    std::optional<std::string> tenant_id;
    if (!tenant_slug.empty()) {
        auto t = TenantBySlug(app, tenant_slug);
        if (!t) return Report(t.error());
        tenant_id = t->id;
    }
    auto boxes = app.mailboxes().ListMailboxes(tenant_id);
    if (!boxes) return Report(boxes.error());
    if (boxes->empty()) std::cout << "Aucune boîte. Ajoutez-en une avec : guichet mailbox add\n";
    for (const auto& b : *boxes) {
        std::cout << b.id << "  " << b.imap_url << "  " << b.user << "  " << b.smtp_url << "  "
                  << b.from_address << "  dernier UID " << b.last_uid;
        if (!b.enabled) std::cout << "  en pause";
        if (b.last_error) std::cout << "  erreur : " << *b.last_error;
        std::cout << "\n";
    }
    return kExitSuccess;
}

}  // namespace

void RegisterMailboxCommands(CommandTable& table) {
    auto* mailbox =
        table.cli().add_subcommand("mailbox", "Boîtes aux lettres (courriel entrant et sortant)");
    mailbox->require_subcommand(1);
    auto o = std::make_shared<MailboxOptions>();
    mail::NewMailbox& m = o->mailbox;
    auto* add = mailbox->add_subcommand("add", "Ajoute une boîte lue en IMAP");
    table.AddCommon(add);
    add->add_option("--tenant", o->tenant, "Identifiant de la collectivité")->required();
    add->add_option("--imap", m.imap_url, "imap://hôte:port/INBOX (ou imaps://)")->required();
    add->add_option("--user", m.user, "Utilisateur IMAP")->required();
    add->add_flag("--password-stdin", o->password_stdin,
                  "Lire le mot de passe IMAP sur l'entrée standard");
    add->add_option("--smtp", m.smtp_url, "smtp://hôte:port (ou smtps://)")->required();
    add->add_option("--from", m.from_address, "Adresse d'expédition")->required();
    add->add_option("--from-name", m.from_name,
                    "Nom d'expéditeur (défaut : le nom de la collectivité)");
    add->add_flag("--smtp-auth", m.smtp_auth,
                  "S'authentifier en SMTP avec l'utilisateur et le mot de passe IMAP");
    add->add_flag("--starttls", m.starttls, "Exiger STARTTLS (imap:// et smtp://)");
    table.Add(add, Opens::kDatabase, [o](const Invocation& in) { return AddMailbox(*in.app, *o); });

    auto* list = mailbox->add_subcommand("list", "Liste les boîtes aux lettres");
    table.AddCommon(list);
    list->add_option("--tenant", o->tenant, "Identifiant de la collectivité");
    table.Add(list, Opens::kDatabase,
              [o](const Invocation& in) { return ListMailboxes(*in.app, o->tenant); });
}

}  // namespace guichet::app::cli
