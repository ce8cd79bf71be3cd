// MailOutbox: what leaves by e-mail. Acknowledgements and agents' answers are written to the
// outbox table (mail_outbox) in the transaction of the request they belong to, so that a crash
// never leaves a request acknowledged, or an answer recorded, without its mail on the way; then
// SendDue() sends the rows that are due, with retries and backoff. An acknowledgement is
// recorded on the request (AddOutgoing) once it has left. No automatic reply goes twice to one
// address within `ack_window` (no loop with an auto-responder), and acknowledgements leave with
// an empty envelope sender (RFC 3834: bounces go nowhere).
//
// Contract: the Prepare* and Read* calls read outside any transaction and return what to run in
// the request's transaction; the Queue* calls and those functions write on the caller's
// connection only (storage/database.hpp "Leases"). SendDue is a plain method for the server's
// scheduler: it never throws, logs its failures, and records them on the mailbox
// (last_send_error, cleared when a message leaves) and in the request's history.
// Thread-safety: safe from any thread; calls block (database, network). SendDue is meant for one
// background thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "mail/mail_common.hpp"
#include "mail/mail_message.hpp"
#include "mail/mailbox.hpp"
#include "mail/transport.hpp"
#include "requests/request_services.hpp"
#include "storage/database.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::mail {

// Who signs an answer (Marianne: agents say who they are, for the request's service): made by
// requests::Letters::SignatoryFor.
using Signature = requests::Signatory;

class MailOutbox {
  public:
    // Uses the requests module's letters (templates, merge values), attachments (the files an
    // answer carries) and lifecycle (the notes of failed sendings).
    MailOutbox(storage::Database& db, const Clock& clock, requests::RequestServices requests,
               tenancy::TenancyService& tenancy, MailTransport& transport,
               MailOptions options = {});

    // The acknowledgement of a request opened on the portal: what to run in the transaction that
    // writes the request. Nothing for an address acknowledged within the window, nor for a
    // tenant without a mailbox.
    Result<requests::AlsoInTransaction> PrepareAcknowledgement(std::string_view tenant_id,
                                                               std::string_view email);
    // An agent's answer by e-mail, in two steps so that the outbox row is written in the
    // transaction that records the answer (requests::RequestLifecycle::AddOutgoing). This call
    // reads what the mail needs (the tenant's mailbox, the tenant, the files `attachment_ids`, at
    // most kMaxAnswerFiles); the function it returns builds the mail for the request as recorded
    // and writes the outbox row on the transaction's connection, failing (and so refusing the
    // answer) when it cannot. An empty function when the tenant has no mailbox; the function
    // does nothing for a request without citizen e-mail.
    Result<requests::AlsoInTransaction> PrepareAnswer(std::string_view tenant_id,
                                                      const requests::Outgoing& message,
                                                      const Signature& signature);
    // Sends outbox rows that are due; returns how many left. Failures are retried with backoff,
    // then marked failed.
    std::size_t SendDue();

    // ---- For the intake, which acknowledges the requests it opens ------------------------------
    // Whether `address` was sent an automatic reply by the tenant within the window.
    Result<bool> RecentlyAcknowledged(std::string_view tenant_id, const std::string& address);
    // What an acknowledgement needs, read before the request's transaction: the tenant's
    // acknowledgement template for e-mail, the merge context and the services (to sign with the
    // request's).
    struct AckMaterial {
        requests::RequestTemplate template_;
        requests::Letters::MergeContext context;
        std::vector<tenancy::Service> services;
    };
    Result<AckMaterial> ReadAckMaterial(std::string_view tenant_id);
    // Writes the acknowledgement of `request` to the outbox on `c`, rendered from the tenant's
    // template, as an answer to `in_reply_to` (a Message-ID, or empty).
    Result<void> QueueAcknowledgement(storage::Connection& c, const Mailbox& mailbox,
                                      const AckMaterial& material, const requests::Request& request,
                                      const std::string& in_reply_to);

  private:
    Result<std::optional<Mailbox>> SendingMailbox(std::string_view tenant_id);
    // Writes an agent's answer to the outbox on `c` (see PrepareAnswer).
    Result<void> QueueAnswer(storage::Connection& c, const Mailbox& mailbox,
                             const tenancy::Tenant& tenant, const requests::Request& request,
                             const requests::Outgoing& message, const Signature& signature,
                             const std::vector<MailAttachment>& files);
    // Records a failed sending on the mailbox and in the request's history.
    void RecordSendFailure(const std::string& mailbox_id, const std::string& tenant_id,
                           const std::string& request_id, const std::string& message, bool given_up,
                           TimePoint next_attempt);

    storage::Database& db_;
    const Clock& clock_;
    requests::RequestServices requests_;
    tenancy::TenancyService& tenancy_;
    MailTransport& transport_;
    MailOptions options_;
};

}  // namespace guichet::mail
