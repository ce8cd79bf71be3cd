#include "mail/mail_service.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include "calendar/french_dates.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "mail/intake_rules.hpp"
#include "mail/mime.hpp"
#include "mail/text_conversion.hpp"

namespace guichet::mail {
namespace {

using storage::Connection;
using storage::Row;

constexpr storage::Migration kMigrations[] = {
    {1, "mailboxes, inbox, sent message ids, outbox", R"sql(
CREATE TABLE mail_mailboxes (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  imap_url TEXT NOT NULL,
  imap_user TEXT NOT NULL,
  imap_password TEXT NOT NULL,
  smtp_url TEXT NOT NULL,
  smtp_auth INTEGER NOT NULL,
  starttls INTEGER NOT NULL,
  from_address TEXT NOT NULL,
  from_name TEXT NOT NULL,
  uidvalidity BIGINT NOT NULL,
  last_uid BIGINT NOT NULL,
  last_poll_at BIGINT,
  last_error TEXT,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX mail_mailboxes_account ON mail_mailboxes(tenant_id, imap_url, imap_user);
CREATE TABLE mail_inbox (
  mailbox_id TEXT NOT NULL REFERENCES mail_mailboxes(id),
  uidvalidity BIGINT NOT NULL,
  uid BIGINT NOT NULL,
  tenant_id TEXT NOT NULL,
  message_id TEXT,
  state TEXT NOT NULL,
  action TEXT,
  request_id TEXT,
  attempts INTEGER NOT NULL,
  reason TEXT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (mailbox_id, uidvalidity, uid)
);
CREATE INDEX mail_inbox_message ON mail_inbox(tenant_id, message_id);
CREATE INDEX mail_inbox_request ON mail_inbox(request_id, updated_at);
CREATE TABLE mail_sent (
  tenant_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, message_id)
);
CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  mailbox_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  to_address TEXT NOT NULL,
  message_id TEXT NOT NULL,
  raw TEXT NOT NULL,
  record_body TEXT,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX mail_outbox_due ON mail_outbox(state, next_attempt_at);
CREATE INDEX mail_outbox_to ON mail_outbox(tenant_id, to_address, created_at);
)sql"},
    {2, "mailboxes: default category, pause, account changes", R"sql(
ALTER TABLE mail_mailboxes ADD COLUMN default_category_id TEXT;
ALTER TABLE mail_mailboxes ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE mail_mailboxes ADD COLUMN account_changed_at BIGINT;
)sql"},
    {3, "automatic mails (auto-replies, bounces, lists) kept apart from requests", R"sql(
CREATE TABLE mail_automatic (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  mailbox_id TEXT NOT NULL REFERENCES mail_mailboxes(id),
  message_id TEXT NOT NULL,
  from_address TEXT NOT NULL,
  from_name TEXT NOT NULL,
  subject TEXT NOT NULL,
  reason TEXT NOT NULL,
  body TEXT NOT NULL,
  request_id TEXT,
  sent_at BIGINT,
  received_at BIGINT NOT NULL
);
CREATE INDEX mail_automatic_mailbox ON mail_automatic(mailbox_id, received_at);
CREATE UNIQUE INDEX mail_automatic_message ON mail_automatic(mailbox_id, message_id);
)sql"},
    {4, "mailboxes: the last sending failure", R"sql(
ALTER TABLE mail_mailboxes ADD COLUMN last_send_error TEXT;
ALTER TABLE mail_mailboxes ADD COLUMN last_send_error_at BIGINT;
)sql"},
};

constexpr const char* kMailboxColumns =
    "SELECT id, tenant_id, imap_url, imap_user, imap_password, smtp_url, smtp_auth, starttls, "
    "from_address, from_name, uidvalidity, last_uid, last_poll_at, last_error, created_at, "
    "default_category_id, enabled, account_changed_at, last_send_error, last_send_error_at "
    "FROM mail_mailboxes ";

Mailbox MailboxFromRow(const Row& r) {
    Mailbox m;
    m.id = r.Text(0);
    m.tenant_id = r.Text(1);
    m.imap_url = r.Text(2);
    m.user = r.Text(3);
    m.password = r.Text(4);
    m.smtp_url = r.Text(5);
    m.smtp_auth = r.Int(6) != 0;
    m.starttls = r.Int(7) != 0;
    m.from_address = r.Text(8);
    m.from_name = r.Text(9);
    m.uidvalidity = r.Int(10);
    m.last_uid = r.Int(11);
    if (auto t = r.OptInt(12)) m.last_poll_at = FromUnixMillis(*t);
    m.last_error = r.OptText(13);
    m.created_at = FromUnixMillis(r.Int(14));
    m.default_category_id = r.OptText(15);
    m.enabled = r.Int(16) != 0;
    m.account_changed_at = r.OptTime(17);
    m.last_send_error = r.OptText(18);
    m.last_send_error_at = r.OptTime(19);
    return m;
}

// Settings end up in URLs, protocol commands and mail headers: no control characters.
bool HasControl(std::string_view s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// UIDs recorded before this instant are not trusted (see Mailbox::account_changed_at).
int64_t TrustedSince(const Mailbox& m) {
    return m.account_changed_at ? ToUnixMillis(*m.account_changed_at) : 0;
}

constexpr std::size_t kMaxDescription = 100000;
constexpr std::size_t kMaxSubject = 300;
const requests::Actor kSystem{"system", std::nullopt, "Guichet"};

// "jeudi 12 mars 2026 à 17 h 30" in the tenant's zone (rules: calendar/french_dates.hpp).
std::string FrenchDateTime(TimePoint t, const std::string& zone_name) {
    return calendar::FrenchDateTime(t, calendar::ZoneOrParis(zone_name));
}

std::string SafeSubject(const std::string& subject) {
    std::string s = TruncateUtf8(subject, kMaxSubject);
    return s.empty() ? "(sans objet)" : s;
}

// What an automatic mail keeps of its text: enough for an administrator to see what it is.
constexpr std::size_t kMaxAutomaticBody = 20000;

// Tells the citizen how to go on, after the signature separator of RFC 3676 ("-- ").
std::string Footer(const requests::Request& q, bool automatic) {
    std::string footer = "\n\n-- \n";
    if (automatic) footer += "Ce message est envoyé automatiquement. ";
    footer += "Référence de suivi : " + q.tracking_code +
              ". Pour compléter votre demande, répondez à ce message en gardant la référence "
              "dans l'objet : votre réponse sera jointe à votre demande.\n";
    return footer;
}

}  // namespace

std::span<const storage::Migration> MailService::Migrations() { return kMigrations; }

MailService::MailService(storage::Database& db, const Clock& clock,
                         requests::RequestService& requests, tenancy::TenancyService& tenancy,
                         MailTransport& transport, MailOptions options)
    : db_(db),
      clock_(clock),
      requests_(requests),
      tenancy_(tenancy),
      transport_(transport),
      options_(std::move(options)) {}

// ---- Mailboxes ---------------------------------------------------------------------------------

std::optional<MailboxFieldError> MailService::CheckMailbox(std::string_view tenant_id,
                                                           const NewMailbox& in, bool adding) {
    auto field = [](std::string name, std::string message) {
        return std::optional<MailboxFieldError>(MailboxFieldError{std::move(name), message});
    };
    if (in.imap_url.size() > 500 || HasControl(in.imap_url) ||
        in.imap_url.find(' ') != std::string::npos)
        return field("imap_url", "L'adresse IMAP n'est pas valide.");
    if (auto url = SplitImapUrl(in.imap_url); !url) return field("imap_url", url.error().message);
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
    if (NormaliseAddress(in.from_address).empty() || HasControl(in.from_address))
        return field("from_address", "L'adresse d'expédition n'est pas une adresse valide.");
    if (in.from_name.size() > 200 || HasControl(in.from_name))
        return field("from_name",
                     "Le nom d'expéditeur est trop long ou contient un retour à la ligne.");
    if (in.default_category_id) {
        auto category = requests_.GetCategory(tenant_id, *in.default_category_id);
        if (!category)
            return field("default_category_id", "Cette catégorie de demande n'existe pas.");
    }
    return std::nullopt;
}

Result<Mailbox> MailService::AddMailbox(std::string_view tenant_id, const NewMailbox& in) {
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
        GUICHET_TRY(category, requests_.GetCategory(tenant.id, *in.default_category_id));
        m.default_category_id = category.id;
    }
    m.enabled = in.enabled;
    m.created_at = clock_.Now();
    return SaveMailbox(m, true);
}

Result<Mailbox> MailService::UpdateMailbox(std::string_view tenant_id, std::string_view id,
                                           const NewMailbox& in) {
    GUICHET_TRY(m, GetMailbox(tenant_id, id));
    GUICHET_TRY(tenant, tenancy_.GetTenant(tenant_id));
    if (auto wrong = CheckMailbox(tenant_id, in, false)) return Invalid(wrong->message);
    const bool account_changed = in.imap_url != m.imap_url || in.user != m.user;
    if (account_changed) {
        // Another folder, perhaps on another server: its UIDs say nothing of what was handled.
        m.uidvalidity = 0;
        m.last_uid = 0;
        m.account_changed_at = clock_.Now();
        m.last_error.reset();
    }
    m.imap_url = in.imap_url;
    m.user = in.user;
    if (!in.password.empty()) m.password = in.password;
    m.smtp_url = in.smtp_url;
    m.smtp_auth = in.smtp_auth;
    m.starttls = in.starttls;
    m.from_address = NormaliseAddress(in.from_address);
    m.from_name = in.from_name.empty() ? tenant.name : in.from_name;
    m.default_category_id.reset();
    if (in.default_category_id) {
        GUICHET_TRY(category, requests_.GetCategory(tenant_id, *in.default_category_id));
        m.default_category_id = category.id;
    }
    m.enabled = in.enabled;
    return SaveMailbox(m, false, account_changed);
}

Result<Mailbox> MailService::SaveMailbox(const Mailbox& m, bool adding, bool account_changed) {
    auto written = db_.Transaction([&](Connection& c) -> Result<void> {
        if (adding) {
            return c
                .Execute(
                    "INSERT INTO mail_mailboxes (id, tenant_id, imap_url, imap_user, "
                    "imap_password, smtp_url, smtp_auth, starttls, from_address, from_name, "
                    "uidvalidity, last_uid, created_at, default_category_id, enabled) VALUES ($1, "
                    "$2, $3, $4, $5, $6, $7, $8, $9, $10, 0, 0, $11, $12, $13)",
                    {m.id, m.tenant_id, m.imap_url, m.user, m.password, m.smtp_url,
                     int64_t{m.smtp_auth}, int64_t{m.starttls}, m.from_address, m.from_name,
                     ToUnixMillis(m.created_at), storage::Nullable(m.default_category_id),
                     int64_t{m.enabled}})
                .map([](int64_t) {});
        }
        // The intake position and poll state belong to the poller: written only when the
        // account changed (UpdateMailbox reset them).
        GUICHET_TRY(changed,
                    c.Execute("UPDATE mail_mailboxes SET imap_url = $1, imap_user = $2, "
                              "imap_password = $3, smtp_url = $4, smtp_auth = $5, starttls = $6, "
                              "from_address = $7, from_name = $8, default_category_id = $9, "
                              "enabled = $10 WHERE id = $11 AND tenant_id = $12",
                              {m.imap_url, m.user, m.password, m.smtp_url, int64_t{m.smtp_auth},
                               int64_t{m.starttls}, m.from_address, m.from_name,
                               storage::Nullable(m.default_category_id), int64_t{m.enabled}, m.id,
                               m.tenant_id}));
        if (changed == 0)
            return Fail(ErrorCode::kNotFound, "Boîte aux lettres introuvable.", "mailbox gone");
        if (!account_changed) return {};
        return c
            .Execute(
                "UPDATE mail_mailboxes SET uidvalidity = 0, last_uid = 0, last_error = NULL, "
                "account_changed_at = $1 WHERE id = $2",
                {ToUnixMillis(*m.account_changed_at), m.id})
            .map([](int64_t) {});
    });
    if (!written && written.error().code == ErrorCode::kAlreadyExists)
        return Fail(ErrorCode::kAlreadyExists,
                    "Cette boîte aux lettres (même adresse IMAP et même identifiant) est déjà "
                    "enregistrée.",
                    written.error().detail);
    if (!written) return Fail(written.error());
    return m;
}

Result<Mailbox> MailService::GetMailbox(std::string_view tenant_id, std::string_view id) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(std::string(kMailboxColumns) + "WHERE id = $1 AND tenant_id = $2",
                          {std::string(id), std::string(tenant_id)});
    }));
    if (!row)
        return Fail(ErrorCode::kNotFound, "Boîte aux lettres introuvable.",
                    "no mailbox " + std::string(id));
    return MailboxFromRow(*row);
}

