// The mail module's tables (mail_mailboxes, mail_inbox, mail_sent, mail_outbox, mail_automatic):
// their migrations, and the mapping of a mailbox row to a Mailbox. Shared by the mailbox
// administration, the intake and the outbox; no other module reads these tables (module
// borders): they call MailboxAdmin, MailIntake, MailOutbox.
//
// Contract: every function reads or writes on the caller's connection (inside its transaction
// or read, storage/database.hpp "Leases") and borrows none. Errors are the connection's.
// Thread-safety: stateless functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "mail/mailbox.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace guichet::mail::store {

std::span<const storage::Migration> Migrations();

// The mailbox `id`, only if it is `tenant_id`'s when a tenant is given.
Result<std::optional<Mailbox>> FindMailbox(storage::Connection& c, std::string_view id,
                                           std::optional<std::string_view> tenant_id = {});

// A tenant's mailboxes (every tenant's when none is given), oldest first.
Result<std::vector<Mailbox>> ListMailboxes(storage::Connection& c,
                                           std::optional<std::string_view> tenant_id = {});

// The mailbox mail leaves through: the tenant's oldest one that is not paused, else its oldest
// (a pause stops the reading, not the answers); none when the tenant has no mailbox.
Result<std::optional<Mailbox>> SendingMailbox(storage::Connection& c, std::string_view tenant_id);

// UIDs recorded before this instant (Unix milliseconds) are not trusted: they belong to the
// folder of an account the mailbox no longer reads (see Mailbox::account_changed_at).
std::int64_t TrustedSince(const Mailbox& m);

}  // namespace guichet::mail::store
