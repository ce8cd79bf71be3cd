// MailService: the e-mail channel of the requests module.
//
// Intake: every tenant's mailboxes are read over IMAP by UID. A new message becomes a request
// (channel e-mail); a reply — In-Reply-To/References naming a request's Message-ID or one we
// sent, or its tracking code in the subject from the same citizen — is threaded into its request.
// Each processed UID is recorded (mail_inbox) in the same transaction as the request it created
// or updated, so a crash never loses nor duplicates a message; a message whose processing fails
// is retried, then after kMaxAttempts recorded as rejected with its reason and skipped. The
// poller never stops on one message. See docs/adr/0012-mail-intake.md.
//
// Sending: acknowledgements and agents' answers are written to an outbox table in the request's
// flow and sent by SendDue() (the server calls it every few seconds) with retries; an
// acknowledgement is recorded on the request (AddOutgoing) when it has left. No automatic reply
// goes to auto-replies, lists, robots or our own address (RFC 3834), nor twice to one address
// within `ack_window`.
//
// Thread-safety: safe from any thread; calls block (database, network). PollAll and SendDue are
// meant for one background thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "mail/mail_message.hpp"
#include "mail/mailbox.hpp"
#include "mail/transport.hpp"
#include "requests/request_service.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
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

struct MailOptions {
    int max_attempts = 3;                 // Intake tries per message before rejecting.
    int max_send_attempts = 8;            // SMTP tries per outbox row.
    std::chrono::minutes ack_window{10};  // One automatic reply per address per window.
};

// Who signs an answer (Marianne: agents say who they are, for the request's service): made by
// RequestService::SignatoryFor.
using Signature = requests::Signatory;

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

class MailService {
  public:
    MailService(storage::Database& db, const Clock& clock, requests::RequestService& requests,
                tenancy::TenancyService& tenancy, MailTransport& transport,
                MailOptions options = {});

    static std::span<const storage::Migration> Migrations();

    // ---- Mailboxes (guichet mailbox add|list, /api/v1/mailboxes) ------------------------------
    // The first setting of `mailbox` that is wrong, else nullopt. `adding`: the password is
    // required. The default category must be one of the tenant's.
    std::optional<MailboxFieldError> CheckMailbox(std::string_view tenant_id,
                                                  const NewMailbox& mailbox, bool adding);
    // Adds a mailbox, read from its first message on. kInvalidArgument (CheckMailbox's message),
    // kAlreadyExists for an account (tenant, IMAP URL, user) already registered.
    Result<Mailbox> AddMailbox(std::string_view tenant_id, const NewMailbox& mailbox);
    Result<std::vector<Mailbox>> ListMailboxes(std::optional<std::string_view> tenant_id = {});
    // kNotFound unless the mailbox is the tenant's.
    Result<Mailbox> GetMailbox(std::string_view tenant_id, std::string_view id);
    // Replaces the settings (an empty password keeps the stored one). Changing the account (IMAP
    // URL or user) reads the folder again from its start: messages already handled are
    // recognised by Message-ID and not opened twice. Errors as AddMailbox, and kNotFound.
    Result<Mailbox> UpdateMailbox(std::string_view tenant_id, std::string_view id,
                                  const NewMailbox& mailbox);
    // Removes a mailbox that never took in a message and has nothing left to send; otherwise
    // kFailedPrecondition (its records thread the citizens' replies: pause it instead).
    Result<void> DeleteMailbox(std::string_view tenant_id, std::string_view id);
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

    // ---- Intake --------------------------------------------------------------------------------
    // Reads every mailbox once; a mailbox that fails is logged and recorded (last_error) and the
    // others are still read.
    PollReport PollAll();
    Result<PollReport> PollMailbox(const Mailbox& mailbox);
    // Handles one message of `mailbox` (idempotent per mailbox, UIDVALIDITY and UID).
    Outcome Process(const Mailbox& mailbox, std::int64_t uidvalidity, std::int64_t uid,
                    std::string_view raw);