Result<void> MailService::DeleteMailbox(std::string_view tenant_id, std::string_view id) {
    GUICHET_TRY(m, GetMailbox(tenant_id, id));
    return db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(inbox,
                    c.QueryOne("SELECT COUNT(*) FROM mail_inbox WHERE mailbox_id = $1", {m.id}));
        GUICHET_TRY(outbox, c.QueryOne("SELECT COUNT(*) FROM mail_outbox WHERE mailbox_id = $1 "
                                       "AND state = 'pending'",
                                       {m.id}));
        if ((inbox && inbox->Int(0) > 0) || (outbox && outbox->Int(0) > 0))
            return Fail(ErrorCode::kFailedPrecondition,
                        "Cette boîte a déjà relevé ou doit encore envoyer des messages : son "
                        "historique sert à rattacher les réponses des usagers. Mettez-la en pause "
                        "plutôt que de la supprimer.",
                        "mailbox has history");
        return c
            .Execute("DELETE FROM mail_mailboxes WHERE id = $1 AND tenant_id = $2",
                     {m.id, m.tenant_id})
            .map([](int64_t) {});
    });
}

Result<std::map<std::string, MailboxActivity>> MailService::Activity(std::string_view tenant_id) {
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

Result<std::vector<AutomaticMail>> MailService::AutomaticMails(std::string_view tenant_id,
                                                               std::string_view mailbox_id,
                                                               std::size_t limit,
                                                               std::int64_t* total) {
    GUICHET_TRY(m, GetMailbox(tenant_id, mailbox_id));
    return db_.Read<std::vector<AutomaticMail>>(
        [&](Connection& c) -> Result<std::vector<AutomaticMail>> {
            if (total != nullptr) {
                GUICHET_TRY(count, c.QueryOne("SELECT COUNT(*) FROM mail_automatic WHERE "
                                              "mailbox_id = $1 AND tenant_id = $2",
                                              {m.id, m.tenant_id}));
                *total = count ? count->Int(0) : 0;
            }
            GUICHET_TRY(rows, c.Query("SELECT id, mailbox_id, message_id, from_address, from_name, "
                                      "subject, reason, body, request_id, sent_at, received_at "
                                      "FROM mail_automatic WHERE mailbox_id = $1 AND tenant_id = "
                                      "$2 ORDER BY received_at DESC, id DESC LIMIT $3",
                                      {m.id, m.tenant_id, static_cast<int64_t>(limit)}));
            std::vector<AutomaticMail> out;
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

ConnectionCheck MailService::CheckConnection(const Mailbox& m) {
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

Result<std::vector<Mailbox>> MailService::ListMailboxes(std::optional<std::string_view> tenant_id) {
    return db_.Read<std::vector<Mailbox>>([&](Connection& c) -> Result<std::vector<Mailbox>> {
        GUICHET_TRY(
            rows,
            tenant_id
                ? c.Query(std::string(kMailboxColumns) + "WHERE tenant_id = $1 ORDER BY created_at",
                          {std::string(*tenant_id)})
                : c.Query(std::string(kMailboxColumns) + "ORDER BY tenant_id, created_at"));
        std::vector<Mailbox> out;
        for (const Row& r : rows) out.push_back(MailboxFromRow(r));
        return out;
    });
}

Result<std::optional<Mailbox>> MailService::MailboxOfTenant(std::string_view tenant_id) {
    // Mail leaves through the oldest mailbox that is not paused, else the oldest one (a pause
    // stops the reading, not the answers).
    GUICHET_TRY(all, ListMailboxes(tenant_id));
    if (all.empty()) return std::optional<Mailbox>();
    for (const Mailbox& m : all)
        if (m.enabled) return std::optional<Mailbox>(m);
    return std::optional<Mailbox>(all.front());
}

// ---- Intake ------------------------------------------------------------------------------------

PollReport MailService::PollAll() {
    PollReport total;
    auto mailboxes = ListMailboxes();
    if (!mailboxes) {
        log::Warn("mail: cannot list mailboxes", {{"detail", mailboxes.error().detail}});
        return total;
    }
    for (const Mailbox& m : *mailboxes) {
        if (!m.enabled) continue;
        auto report = PollMailbox(m);
        ++total.mailboxes;
        if (!report) {
            log::Warn("mail: mailbox poll failed",
                      {{"mailbox", m.id}, {"url", m.imap_url}, {"detail", report.error().detail}});
            (void)db_.Transaction([&](Connection& c) -> Result<void> {
                return c
                    .Execute(
                        "UPDATE mail_mailboxes SET last_poll_at = $1, last_error = $2 "
                        "WHERE id = $3",
                        {ToUnixMillis(clock_.Now()), report.error().message, m.id})
                    .map([](int64_t) {});
            });
            continue;
        }
        total.fetched += report->fetched;
        total.created += report->created;
        total.threaded += report->threaded;
        total.rejected += report->rejected;
        total.failed += report->failed;
    }
    return total;
}

Result<PollReport> MailService::PollMailbox(const Mailbox& mailbox) {
    PollReport report;
    std::int64_t last_uid = mailbox.last_uid;
    GUICHET_TRY(listing, transport_.List(mailbox, last_uid + 1));
    if (listing.uidvalidity != mailbox.uidvalidity) {
        if (mailbox.uidvalidity != 0)
            log::Warn(
                "mail: UIDVALIDITY changed; the folder is read again (Message-IDs already "
                "handled are skipped)",
                {{"mailbox", mailbox.id},
                 {"old", mailbox.uidvalidity},
                 {"new", listing.uidvalidity}});
        if (last_uid != 0) {
            last_uid = 0;
            GUICHET_TRY(again, transport_.List(mailbox, 1));
            listing = std::move(again);
        }
    }
    // States of the UIDs already seen, to skip them without fetching.
    GUICHET_TRY(states, db_.Read<std::vector<Row>>([&](Connection& c) {
        return c.Query(
            "SELECT uid, state FROM mail_inbox WHERE mailbox_id = $1 AND uidvalidity = $2 AND "
            "uid > $3 AND updated_at >= $4",
            {mailbox.id, listing.uidvalidity, last_uid, TrustedSince(mailbox)});
    }));
    auto finished = [&](std::int64_t uid) {
        for (const Row& r : states)
            if (r.Int(0) == uid) return r.Text(1) == "done" || r.Text(1) == "rejected";
        return false;
    };
    std::int64_t watermark = last_uid;
    bool contiguous = true;  // Every UID up to `watermark` is finished.
    std::optional<Error> transport_error;
    for (std::int64_t uid : listing.uids) {
        if (uid <= last_uid) continue;
        bool done = finished(uid);
        if (!done) {
            auto raw = transport_.Fetch(mailbox, listing.uidvalidity, uid);
            if (!raw && raw.error().code == ErrorCode::kUnavailable) {
                // The server went away: try again at the next poll, from here.
                transport_error = raw.error();
                break;
            }
            Outcome outcome;
            if (!raw) {
                // Gone, or too large to fetch: counts as a failed attempt like any other.
                RecordFailure(mailbox, listing.uidvalidity, uid, "", raw.error(), outcome);
            } else {
                ++report.fetched;
                outcome = Process(mailbox, listing.uidvalidity, uid, *raw);
            }
            switch (outcome.action) {
                case Outcome::Action::kCreated:
                    ++report.created;
                    break;
                case Outcome::Action::kThreaded:
                    ++report.threaded;
                    break;
                case Outcome::Action::kRejected:
                    ++report.rejected;
                    break;
                case Outcome::Action::kRetry:
                    ++report.failed;
                    break;
                default:
                    break;
            }
            done = outcome.action != Outcome::Action::kRetry;
        }
        if (!done) contiguous = false;
        if (done && contiguous) watermark = uid;
    }
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        return c
            .Execute(
                "UPDATE mail_mailboxes SET uidvalidity = $1, last_uid = $2, last_poll_at = $3, "
                "last_error = $4 WHERE id = $5 AND imap_url = $6 AND imap_user = $7",
                // The account changed during this poll: its position is no longer ours to write.
                {listing.uidvalidity, watermark, ToUnixMillis(clock_.Now()),
                 transport_error ? storage::Value(transport_error->message)
                                 : storage::Value(nullptr),
                 mailbox.id, mailbox.imap_url, mailbox.user})
            .map([](int64_t) {});
    }));
    if (transport_error) return Fail(*transport_error);
    return report;
}

void MailService::RecordFailure(const Mailbox& mailbox, std::int64_t uidvalidity, std::int64_t uid,
                                const std::string& message_id, const Error& error,
                                Outcome& outcome) {
    int attempts = 0;
    auto written = db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(row, c.QueryOne("SELECT attempts, updated_at FROM mail_inbox WHERE "
                                    "mailbox_id = $1 AND uidvalidity = $2 AND uid = $3",
                                    {mailbox.id, uidvalidity, uid}));
        // A record from before an account change is another message's: its count starts over.
        const bool trusted = row && row->Int(1) >= TrustedSince(mailbox);
        attempts = (trusted ? static_cast<int>(row->Int(0)) : 0) + 1;
        const bool rejected = attempts >= options_.max_attempts;
        const std::string reason = error.detail.empty() ? error.message : error.detail;
        if (row) {
            return c
                .Execute(
                    "UPDATE mail_inbox SET attempts = $1, state = $2, reason = $3, "
                    "updated_at = $4 WHERE mailbox_id = $5 AND uidvalidity = $6 AND uid = $7",
                    {int64_t{attempts}, rejected ? "rejected" : "retry", reason,
                     ToUnixMillis(clock_.Now()), mailbox.id, uidvalidity, uid})
                .map([](int64_t) {});
        }
        return c
            .Execute(
                "INSERT INTO mail_inbox (mailbox_id, uidvalidity, uid, tenant_id, message_id, "
                "state, attempts, reason, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                "$8, $9)",
                {mailbox.id, uidvalidity, uid, mailbox.tenant_id,
                 message_id.empty() ? storage::Value(nullptr) : storage::Value(message_id),
                 rejected ? "rejected" : "retry", int64_t{attempts}, reason,
                 ToUnixMillis(clock_.Now())})
            .map([](int64_t) {});
    });
    outcome.reason = error.detail.empty() ? error.message : error.detail;
    if (!written) {
        log::Error("mail: cannot record a failed message",
                   {{"mailbox", mailbox.id}, {"uid", uid}, {"detail", written.error().detail}});
        outcome.action = Outcome::Action::kRetry;
        return;
    }
    if (attempts >= options_.max_attempts) {
        outcome.action = Outcome::Action::kRejected;
        log::Warn("mail: message rejected", {{"mailbox", mailbox.id},
                                             {"uidvalidity", uidvalidity},
                                             {"uid", uid},
                                             {"message_id", message_id},
                                             {"attempts", attempts},
                                             {"reason", outcome.reason}});
    } else {
        outcome.action = Outcome::Action::kRetry;
        log::Warn("mail: message failed, will retry", {{"mailbox", mailbox.id},
                                                       {"uid", uid},
                                                       {"attempts", attempts},
                                                       {"reason", outcome.reason}});
    }
}

