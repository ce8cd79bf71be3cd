// MailboxAdmin: the administration of a tenant's mailboxes (`guichet mailbox add|list`,
// /api/v1/mailboxes): their settings, checked before they are stored; what the intake did with
// their messages; the automatic mails kept apart; a trial connection to their servers.
//
// Contract: a mailbox has a version (1 when added, +1 on each change of its settings); a change
// or a removal names the version it was made from and is refused (kFailedPrecondition,
// "stale-version") when another came first, compared inside the write transaction (If-Match,
// core/versions.hpp). nullopt ("If-Match: *", the CLI) overwrites. Errors carry a French message.
// Thread-safety: safe from any thread; calls block (database; CheckConnection: network).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "mail/mail_message.hpp"
#include "mail/mailbox.hpp"
#include "mail/transport.hpp"
#include "requests/catalogue.hpp"
#include "storage/database.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::mail {

// The settings of a mailbox, to add one or to replace those of one.
struct NewMailbox {
    std::string imap_url;
    std::string user;
    std::string password;  // Required to add; empty in an update: the stored one is kept.
    std::string smtp_url;
    bool smtp_auth = false;
    bool starttls = false;
    std::string from_address;
    std::string from_name;  // Empty: the tenant's name.
    std::optional<std::string> default_category_id;
    bool enabled = true;
};

// A setting that is wrong: its name in the API ("imap_url") and why, in French.
struct MailboxFieldError {
    std::string field;
    std::string message;
};

// What the intake did with a mailbox's messages (all time).
struct MailboxActivity {
    std::int64_t received = 0;   // Became a request or joined one (duplicates not counted).
    std::int64_t rejected = 0;   // Given up after retries.
    std::int64_t automatic = 0;  // Written by a program: in the automatic mails.
};

// The outcome of trying a mailbox's servers: each part says, in French, what worked or what
// to fix.
struct ConnectionCheck {
    bool imap_ok = false;
    std::string imap_message;
    bool smtp_ok = false;
    std::string smtp_message;
};

// A message written by a program (an auto-reply, a bounce, a list), kept out of the requests
// and shown to administrators in the mailbox's « Courriels automatiques ».
struct AutomaticMail {
    std::string id;
    std::string mailbox_id;
    std::string message_id;
    MailAddress from;
    std::string subject;
    std::string reason;  // Why it was taken as automatic ("Auto-Submitted: auto-replied", …).
    std::string body;    // Its text, cut at about 20 000 bytes.
    // The request it refers to (an out-of-office reply to an answer), when one was found.
    std::optional<std::string> request_id;
    std::optional<TimePoint> sent_at;  // Its Date: header, as the sender says.
    TimePoint received_at;
};

class MailboxAdmin {
  public:
    // The catalogue checks a mailbox's default request type.
    MailboxAdmin(storage::Database& db, const Clock& clock, requests::Catalogue& catalogue,
                 tenancy::TenancyService& tenancy, MailTransport& transport);

    // The first setting of `mailbox` that is wrong, else nullopt. `adding`: the password is
    // required. Server ports are 1 to 65535. The default category must be one of the tenant's.
    std::optional<MailboxFieldError> CheckMailbox(std::string_view tenant_id,
                                                  const NewMailbox& mailbox, bool adding);
    // Adds a mailbox (version 1), read from its first message on. kInvalidArgument
    // (CheckMailbox's message), kAlreadyExists for an account (tenant, IMAP URL, user) already
    // registered.
    Result<Mailbox> AddMailbox(std::string_view tenant_id, const NewMailbox& mailbox);
    Result<std::vector<Mailbox>> ListMailboxes(std::optional<std::string_view> tenant_id = {});
    // kNotFound unless the mailbox is the tenant's.
    Result<Mailbox> GetMailbox(std::string_view tenant_id, std::string_view id);
    // Replaces the settings (an empty password keeps the stored one) of the mailbox at version
    // `expected_version` (nullopt: whatever is stored) and raises its version. Changing the
    // account (IMAP URL or user) reads the folder again from its start: messages already handled
    // are recognised by Message-ID and not opened twice. Errors as AddMailbox, kNotFound, and
    // "stale-version".
    Result<Mailbox> UpdateMailbox(std::string_view tenant_id, std::string_view id,
                                  const NewMailbox& mailbox,
                                  std::optional<std::int64_t> expected_version = std::nullopt);
    // Removes a mailbox, at version `expected_version`, that never took in a message and has
    // nothing left to send; otherwise kFailedPrecondition (its records thread the citizens'
    // replies: pause it instead). kNotFound, "stale-version".
    Result<void> DeleteMailbox(std::string_view tenant_id, std::string_view id,
                               std::optional<std::int64_t> expected_version = std::nullopt);
    // The automatic mails of a mailbox of the tenant, newest first, at most `limit` (kNotFound
    // unless the mailbox is the tenant's). `total` receives how many there are.
    Result<std::vector<AutomaticMail>> AutomaticMails(std::string_view tenant_id,
                                                      std::string_view mailbox_id,
                                                      std::size_t limit, std::int64_t* total);
    // Activity of each of the tenant's mailboxes, by mailbox id (absent: nothing yet).
    Result<std::map<std::string, MailboxActivity>> Activity(std::string_view tenant_id);
    // Logs in to the IMAP server and opens the folder, then greets the SMTP server (logging in
    // when smtp_auth); reads and sends nothing. Blocks up to about 20 s per server.
    ConnectionCheck CheckConnection(const Mailbox& mailbox);

  private:
    storage::Database& db_;
    const Clock& clock_;
    requests::Catalogue& catalogue_;
    tenancy::TenancyService& tenancy_;
    MailTransport& transport_;
};

}  // namespace guichet::mail
