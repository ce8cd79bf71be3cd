// A tenant's mailbox: where the intake reads (IMAP) and how mail leaves (SMTP), with the intake's
// position in the folder (UIDVALIDITY and the last UID below which everything was handled).
// Managed with `guichet mailbox add|list` and /api/v1/mailboxes (mail/http/mailbox_routes.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace guichet::mail {

struct Mailbox {
    std::string id;
    std::string tenant_id;
    std::string imap_url;  // imap://host:port/INBOX or imaps://…; the folder defaults to INBOX.
    std::string user;
    std::string password;    // Stored as given (the IMAP server needs it): protect the database.
    std::string smtp_url;    // smtp://host:port or smtps://host:port.
    bool smtp_auth = false;  // Log in to SMTP with the IMAP user and password.
    bool starttls = false;   // Require STARTTLS on imap:// and smtp:// connections.
    std::string from_address;
    std::string from_name;
    // The category of requests opened from this mailbox (routing rules still apply); none: the
    // tenant's general category.
    std::optional<std::string> default_category_id;
    bool enabled = true;  // false: paused, the intake does not read it (answers still leave).
    std::int64_t uidvalidity = 0;
    std::int64_t last_uid = 0;
    std::optional<TimePoint> last_poll_at;
    std::optional<std::string>
        last_error;  // The last poll's failure, in French; none after a success.
    // When the IMAP account (URL or user) last changed: UIDs recorded before it belong to
    // another folder and are not trusted (messages are recognised by Message-ID instead).
    std::optional<TimePoint> account_changed_at;
    // The last failure to send a message (in French) and when; none after a message has left.
    std::optional<std::string> last_send_error;
    std::optional<TimePoint> last_send_error_at;
    TimePoint created_at;
    // 1 when added, +1 on each change of its settings from the console or the CLI (If-Match,
    // core/versions.hpp); the intake's and the outbox's own state (position, errors) leave it.
    std::int64_t version = 1;
};

}  // namespace guichet::mail