Result<std::optional<requests::Request>> MailService::FindThread(const Mailbox& mailbox,
                                                                 const ParsedMail& mail,
                                                                 const std::string& sender) {
    using Found = std::optional<requests::Request>;
    auto resolve = [&](requests::Request q) -> Result<Found> {
        // A request merged into another continues there.
        for (int hops = 0; q.merged_into && hops < 5; ++hops) {
            GUICHET_TRY(into, requests_.Get(mailbox.tenant_id, *q.merged_into));
            q = std::move(into);
        }
        return Found(std::move(q));
    };
    for (const std::string& id : ThreadIds(mail)) {
        GUICHET_TRY(sent, db_.Read<std::optional<Row>>([&](Connection& c) {
            return c.QueryOne(
                "SELECT request_id FROM mail_sent WHERE tenant_id = $1 AND message_id = $2",
                {mailbox.tenant_id, id});
        }));
        if (sent) {
            auto q = requests_.Get(mailbox.tenant_id, sent->Text(0));
            if (q) return resolve(std::move(*q));
        }
        GUICHET_TRY(opened, requests_.FindByExternalRef(mailbox.tenant_id, id));
        if (opened) return resolve(std::move(*opened));
        // A later message of the citizen, already threaded.
        GUICHET_TRY(earlier, db_.Read<std::optional<Row>>([&](Connection& c) {
            return c.QueryOne(
                "SELECT request_id FROM mail_inbox WHERE tenant_id = $1 AND message_id = $2 AND "
                "request_id IS NOT NULL",
                {mailbox.tenant_id, id});
        }));
        if (earlier) {
            auto q = requests_.Get(mailbox.tenant_id, earlier->Text(0));
            if (q) return resolve(std::move(*q));
        }
    }
    // The tracking code in the subject counts only from the citizen's own address: a code is
    // short enough to be guessed.
    if (auto code = TrackingCodeIn(mail.subject); code && !sender.empty()) {
        auto q = requests_.Get(mailbox.tenant_id, *code);
        if (q && q->citizen.email && NormaliseAddress(*q->citizen.email) == sender)
            return resolve(std::move(*q));
    }
    return Found();
}