    // ---- Sending -------------------------------------------------------------------------------
    // The acknowledgement of a request opened on the portal (Delivery::on_create): what to run
    // in the transaction that writes the request, so that the outbox row and the request are
    // written together. Nothing for an address acknowledged within the window (no loop with an
    // auto-responder), nor for a tenant without a mailbox.
    Result<requests::AlsoInTransaction> PrepareAcknowledgement(std::string_view tenant_id,
                                                               std::string_view email);
    // An agent's answer by e-mail (Delivery::on_outgoing), in two steps so that the outbox row is
    // written in the transaction that records the answer (RequestService::AddOutgoing): a crash
    // never leaves an answer recorded but not sent. This call reads what the mail needs (the
    // tenant's mailbox, the tenant) outside that transaction; the function it returns builds the
    // mail for the request as recorded and writes the outbox row on the transaction's
    // connection, failing (and so refusing the answer) when it cannot. It returns an empty
    // function when the tenant has no mailbox; the function does nothing for a request without
    // citizen e-mail. The message's files (`attachment_ids`, at most kMaxAnswerFiles) are read
    // here and attached to the mail as they are named and typed on the request; AddOutgoing
    // checks in its transaction, before the function runs, that they are the request's.
    Result<requests::AlsoInTransaction> PrepareAnswer(std::string_view tenant_id,
                                                      const requests::Outgoing& message,
                                                      const Signature& signature);
    // Sends outbox rows that are due; returns how many left. Failures are retried with backoff,
    // then marked failed; each failure is recorded on the mailbox (last_send_error, cleared when
    // a message leaves) and in the request's history (« envoi en échec, nouvel essai … »).
    // Acknowledgements leave with an empty envelope sender (RFC 3834: bounces go nowhere).
    std::size_t SendDue();

  private:
    Result<std::optional<Mailbox>> MailboxOfTenant(std::string_view tenant_id);
    // Inserts the mailbox, or writes its settings (and, when its account changed, its reset
    // intake position).
    Result<Mailbox> SaveMailbox(const Mailbox& mailbox, bool adding, bool account_changed = false);
    Result<std::optional<requests::Request>> FindThread(const Mailbox& mailbox,
                                                        const ParsedMail& mail,
                                                        const std::string& sender);
    Result<bool> RecentlyAcknowledged(std::string_view tenant_id, const std::string& address);
    // What an acknowledgement needs, read before the request's transaction: the tenant's
    // acknowledgement template for e-mail, the merge context and the services (to sign with the
    // request's).
    struct AckMaterial {
        requests::RequestTemplate template_;
        requests::RequestService::MergeContext context;
        std::vector<tenancy::Service> services;
    };
    Result<AckMaterial> ReadAckMaterial(std::string_view tenant_id);
    // Writes the acknowledgement of `request` to the outbox on `c`, rendered from the tenant's
    // template.
    Result<void> QueueAcknowledgement(storage::Connection& c, const Mailbox& mailbox,
                                      const AckMaterial& material, const requests::Request& request,
                                      const std::string& in_reply_to);
    // Keeps an automatic mail (see AutomaticReason) with the record of its UID, in one
    // transaction.
    Outcome KeepAutomatic(const Mailbox& mailbox, std::int64_t uidvalidity, std::int64_t uid,
                          const std::string& message_key, const ParsedMail& mail,
                          const std::string& reason);
    // Records a failed sending on the mailbox and in the request's history.
    void RecordSendFailure(const std::string& mailbox_id, const std::string& tenant_id,
                           const std::string& request_id, const std::string& message, bool given_up,
                           TimePoint next_attempt);
    // Writes an agent's answer to the outbox on `c` (see PrepareAnswer).
    Result<void> QueueAnswer(storage::Connection& c, const Mailbox& mailbox,
                             const tenancy::Tenant& tenant, const requests::Request& request,
                             const requests::Outgoing& message, const Signature& signature,
                             const std::vector<MailAttachment>& files);
    Result<void> AddAttachments(std::string_view tenant_id, const std::string& request_id,
                                const ParsedMail& mail);
    void RecordFailure(const Mailbox& mailbox, std::int64_t uidvalidity, std::int64_t uid,
                       const std::string& message_id, const Error& error, Outcome& outcome);

    storage::Database& db_;
    const Clock& clock_;
    requests::RequestService& requests_;
    tenancy::TenancyService& tenancy_;
    MailTransport& transport_;
    MailOptions options_;
};

}  // namespace guichet::mail
