#include "mail/mailbox_admin.hpp"

#include <algorithm>
#include <charconv>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/versions.hpp"
#include "mail/mail_store.hpp"
#include "mail/mime.hpp"

namespace guichet::mail {
namespace {

using storage::Connection;
using storage::Row;

constexpr std::string_view kWhat = "la boîte aux lettres";

// Settings end up in URLs, protocol commands and mail headers: no control characters.
bool HasControl(std::string_view s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// Whether the port of a server URL ("imap://host:993/INBOX", "smtp://[::1]:25"), when it names
// one, is a number from 1 to 65535: libcurl would otherwise read 4294967297 as port 1, or
// refuse it only when the mailbox is first read.
bool PortIsValid(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return true;  // Refused elsewhere.
    std::string_view authority = url.substr(scheme_end + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    if (const auto at = authority.rfind('@'); at != std::string_view::npos)
        authority = authority.substr(at + 1);
    std::size_t colon = std::string_view::npos;
    if (!authority.empty() && authority.front() == '[') {
        const auto bracket = authority.find(']');
        if (bracket == std::string_view::npos) return false;
        if (bracket + 1 < authority.size()) {
            if (authority[bracket + 1] != ':') return false;
            colon = bracket + 1;
        }
    } else {
        colon = authority.find(':');
    }
    if (colon == std::string_view::npos) return true;  // The protocol's default port.
    const std::string_view port = authority.substr(colon + 1);
    if (port.empty()) return true;  // "host:" is the default port too (RFC 3986).
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos)
        return false;
    int value = 0;
    std::from_chars(port.data(), port.data() + port.size(), value);
    return value >= 1 && value <= 65535;
}

tl::unexpected<Error> MailboxNotFound(std::string_view id) {
    return Fail(ErrorCode::kNotFound, "Boîte aux lettres introuvable.",
                "no mailbox " + std::string(id));
}

}  // namespace

MailboxAdmin::MailboxAdmin(storage::Database& db, const Clock& clock,
                           requests::Catalogue& catalogue, tenancy::TenancyService& tenancy,
                           MailTransport& transport)
    : db_(db), clock_(clock), catalogue_(catalogue), tenancy_(tenancy), transport_(transport) {}

std::optional<MailboxFieldError> MailboxAdmin::CheckMailbox(std::string_view tenant_id,
                                                            const NewMailbox& in, bool adding) {
    auto field = [](std::string name, std::string message) {
        return std::optional<MailboxFieldError>(MailboxFieldError{std::move(name), message});
    };
    constexpr const char* kBadPort = "Le port du serveur doit être un nombre de 1 à 65535.";
    if (in.imap_url.size() > 500 || HasControl(in.imap_url) ||
        in.imap_url.find(' ') != std::string::npos)
        return field("imap_url", "L'adresse IMAP n'est pas valide.");
    if (auto url = SplitImapUrl(in.imap_url); !url) return field("imap_url", url.error().message);
    if (!PortIsValid(in.imap_url)) return field("imap_url", kBadPort);
    if (in.user.empty()) return field("user", "Indiquez l'identifiant de connexion IMAP.");
    if (in.user.size() > 200 || HasControl(in.user))
        return field("user", "L'identifiant de connexion IMAP n'est pas valide.");
    if (adding && in.password.empty()) return field("password", "Indiquez le mot de passe IMAP.");
    if (in.password.size() > 500 || HasControl(in.password))
        return field("password", "Le mot de passe ne doit pas contenir de caractère de contrôle.");
    if ((in.smtp_url.rfind("smtp://", 0) != 0 && in.smtp_url.rfind("smtps://", 0) != 0) ||
        in.smtp_url.size() <= 8 || in.smtp_url.size() > 500 || HasControl(in.smtp_url) ||
        in.smtp_url.find(' ') != std::string::npos)
        return field("smtp_url",
                     "L'adresse SMTP doit commencer par smtp:// ou smtps:// suivi du serveur.");
    if (!PortIsValid(in.smtp_url)) return field("smtp_url", kBadPort);
    if (NormaliseAddress(in.from_address).empty() || HasControl(in.from_address))
        return field("from_address", "L'adresse d'expédition n'est pas une adresse valide.");
    if (in.from_name.size() > 200 || HasControl(in.from_name))
        return field("from_name",
                     "Le nom d'expéditeur est trop long ou contient un retour à la ligne.");
    if (in.default_category_id) {
        auto category = catalogue_.GetCategory(tenant_id, *in.default_category_id);
        if (!category)
            return field("default_category_id", "Cette catégorie de demande n'existe pas.");
    }
    return std::nullopt;
}

namespace {

// The one message for an account registered twice (the unique index on tenant, URL and user).
Result<void> AccountTaken(Result<void> written) {
    if (!written && written.error().code == ErrorCode::kAlreadyExists)
        return Fail(ErrorCode::kAlreadyExists,
                    "Cette boîte aux lettres (même adresse IMAP et même identifiant) est déjà "
                    "enregistrée.",
                    written.error().detail);
    return written;
}

}  // namespace

Result<Mailbox> MailboxAdmin::AddMailbox(std::string_view tenant_id, const NewMailbox& in) {
    GUICHET_TRY(tenant, tenancy_.GetTenant(tenant_id));
    if (auto wrong = CheckMailbox(tenant.id, in, true)) return Invalid(wrong->message);
    Mailbox m;
    m.id = NewId(clock_.Now());
    m.tenant_id = tenant.id;
    m.imap_url = in.imap_url;
    m.user = in.user;
    m.password = in.password;
    m.smtp_url = in.smtp_url;
    m.smtp_auth = in.smtp_auth;
    m.starttls = in.starttls;
    m.from_address = NormaliseAddress(in.from_address);
    m.from_name = in.from_name.empty() ? tenant.name : in.from_name;
    if (in.default_category_id) {
        GUICHET_TRY(category, catalogue_.GetCategory(tenant.id, *in.default_category_id));
        m.default_category_id = category.id;
    }
    m.enabled = in.enabled;
    m.created_at = clock_.Now();
    m.version = 1;
    GUICHET_CHECK(AccountTaken(db_.Transaction([&](Connection& c) -> Result<void> {
        return c
            .Execute(
                "INSERT INTO mail_mailboxes (id, tenant_id, imap_url, imap_user, imap_password, "
                "smtp_url, smtp_auth, starttls, from_address, from_name, uidvalidity, last_uid, "
                "created_at, default_category_id, enabled, version) VALUES ($1, $2, $3, $4, $5, "
                "$6, $7, $8, $9, $10, 0, 0, $11, $12, $13, 1)",
                {m.id, m.tenant_id, m.imap_url, m.user, m.password, m.smtp_url,
                 int64_t{m.smtp_auth}, int64_t{m.starttls}, m.from_address, m.from_name,
                 ToUnixMillis(m.created_at), storage::Nullable(m.default_category_id),
                 int64_t{m.enabled}})
            .map([](int64_t) {});
    })));
    return m;
}

Result<Mailbox> MailboxAdmin::UpdateMailbox(std::string_view tenant_id, std::string_view id,
                                            const NewMailbox& in,
                                            std::optional<std::int64_t> expected_version) {
    // What needs other modules is read first: the transaction reads and writes mail's rows only.
    GUICHET_TRY(tenant, tenancy_.GetTenant(tenant_id));
    if (auto wrong = CheckMailbox(tenant.id, in, false)) return Invalid(wrong->message);
    std::optional<std::string> category_id;
    if (in.default_category_id) {
        GUICHET_TRY(category, catalogue_.GetCategory(tenant.id, *in.default_category_id));
        category_id = category.id;
    }
    const TimePoint now = clock_.Now();
    Mailbox m;
    GUICHET_CHECK(AccountTaken(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(found, store::FindMailbox(c, id, tenant.id));
        if (!found) return MailboxNotFound(id);
        GUICHET_CHECK(CheckVersion(expected_version, found->version, kWhat));
        m = std::move(*found);
        const bool account_changed = in.imap_url != m.imap_url || in.user != m.user;
        m.imap_url = in.imap_url;
        m.user = in.user;
        if (!in.password.empty()) m.password = in.password;
        m.smtp_url = in.smtp_url;
        m.smtp_auth = in.smtp_auth;
        m.starttls = in.starttls;
        m.from_address = NormaliseAddress(in.from_address);
        m.from_name = in.from_name.empty() ? tenant.name : in.from_name;
        m.default_category_id = category_id;
        m.enabled = in.enabled;
        m.version += 1;
        // The intake position and poll state belong to the poller: written only when the
        // account changed.
        GUICHET_CHECK(c.Execute(
            "UPDATE mail_mailboxes SET imap_url = $1, imap_user = $2, imap_password = $3, "
            "smtp_url = $4, smtp_auth = $5, starttls = $6, from_address = $7, from_name = $8, "
            "default_category_id = $9, enabled = $10, version = $11 WHERE id = $12 AND "
            "tenant_id = $13",
            {m.imap_url, m.user, m.password, m.smtp_url, int64_t{m.smtp_auth}, int64_t{m.starttls},
             m.from_address, m.from_name, storage::Nullable(m.default_category_id),
             int64_t{m.enabled}, m.version, m.id, m.tenant_id}));
        if (!account_changed) return {};
        // Another folder, perhaps on another server: its UIDs say nothing of what was handled.
        m.uidvalidity = 0;
        m.last_uid = 0;
        m.account_changed_at = now;
        m.last_error.reset();
        return c
            .Execute(
                "UPDATE mail_mailboxes SET uidvalidity = 0, last_uid = 0, last_error = NULL, "
                "account_changed_at = $1 WHERE id = $2",
                {ToUnixMillis(now), m.id})
            .map([](int64_t) {});
    })));
    return m;
}