Result<bool> MailService::RecentlyAcknowledged(std::string_view tenant_id,
                                               const std::string& address) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(
            "SELECT COUNT(*) FROM mail_outbox WHERE tenant_id = $1 AND to_address = $2 AND "
            "kind = 'acknowledgement' AND created_at > $3",
            {std::string(tenant_id), address, ToUnixMillis(clock_.Now() - options_.ack_window)});
    }));
    return row && row->Int(0) > 0;
}

Result<MailService::AckMaterial> MailService::ReadAckMaterial(std::string_view tenant_id) {
    GUICHET_TRY(t, requests_.AcknowledgementTemplate(tenant_id, "email"));
    GUICHET_TRY(context, requests_.MergeContextFor(tenant_id));
    GUICHET_TRY(services, tenancy_.ListServices(tenant_id));
    return AckMaterial{std::move(t), std::move(context), std::move(services)};
}

Result<void> MailService::QueueAcknowledgement(Connection& c, const Mailbox& mailbox,
                                               const AckMaterial& material,
                                               const requests::Request& q,
                                               const std::string& in_reply_to) {
    const std::string to = NormaliseAddress(q.citizen.email.value_or(""));
    if (to.empty()) return {};
    // Signed by the service the request went to, with no agent's name: nobody wrote it.
    requests::Signatory signatory;
    for (const tenancy::Service& service : material.services)
        if (q.service_id && service.id == *q.service_id) signatory.service = service.name;
    const requests::RenderedTemplate rendered = requests::Render(
        material.template_, requests_.MergeValuesOf(q, signatory, material.context));
    const std::string text = rendered.body + Footer(q, true);
    const std::string domain = mailbox.from_address.substr(mailbox.from_address.find('@') + 1);
    OutgoingMail m;
    m.from = {mailbox.from_name, mailbox.from_address};
    m.to = {q.citizen.name.find('@') == std::string::npos ? q.citizen.name : std::string(), to};
    // One tracking code, this request's: a stranger answering someone else's acknowledgement
    // opens a new request, and its subject must not name the other one.
    m.subject = SubjectWithCode(
        SafeSubject(rendered.subject.empty() ? "Accusé de réception" : rendered.subject),
        q.tracking_code);
    m.text = text;
    m.html = HtmlMailDocument(TextToHtml(text));
    m.message_id = NewMessageId(domain);
    m.in_reply_to = in_reply_to;
    if (!in_reply_to.empty()) m.references = {in_reply_to};
    m.auto_replied = true;
    m.date = clock_.Now();
    const std::string raw = BuildMail(m);
    const int64_t now = ToUnixMillis(clock_.Now());
    GUICHET_CHECK(c.Execute(
        "INSERT INTO mail_outbox (id, tenant_id, mailbox_id, request_id, kind, to_address, "
        "message_id, raw, record_body, state, attempts, next_attempt_at, created_at) VALUES ($1, "
        "$2, $3, $4, 'acknowledgement', $5, $6, $7, $8, 'pending', 0, $9, $9)",
        {NewId(clock_.Now()), q.tenant_id, mailbox.id, q.id, to, m.message_id, raw, text, now}));
    GUICHET_CHECK(c.Execute(
        "INSERT INTO mail_sent (tenant_id, message_id, request_id, created_at) VALUES ($1, $2, "
        "$3, $4)",
        {q.tenant_id, m.message_id, q.id, now}));
    return {};
}

