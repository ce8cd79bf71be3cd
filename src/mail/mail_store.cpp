#include "mail/mail_store.hpp"

namespace guichet::mail::store {
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
    {5, "mailboxes: a version for the If-Match of the console's changes", R"sql(
ALTER TABLE mail_mailboxes ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
)sql"},
};

constexpr const char* kMailboxColumns =
    "SELECT id, tenant_id, imap_url, imap_user, imap_password, smtp_url, smtp_auth, starttls, "
    "from_address, from_name, uidvalidity, last_uid, last_poll_at, last_error, created_at, "
    "default_category_id, enabled, account_changed_at, last_send_error, last_send_error_at, "
    "version FROM mail_mailboxes ";

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
    m.version = r.Int(20);
    return m;
}

}  // namespace

std::span<const storage::Migration> Migrations() { return kMigrations; }

Result<std::optional<Mailbox>> FindMailbox(Connection& c, std::string_view id,
                                           std::optional<std::string_view> tenant_id) {
    GUICHET_TRY(
        row, tenant_id
                 ? c.QueryOne(std::string(kMailboxColumns) + "WHERE id = $1 AND tenant_id = $2",
                              {std::string(id), std::string(*tenant_id)})
                 : c.QueryOne(std::string(kMailboxColumns) + "WHERE id = $1", {std::string(id)}));
    if (!row) return std::optional<Mailbox>();
    return std::optional<Mailbox>(MailboxFromRow(*row));
}

Result<std::vector<Mailbox>> ListMailboxes(Connection& c,
                                           std::optional<std::string_view> tenant_id) {
    GUICHET_TRY(
        rows, tenant_id ? c.Query(std::string(kMailboxColumns) +
                                      "WHERE tenant_id = $1 ORDER BY created_at",
                                  {std::string(*tenant_id)})
                        : c.Query(std::string(kMailboxColumns) + "ORDER BY tenant_id, created_at"));
    std::vector<Mailbox> out;
    for (const Row& r : rows) out.push_back(MailboxFromRow(r));
    return out;
}

Result<std::optional<Mailbox>> SendingMailbox(Connection& c, std::string_view tenant_id) {
    GUICHET_TRY(all, ListMailboxes(c, tenant_id));
    if (all.empty()) return std::optional<Mailbox>();
    for (const Mailbox& m : all)
        if (m.enabled) return std::optional<Mailbox>(m);
    return std::optional<Mailbox>(all.front());
}

std::int64_t TrustedSince(const Mailbox& m) {
    return m.account_changed_at ? ToUnixMillis(*m.account_changed_at) : 0;
}

}  // namespace guichet::mail::store