Result<Mailbox> MailboxAdmin::GetMailbox(std::string_view tenant_id, std::string_view id) {
    GUICHET_TRY(found, db_.Read<std::optional<Mailbox>>(
                           [&](Connection& c) { return store::FindMailbox(c, id, tenant_id); }));
    if (!found) return MailboxNotFound(id);
    return std::move(*found);
}

Result<std::vector<Mailbox>> MailboxAdmin::ListMailboxes(
    std::optional<std::string_view> tenant_id) {
    return db_.Read<std::vector<Mailbox>>(
        [&](Connection& c) { return store::ListMailboxes(c, tenant_id); });
}

Result<void> MailboxAdmin::DeleteMailbox(std::string_view tenant_id, std::string_view id,
                                         std::optional<std::int64_t> expected_version) {
    return db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(m, store::FindMailbox(c, id, tenant_id));
        if (!m) return MailboxNotFound(id);
        GUICHET_CHECK(CheckVersion(expected_version, m->version, kWhat));
        GUICHET_TRY(inbox,
                    c.QueryOne("SELECT COUNT(*) FROM mail_inbox WHERE mailbox_id = $1", {m->id}));
        GUICHET_TRY(outbox, c.QueryOne("SELECT COUNT(*) FROM mail_outbox WHERE mailbox_id = $1 "
                                       "AND state = 'pending'",
                                       {m->id}));
        if ((inbox && inbox->Int(0) > 0) || (outbox && outbox->Int(0) > 0))
            return Fail(ErrorCode::kFailedPrecondition,
                        "Cette boîte a déjà relevé ou doit encore envoyer des messages : son "
                        "historique sert à rattacher les réponses des usagers. Mettez-la en pause "
                        "plutôt que de la supprimer.",
                        "mailbox has history");
        return c
            .Execute("DELETE FROM mail_mailboxes WHERE id = $1 AND tenant_id = $2",
                     {m->id, m->tenant_id})
            .map([](int64_t) {});
    });
}