Outcome MailService::KeepAutomatic(const Mailbox& mailbox, std::int64_t uidvalidity,
                                   std::int64_t uid, const std::string& message_key,
                                   const ParsedMail& mail, const std::string& reason) {
    Outcome outcome;
    const std::string sender = mail.from ? NormaliseAddress(mail.from->address) : std::string();
    // The request it answers, for the administrator's information only: it joins nothing.
    std::optional<std::string> request_id;
    if (auto thread = FindThread(mailbox, mail, sender); thread && *thread)
        request_id = (*thread)->id;
    const int64_t now = ToUnixMillis(clock_.Now());
    auto written = db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_CHECK(c.Execute(
            "DELETE FROM mail_inbox WHERE mailbox_id = $1 AND uidvalidity = $2 AND uid = $3",
            {mailbox.id, uidvalidity, uid}));
        GUICHET_CHECK(c.Execute(
            "INSERT INTO mail_inbox (mailbox_id, uidvalidity, uid, tenant_id, message_id, state, "
            "action, request_id, attempts, reason, updated_at) VALUES ($1, $2, $3, $4, $5, "
            "'done', 'automatic', NULL, 0, $6, $7)",
            {mailbox.id, uidvalidity, uid, mailbox.tenant_id, message_key, reason, now}));
        // The same message seen again (the folder renumbered) is kept once.
        GUICHET_TRY(kept, c.QueryOne("SELECT id FROM mail_automatic WHERE mailbox_id = $1 AND "
                                     "message_id = $2",
                                     {mailbox.id, message_key}));
        if (kept) return {};
        return c
            .Execute(
                "INSERT INTO mail_automatic (id, tenant_id, mailbox_id, message_id, from_address, "
                "from_name, subject, reason, body, request_id, sent_at, received_at) VALUES ($1, "
                "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                {NewId(clock_.Now()), mailbox.tenant_id, mailbox.id, message_key, sender,
                 mail.from ? TruncateUtf8(mail.from->name, 200) : std::string(),
                 SafeSubject(mail.subject), reason, TruncateUtf8(mail.text, kMaxAutomaticBody),
                 storage::Nullable(request_id),
                 mail.date ? storage::Value(ToUnixMillis(*mail.date)) : storage::Value(nullptr),
                 now})
            .map([](int64_t) {});
    });
    if (!written) {
        RecordFailure(mailbox, uidvalidity, uid, message_key, written.error(), outcome);
        return outcome;
    }
    outcome.action = Outcome::Action::kAutomatic;
    outcome.request_id = request_id.value_or("");
    outcome.reason = reason;
    log::Info("mail: automatic message kept apart",
              {{"mailbox", mailbox.id}, {"uid", uid}, {"reason", reason}});
    return outcome;
}

Result<void> MailService::AddAttachments(std::string_view tenant_id, const std::string& request_id,
                                         const ParsedMail& mail) {
    GUICHET_TRY(existing, requests_.Attachments(tenant_id, request_id));
    const requests::Actor citizen{
        "citizen", std::nullopt,
        mail.from ? (mail.from->name.empty() ? mail.from->address : mail.from->name) : "Usager"};
    for (const MailAttachment& a : mail.attachments) {
        // Resuming after a crash: what is already stored is not stored twice.
        const bool stored = std::any_of(existing.begin(), existing.end(), [&](const auto& e) {
            return e.filename == a.filename && e.size == static_cast<std::int64_t>(a.bytes.size());
        });
        if (stored) continue;
        auto added = requests_.AddAttachment(tenant_id, request_id, a.filename, a.content_type,
                                             a.bytes, citizen);
        if (added) continue;
        if (added.error().code == ErrorCode::kUnavailable) return Fail(added.error());
        // Refused for good (too large, bad name): the agent is told, the rest goes on.
        GUICHET_CHECK(requests_.AddNote(tenant_id, request_id,
                                        "Pièce jointe « " + a.filename + " » (" +
                                            std::to_string(a.bytes.size() / 1024) +
                                            " Ko) non conservée : " + added.error().message,
                                        kSystem));
    }
    return {};
}

