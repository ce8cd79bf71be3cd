// MailIntake: the e-mail that comes in. Every tenant's mailboxes are read over IMAP by UID. A
// new message becomes a request (channel e-mail), acknowledged through the outbox unless it must
// not be answered (RFC 3834); a reply — In-Reply-To/References naming a request's Message-ID or
// one we sent, or its tracking code in the subject from the same citizen — is threaded into its
// request; a message written by a program (auto-reply, bounce, list) is kept apart in the
// mailbox's automatic mails. See docs/adr/0012-mail-intake.md.
//
// Contract: each processed UID is recorded (mail_inbox) in the same transaction as the request
// it created or updated, so a crash never loses nor duplicates a message; a message whose
// processing fails is retried, then after `max_attempts` recorded as rejected with its reason
// and skipped. The poller never stops on one message, nor on one mailbox. PollAll is a plain
// method for the server's scheduler: it never throws and logs its failures. Reads of other
// modules are made before the transactions, which write on their own connection only.
// Thread-safety: safe from any thread; calls block (database, network). PollAll is meant for one
// background thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "mail/mail_common.hpp"
#include "mail/mail_message.hpp"
#include "mail/mail_outbox.hpp"
#include "mail/mailbox.hpp"
#include "mail/transport.hpp"
#include "requests/request_services.hpp"
#include "storage/database.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::mail {

// What happened to one received message.
struct Outcome {
    // kAutomatic: written by a program, kept in the automatic mails (no request).
    enum class Action { kCreated, kThreaded, kDuplicate, kSkipped, kRetry, kRejected, kAutomatic };
    Action action = Action::kSkipped;
    std::string request_id;
    bool acknowledged = false;  // An acknowledgement was queued.
    std::string reason;         // Why no acknowledgement, or why it failed.
};

struct PollReport {
    std::size_t mailboxes = 0, fetched = 0, created = 0, threaded = 0, rejected = 0, failed = 0;
};

class MailIntake {
  public:
    // Uses the requests module's queries (threading), lifecycle (new requests, replies, notes),
    // attachments and catalogue (the mailbox's default type).
    MailIntake(storage::Database& db, const Clock& clock, requests::RequestServices requests,
               tenancy::TenancyService& tenancy, MailTransport& transport, MailOutbox& outbox,
               MailOptions options = {});

    // Reads every mailbox that is not paused once; a mailbox that fails is logged and recorded
    // (last_error) and the others are still read.
    PollReport PollAll();
    Result<PollReport> PollMailbox(const Mailbox& mailbox);
    // Handles one message of `mailbox` (idempotent per mailbox, UIDVALIDITY and UID).
    Outcome Process(const Mailbox& mailbox, std::int64_t uidvalidity, std::int64_t uid,
                    std::string_view raw);

  private:
    Result<std::optional<requests::Request>> FindThread(const Mailbox& mailbox,
                                                        const ParsedMail& mail,
                                                        const std::string& sender);
    // Keeps an automatic mail (see AutomaticReason) with the record of its UID, in one
    // transaction.
    Outcome KeepAutomatic(const Mailbox& mailbox, std::int64_t uidvalidity, std::int64_t uid,
                          const std::string& message_key, const ParsedMail& mail,
                          const std::string& reason);
    Result<void> AddAttachments(std::string_view tenant_id, const std::string& request_id,
                                const ParsedMail& mail);
    void RecordFailure(const Mailbox& mailbox, std::int64_t uidvalidity, std::int64_t uid,
                       const std::string& message_id, const Error& error, Outcome& outcome);

    storage::Database& db_;
    const Clock& clock_;
    requests::RequestServices requests_;
    tenancy::TenancyService& tenancy_;
    MailTransport& transport_;
    MailOutbox& outbox_;
    MailOptions options_;
};

}  // namespace guichet::mail