Result<std::map<std::string, MailboxActivity>> MailboxAdmin::Activity(std::string_view tenant_id) {
    using Counts = std::map<std::string, MailboxActivity>;
    return db_.Read<Counts>([&](Connection& c) -> Result<Counts> {
        GUICHET_TRY(rows, c.Query("SELECT mailbox_id, SUM(CASE WHEN action IN ('created', "
                                  "'threaded') THEN 1 ELSE 0 END), SUM(CASE WHEN state = "
                                  "'rejected' THEN 1 ELSE 0 END), SUM(CASE WHEN action = "
                                  "'automatic' THEN 1 ELSE 0 END) FROM mail_inbox WHERE "
                                  "tenant_id = $1 GROUP BY mailbox_id",
                                  {std::string(tenant_id)}));
        Counts out;
        for (const Row& r : rows) out[r.Text(0)] = {r.Int(1), r.Int(2), r.Int(3)};
        return out;
    });
}

Result<std::vector<AutomaticMail>> MailboxAdmin::AutomaticMails(std::string_view tenant_id,
                                                                std::string_view mailbox_id,
                                                                std::size_t limit,
                                                                std::int64_t* total) {
    using Mails = std::vector<AutomaticMail>;
    return db_.Read<Mails>([&](Connection& c) -> Result<Mails> {
        GUICHET_TRY(m, store::FindMailbox(c, mailbox_id, tenant_id));
        if (!m) return MailboxNotFound(mailbox_id);
        if (total != nullptr) {
            GUICHET_TRY(count, c.QueryOne("SELECT COUNT(*) FROM mail_automatic WHERE "
                                          "mailbox_id = $1 AND tenant_id = $2",
                                          {m->id, m->tenant_id}));
            *total = count ? count->Int(0) : 0;
        }
        GUICHET_TRY(rows, c.Query("SELECT id, mailbox_id, message_id, from_address, from_name, "
                                  "subject, reason, body, request_id, sent_at, received_at "
                                  "FROM mail_automatic WHERE mailbox_id = $1 AND tenant_id = "
                                  "$2 ORDER BY received_at DESC, id DESC LIMIT $3",
                                  {m->id, m->tenant_id, static_cast<int64_t>(limit)}));
        Mails out;
        for (const Row& r : rows) {
            AutomaticMail a;
            a.id = r.Text(0);
            a.mailbox_id = r.Text(1);
            a.message_id = r.Text(2);
            a.from = {r.Text(4), r.Text(3)};
            a.subject = r.Text(5);
            a.reason = r.Text(6);
            a.body = r.Text(7);
            a.request_id = r.OptText(8);
            a.sent_at = r.OptTime(9);
            a.received_at = FromUnixMillis(r.Int(10));
            out.push_back(std::move(a));
        }
        return out;
    });
}

ConnectionCheck MailboxAdmin::CheckConnection(const Mailbox& m) {
    ConnectionCheck out;
    auto imap = transport_.CheckImap(m);
    out.imap_ok = imap.has_value();
    if (imap) {
        const auto url = SplitImapUrl(m.imap_url);
        out.imap_message = "Connexion IMAP réussie : le dossier « " +
                           (url ? url->folder : std::string("INBOX")) + " » contient " +
                           std::to_string(*imap) + " message" + (*imap > 1 ? "s" : "") + ".";
    } else {
        out.imap_message = imap.error().message;
        log::Info("mail: connection check failed",
                  {{"mailbox", m.id}, {"protocol", "imap"}, {"detail", imap.error().detail}});
    }
    auto smtp = transport_.CheckSmtp(m);
    out.smtp_ok = smtp.has_value();
    if (smtp) {
        out.smtp_message = m.smtp_auth ? "Connexion SMTP réussie, identification acceptée."
                                       : "Connexion SMTP réussie.";
    } else {
        out.smtp_message = smtp.error().message;
        log::Info("mail: connection check failed",
                  {{"mailbox", m.id}, {"protocol", "smtp"}, {"detail", smtp.error().detail}});
    }
    return out;
}

}  // namespace guichet::mail