Outcome MailService::Process(const Mailbox& mailbox, std::int64_t uidvalidity, std::int64_t uid,
                             std::string_view raw) {
    Outcome outcome;
    auto previous = db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(
            "SELECT state, request_id FROM mail_inbox WHERE mailbox_id = $1 AND uidvalidity = $2 "
            "AND uid = $3 AND updated_at >= $4",
            {mailbox.id, uidvalidity, uid, TrustedSince(mailbox)});
    });
    if (!previous) {
        outcome.action = Outcome::Action::kRetry;
        outcome.reason = previous.error().detail;
        return outcome;
    }
    const std::string state = *previous ? (*previous)->Text(0) : "";
    if (state == "done" || state == "rejected") return outcome;  // kSkipped

    ParsedMail mail = ParseMail(raw);
    const std::string message_key = !mail.message_id.empty()
                                        ? mail.message_id
                                        : std::to_string(uid) + "." + std::to_string(uidvalidity) +
                                              "." + mailbox.id + "@guichet.local";
    auto fail = [&](const Error& e) {
        RecordFailure(mailbox, uidvalidity, uid, message_key, e, outcome);
        return outcome;
    };
    // Stores the attachments of a message whose request is written, then closes its record.
    // A failure keeps the record "attaching" (the next poll resumes), until kMaxAttempts: then
    // the agent is told on the request and the message is done.
    auto finish_attachments = [&](const std::string& request_id) -> Result<void> {
        auto added = AddAttachments(mailbox.tenant_id, request_id, mail);
        int attempts = 0;
        GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
            GUICHET_TRY(row, c.QueryOne("SELECT attempts FROM mail_inbox WHERE mailbox_id = $1 "
                                        "AND uidvalidity = $2 AND uid = $3",
                                        {mailbox.id, uidvalidity, uid}));
            attempts = (row ? static_cast<int>(row->Int(0)) : 0) + (added ? 0 : 1);
            const bool done = added || attempts >= options_.max_attempts;
            return c
                .Execute(
                    "UPDATE mail_inbox SET state = $1, attempts = $2, reason = $3, "
                    "updated_at = $4 WHERE mailbox_id = $5 AND uidvalidity = $6 AND uid = $7",
                    {done ? "done" : "attaching", int64_t{attempts},
                     added ? storage::Value(nullptr) : storage::Value(added.error().detail),
                     ToUnixMillis(clock_.Now()), mailbox.id, uidvalidity, uid})
                .map([](int64_t) {});
        }));
        if (added) return {};
        if (attempts >= options_.max_attempts) {
            log::Warn("mail: attachments given up", {{"mailbox", mailbox.id},
                                                     {"uid", uid},
                                                     {"request", request_id},
                                                     {"detail", added.error().detail}});
            (void)requests_.AddNote(mailbox.tenant_id, request_id,
                                    "Certaines pièces jointes du message n'ont pas pu être "
                                    "conservées : " +
                                        added.error().message,
                                    kSystem);
            return {};
        }
        return Fail(added.error());
    };
    // Resuming a message whose request was written but whose attachments were not all stored.
    if (state == "attaching") {
        outcome.request_id = (*previous)->Text(1);
        outcome.action = finish_attachments(outcome.request_id) ? Outcome::Action::kThreaded
                                                                : Outcome::Action::kRetry;
        return outcome;
    }

    // The record of this UID, written with the request in one transaction.
    const std::string final_state = mail.attachments.empty() ? "done" : "attaching";
    auto record = [&](Connection& c, const std::string& request_id,
                      const std::string& action) -> Result<void> {
        GUICHET_CHECK(c.Execute(
            "DELETE FROM mail_inbox WHERE mailbox_id = $1 AND uidvalidity = $2 AND uid = $3",
            {mailbox.id, uidvalidity, uid}));
        return c
            .Execute(
                "INSERT INTO mail_inbox (mailbox_id, uidvalidity, uid, tenant_id, message_id, "
                "state, action, request_id, attempts, updated_at) VALUES ($1, $2, $3, $4, $5, "
                "$6, $7, $8, 0, $9)",
                {mailbox.id, uidvalidity, uid, mailbox.tenant_id, message_key,
                 action == "duplicate" ? std::string("done") : final_state, action, request_id,
                 ToUnixMillis(clock_.Now())})
            .map([](int64_t) {});
    };

    // The same message again (delivered twice, or the folder renumbered): already handled.
    {
        auto seen = db_.Read<std::optional<Row>>([&](Connection& c) {
            return c.QueryOne(
                "SELECT request_id FROM mail_inbox WHERE tenant_id = $1 AND message_id = $2 AND "
                "state IN ('done', 'attaching') AND request_id IS NOT NULL",
                {mailbox.tenant_id, message_key});
        });
        if (!seen) return fail(seen.error());
        std::optional<std::string> request_id;
        if (*seen) request_id = (*seen)->Text(0);
        if (!request_id) {
            auto opened = requests_.FindByExternalRef(mailbox.tenant_id, message_key);
            if (!opened) return fail(opened.error());
            if (*opened) request_id = (*opened)->id;
        }
        if (request_id) {
            auto written =
                db_.Transaction([&](Connection& c) { return record(c, *request_id, "duplicate"); });
            if (!written) return fail(written.error());
            outcome.action = Outcome::Action::kDuplicate;
            outcome.request_id = *request_id;
            log::Info("mail: duplicate message skipped",
                      {{"mailbox", mailbox.id}, {"uid", uid}, {"request", *request_id}});
            return outcome;
        }
    }

    const std::string sender = mail.from ? NormaliseAddress(mail.from->address) : std::string();
    auto mailboxes = ListMailboxes(mailbox.tenant_id);
    if (!mailboxes) return fail(mailboxes.error());
    std::vector<std::string> own;
    for (const auto& m : *mailboxes) own.push_back(m.from_address);
    // Auto-replies, bounces and lists are no citizen's request: they open none and join none,
    // so that no deadline runs for them and they count in no figure.
    if (auto automatic = AutomaticReason(mail, own))
        return KeepAutomatic(mailbox, uidvalidity, uid, message_key, mail, *automatic);
    std::optional<std::string> no_reply = NoAutoReplyReason(mail, own);

    std::string body = mail.text;
    bool body_cut = false;
    if (body.size() > kMaxDescription - 200) {
        body = TruncateUtf8(body, kMaxDescription - 200) +
               "\n\n[…] Texte complet en pièce jointe (message.txt).";
        body_cut = true;
    }
    if (body_cut)
        mail.attachments.push_back({"message.txt", "text/plain; charset=utf-8", mail.text});
    const std::string citizen_name = mail.from && !mail.from->name.empty()
                                         ? TruncateUtf8(mail.from->name, 200)
                                     : !sender.empty() ? sender
                                                       : "Expéditeur inconnu";
    const requests::Actor citizen{"citizen", std::nullopt, citizen_name};

    auto tenant = tenancy_.GetTenant(mailbox.tenant_id);
    if (!tenant) return fail(tenant.error());
    auto thread = FindThread(mailbox, mail, sender);
    if (!thread) return fail(thread.error());
    if (*thread) {
        const requests::Request& q = **thread;
        const std::string text = body.empty() ? "(message sans texte)" : body;
        auto updated = requests_.AddIncoming(
            mailbox.tenant_id, q.id, text, citizen, "email",
            [&](Connection& c, const requests::Request&) { return record(c, q.id, "threaded"); });
        if (!updated) return fail(updated.error());
        outcome.action = Outcome::Action::kThreaded;
        outcome.request_id = q.id;
    } else {
        requests::NewRequest in;
        in.channel = requests::Channel::kEmail;
        in.citizen.name = citizen_name;
        if (!sender.empty()) in.citizen.email = sender;
        in.subject = SafeSubject(mail.subject);
        in.description = body.empty() ? "(message sans texte)" : body;
        in.external_ref = message_key;
        if (mailbox.default_category_id) {
            // A category removed since it was chosen: the general one, rather than no request.
            auto category = requests_.GetCategory(mailbox.tenant_id, *mailbox.default_category_id);
            if (category)
                in.category = category->id;
            else if (category.error().code != ErrorCode::kNotFound)
                return fail(category.error());
        }
        // Deadlines run from our reception, whatever the sender's Date: says (a wrong clock, a
        // mail held a week in an outbox); that date is only shown to the agent (below).
        bool ack = false;
        if (!no_reply && !sender.empty()) {
            auto recent = RecentlyAcknowledged(mailbox.tenant_id, sender);
            if (!recent) return fail(recent.error());
            if (*recent) no_reply = "already answered automatically within the window";
        }
        std::optional<AckMaterial> material;
        if (!no_reply) {
            auto read = ReadAckMaterial(mailbox.tenant_id);
            if (!read) return fail(read.error());
            material = std::move(*read);
        }
        auto created = requests_.Create(
            mailbox.tenant_id, in, citizen,
            [&](Connection& c, const requests::Request& q) -> Result<void> {
                GUICHET_CHECK(record(c, q.id, "created"));
                if (no_reply) return {};
                ack = true;
                return QueueAcknowledgement(c, mailbox, *material, q, mail.message_id);
            });
        if (!created) return fail(created.error());
        if (mail.date &&
            std::chrono::abs(*mail.date - created->received_at) > std::chrono::hours(1)) {
            // Information only: a failure to write it loses nothing of the request.
            (void)requests_.AddNote(mailbox.tenant_id, created->id,
                                    "Le courriel indique avoir été envoyé le " +
                                        FrenchDateTime(*mail.date, tenant->timezone) +
                                        " ; les délais courent depuis sa réception, le " +
                                        FrenchDateTime(created->received_at, tenant->timezone) +
                                        ".",
                                    kSystem);
        }
        outcome.action = Outcome::Action::kCreated;
        outcome.request_id = created->id;
        outcome.acknowledged = ack;
    }
    if (no_reply) outcome.reason = *no_reply;
    log::Info("mail: message received",
              {{"mailbox", mailbox.id},
               {"uid", uid},
               {"request", outcome.request_id},
               {"action", outcome.action == Outcome::Action::kCreated ? "created" : "threaded"},
               {"acknowledged", outcome.acknowledged},
               {"no_auto_reply", no_reply.value_or("")}});
    if (!mail.attachments.empty() && !finish_attachments(outcome.request_id)) {
        // The request exists; the next poll resumes the attachments.
        outcome.action = Outcome::Action::kRetry;
    }
    return outcome;
}

// ---- Sending -----------------------------------------------------------------------------------

Result<requests::AlsoInTransaction> MailService::PrepareAcknowledgement(std::string_view tenant_id,
                                                                        std::string_view email) {
    const std::string to = NormaliseAddress(email);
    if (to.empty()) return requests::AlsoInTransaction();
    GUICHET_TRY(mailbox, MailboxOfTenant(tenant_id));
    if (!mailbox) return requests::AlsoInTransaction();
    GUICHET_TRY(recent, RecentlyAcknowledged(tenant_id, to));
    if (recent) {
        log::Info("mail: acknowledgement not sent (one already sent recently)", {});
        return requests::AlsoInTransaction();
    }
    GUICHET_TRY(material, ReadAckMaterial(tenant_id));
    return requests::AlsoInTransaction(
        [this, mailbox = std::move(*mailbox), material = std::move(material)](
            Connection& c, const requests::Request& q) {
            return QueueAcknowledgement(c, mailbox, material, q, "");
        });
}

Result<requests::AlsoInTransaction> MailService::PrepareAnswer(std::string_view tenant_id,
                                                               const requests::Outgoing& m,
                                                               const Signature& signature) {
    GUICHET_TRY(mailbox, MailboxOfTenant(tenant_id));
    if (!mailbox) return requests::AlsoInTransaction();
    GUICHET_TRY(tenant, tenancy_.GetTenant(tenant_id));
    // The files are read here, not in the transaction, which would otherwise hold the database's
    // write lock while reading up to kMaxAnswerBytes from disk. That they belong to the request
    // is checked by AddOutgoing before the function below runs.
    if (m.attachment_ids.size() > requests::RequestService::kMaxAnswerFiles)
        return Invalid("Un message emporte au plus " +
                       std::to_string(requests::RequestService::kMaxAnswerFiles) +
                       " pièces jointes.");
    // Shared: the function is copied as a std::function, its files need not be.
    auto files = std::make_shared<std::vector<MailAttachment>>();
    for (const std::string& id : m.attachment_ids) {
        GUICHET_TRY(file, requests_.ReadAttachment(tenant_id, id));
        files->push_back({file.first.filename, file.first.content_type, std::move(file.second)});
    }
    return requests::AlsoInTransaction(
        [this, mailbox = std::move(*mailbox), tenant = std::move(tenant), m, signature,
         files = std::move(files)](Connection& c, const requests::Request& q) {
            return QueueAnswer(c, mailbox, tenant, q, m, signature, *files);
        });
}

Result<void> MailService::QueueAnswer(Connection& c, const Mailbox& mailbox,
                                      const tenancy::Tenant& tenant, const requests::Request& q,
                                      const requests::Outgoing& m, const Signature& signature,
                                      const std::vector<MailAttachment>& files) {
    if (!q.citizen.email) return {};
    const std::string to = NormaliseAddress(*q.citizen.email);
    if (to.empty()) return {};
    // Threading: the citizen's last message, and the one that opened the request.
    GUICHET_TRY(last,
                c.QueryOne("SELECT message_id FROM mail_inbox WHERE tenant_id = $1 AND "
                           "request_id = $2 AND message_id IS NOT NULL AND message_id NOT LIKE "
                           "'%@guichet.local' ORDER BY updated_at DESC LIMIT 1",
                           {q.tenant_id, q.id}));
    OutgoingMail out;
    if (q.channel == requests::Channel::kEmail && q.external_ref &&
        q.external_ref->find("@guichet.local") == std::string::npos)
        out.references.push_back(*q.external_ref);
    if (last && std::find(out.references.begin(), out.references.end(), last->Text(0)) ==
                    out.references.end())
        out.references.push_back(last->Text(0));
    if (!out.references.empty()) out.in_reply_to = out.references.back();

    // The agent's text as written: the greeting and the signature are the template's (they
    // were added here too once, and citizens got two). A text the agent did not sign is
    // signed, so that the citizen always knows who answers and for which service.
    std::string text = m.body;
    if (m.kind == "holding" && m.forecast)
        // A forecast is a calendar day (carried as that day's UTC midnight): a date, no time.
        text += "\n\nRéponse prévue au plus tard le " +
                calendar::FrenchDate(date::floor<date::days>(*m.forecast)) + ".";
    if (!files.empty()) {
        text += files.size() == 1 ? "\n\nPièce jointe : " : "\n\nPièces jointes : ";
        for (std::size_t i = 0; i < files.size(); ++i)
            text += (i == 0 ? "" : ", ") + files[i].filename;
        text += ".";
    }
    if (!requests::SignedBy(m.body, signature.first_name)) {
        text += "\n\nBien cordialement,\n\n" + signature.first_name;
        if (!signature.service.empty()) text += "\n" + signature.service;
        text += "\n" + tenant.name;
    }
    text += Footer(q, false);
    out.from = {mailbox.from_name, mailbox.from_address};
    out.to = {q.citizen.name.find('@') == std::string::npos ? q.citizen.name : std::string(), to};
    const bool is_reply = q.subject.rfind("Re:", 0) == 0 || q.subject.rfind("RE:", 0) == 0;
    out.subject = (is_reply ? "" : "Re: ") + SubjectWithCode(q.subject, q.tracking_code);
    out.text = text;
    out.html = HtmlMailDocument(TextToHtml(text));
    out.message_id = NewMessageId(mailbox.from_address.substr(mailbox.from_address.find('@') + 1));
    out.date = clock_.Now();
    out.attachments = files;
    // The whole message, files included, is stored: each retry sends the same bytes with the
    // same Message-ID, and the files may change on disk later without changing what was sent.
    const std::string raw = BuildMail(out);
    const int64_t now = ToUnixMillis(clock_.Now());
    GUICHET_CHECK(c.Execute(
        "INSERT INTO mail_outbox (id, tenant_id, mailbox_id, request_id, kind, to_address, "
        "message_id, raw, state, attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, "
        "$5, $6, $7, $8, 'pending', 0, $9, $9)",
        {NewId(clock_.Now()), q.tenant_id, mailbox.id, q.id, m.kind, to, out.message_id, raw,
         now}));
    return c
        .Execute(
            "INSERT INTO mail_sent (tenant_id, message_id, request_id, created_at) "
            "VALUES ($1, $2, $3, $4)",
            {q.tenant_id, out.message_id, q.id, now})
        .map([](int64_t) {});
}

std::size_t MailService::SendDue() {
    auto due = db_.Read<std::vector<Row>>([&](Connection& c) {
        // Without `raw`: a message may carry up to kMaxAnswerBytes of files, so each one is
        // read only when its turn comes (see below).
        return c.Query(
            "SELECT id, tenant_id, mailbox_id, request_id, kind, to_address, record_body, "
            "attempts, (SELECT COUNT(*) FROM mail_outbox o2 WHERE o2.mailbox_id = "
            "mail_outbox.mailbox_id AND o2.state = 'pending' AND o2.attempts > 0 AND o2.id <> "
            "mail_outbox.id) FROM mail_outbox WHERE state = 'pending' AND next_attempt_at <= $1 "
            "ORDER "
            "BY created_at LIMIT 50",
            {ToUnixMillis(clock_.Now())});
    });
    if (!due) {
        log::Warn("mail: cannot read the outbox", {{"detail", due.error().detail}});
        return 0;
    }
    std::size_t sent = 0;
    for (const Row& r : *due) {
        const std::string id = r.Text(0), tenant_id = r.Text(1), request_id = r.Text(3);
        auto mailbox = db_.Read<std::optional<Row>>([&](Connection& c) {
            return c.QueryOne(std::string(kMailboxColumns) + "WHERE id = $1", {r.Text(2)});
        });
        Result<void> result;
        if (!mailbox) {
            result = Fail(mailbox.error());
        } else if (!*mailbox) {
            result = Fail(ErrorCode::kFailedPrecondition, "Boîte aux lettres supprimée.",
                          "mailbox removed");
        } else {
            const Mailbox m = MailboxFromRow(**mailbox);
            auto raw = db_.Read<std::optional<Row>>([&](Connection& c) {
                return c.QueryOne("SELECT raw FROM mail_outbox WHERE id = $1", {id});
            });
            if (!raw)
                result = Fail(raw.error());
            else if (!*raw)
                result = Fail(ErrorCode::kInternal, "Message disparu.", "outbox row removed");
            else
                // RFC 3834: an automatic reply has an empty envelope sender, so that a bounce or
                // an auto-reply to it goes nowhere.
                result = transport_.Send(m, r.Text(4) == "acknowledgement" ? "" : m.from_address,
                                         r.Text(5), (**raw).Text(0));
        }
        const int64_t now = ToUnixMillis(clock_.Now());
        auto mark_sent = [&](Connection& c) -> Result<void> {
            GUICHET_CHECK(
                c.Execute("UPDATE mail_outbox SET state = 'sent', sent_at = $1, attempts = "
                          "attempts + 1, last_error = NULL WHERE id = $2",
                          {now, id}));
            // The server takes mail again: the mailbox's error is over, unless other messages
            // still wait after a failure.
            if (r.Int(8) > 0) return {};
            return c
                .Execute(
                    "UPDATE mail_mailboxes SET last_send_error = NULL, last_send_error_at = NULL "
                    "WHERE id = $1",
                    {r.Text(2)})
                .map([](int64_t) {});
        };
        if (result) {
            ++sent;
            if (r.Int(7) > 0) {
                // The history said it failed: it says it went.
                const int64_t tries = r.Int(7) + 1;
                (void)requests_.AddNote(tenant_id, request_id,
                                        "Courriel envoyé au " + std::to_string(tries) + "e essai.",
                                        kSystem);
            }
            Result<void> recorded;
            if (auto body = r.OptText(6)) {
                // The acknowledgement counts (acknowledged_at) once it has left.
                requests::Outgoing out{.kind = r.Text(4), .body = *body, .channel = "email"};
                auto added = requests_.AddOutgoing(
                    tenant_id, request_id, out, kSystem,
                    [&](Connection& c, const requests::Request&) { return mark_sent(c); });
                if (added) continue;
                log::Warn("mail: acknowledgement sent but not recorded on the request",
                          {{"request", request_id}, {"detail", added.error().detail}});
            }
            recorded = db_.Transaction(mark_sent);
            if (!recorded)
                log::Error("mail: sent message not marked (it may be sent again)",
                           {{"outbox", id}, {"detail", recorded.error().detail}});
            continue;
        }
        const int attempts = static_cast<int>(r.Int(7)) + 1;
        const bool give_up = attempts >= options_.max_send_attempts;
        const auto delay =
            std::chrono::seconds(std::min<int64_t>(5LL << std::min(attempts, 9), 1800));
        (void)db_.Transaction([&](Connection& c) -> Result<void> {
            return c
                .Execute(
                    "UPDATE mail_outbox SET attempts = $1, state = $2, next_attempt_at = $3, "
                    "last_error = $4 WHERE id = $5",
                    {int64_t{attempts}, give_up ? "failed" : "pending",
                     now + std::chrono::duration_cast<std::chrono::milliseconds>(delay).count(),
                     result.error().detail, id})
                .map([](int64_t) {});
        });
        RecordSendFailure(r.Text(2), tenant_id, request_id, result.error().message, give_up,
                          clock_.Now() + delay);
        (give_up ? log::Error : log::Warn)(
            give_up ? "mail: message not sent, given up" : "mail: message not sent, will retry",
            {{"outbox", id},
             {"request", request_id},
             {"attempts", attempts},
             {"detail", result.error().detail}});
    }
    return sent;
}

void MailService::RecordSendFailure(const std::string& mailbox_id, const std::string& tenant_id,
                                    const std::string& request_id, const std::string& message,
                                    bool given_up, TimePoint next_attempt) {
    auto written = db_.Transaction([&](Connection& c) -> Result<void> {
        return c
            .Execute(
                "UPDATE mail_mailboxes SET last_send_error = $1, last_send_error_at = $2 WHERE "
                "id = $3",
                {message, ToUnixMillis(clock_.Now()), mailbox_id})
            .map([](int64_t) {});
    });
    if (!written)
        log::Warn("mail: cannot record a sending failure", {{"detail", written.error().detail}});
    auto tenant = tenancy_.GetTenant(tenant_id);
    const std::string zone = tenant ? tenant->timezone : std::string();
    const std::string note =
        given_up ? "Envoi du courriel abandonné après plusieurs essais : " + message +
                       " Vérifiez la boîte aux lettres dans les paramètres, puis renvoyez le "
                       "message."
                 : "Envoi du courriel en échec (" + message + "), nouvel essai le " +
                       FrenchDateTime(next_attempt, zone) + ".";
    auto noted = requests_.AddNote(tenant_id, request_id, note, kSystem);
    if (!noted)
        log::Warn("mail: cannot note a sending failure on the request",
                  {{"request", request_id}, {"detail", noted.error().detail}});
}

}  // namespace guichet::mail
