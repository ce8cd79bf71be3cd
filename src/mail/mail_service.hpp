// MailService: the e-mail channel of the requests module, as one object for the application,
// the CLI and the routes. It owns the three parts and delegates to them; read those for the
// rules:
// - MailboxAdmin (mailbox_admin.hpp): the mailboxes' settings (versioned, If-Match), activity,
//   automatic mails, connection checks;
// - MailIntake (mail_intake.hpp): reading the mailboxes into requests (PollAll);
// - MailOutbox (mail_outbox.hpp): acknowledgements and answers, sent by SendDue;
// - RequestMail (request_mail.hpp): which requests and messages go by e-mail, the two hooks of
//   the request routes (requests::http::Delivery).
// The tables and their migrations are in mail_store.hpp; no other module reads them.
//
// PollAll and SendDue are plain methods for the server's scheduler (it decides when; no timer
// here). Thread-safety: safe from any thread; calls block (database, network).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "mail/mail_common.hpp"
#include "mail/mail_intake.hpp"
#include "mail/mail_outbox.hpp"
#include "mail/mailbox.hpp"
#include "mail/mailbox_admin.hpp"
#include "mail/request_mail.hpp"
#include "mail/transport.hpp"
#include "requests/request_service.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::mail {

class MailService {
  public:
    MailService(storage::Database& db, const Clock& clock, requests::RequestService& requests,
                tenancy::TenancyService& tenancy, MailTransport& transport,
                MailOptions options = {});
    MailService(const MailService&) = delete;
    MailService& operator=(const MailService&) = delete;

    static std::span<const storage::Migration> Migrations();

    MailboxAdmin& mailboxes() { return admin_; }
    MailIntake& intake() { return intake_; }
    MailOutbox& outbox() { return outbox_; }
    // The hooks of the request routes: OnCreate and OnOutgoing.
    RequestMail& request_mail() { return request_mail_; }

    // ---- Mailboxes (MailboxAdmin) --------------------------------------------------------------
    std::optional<MailboxFieldError> CheckMailbox(std::string_view tenant_id,
                                                  const NewMailbox& mailbox, bool adding) {
        return admin_.CheckMailbox(tenant_id, mailbox, adding);
    }
    Result<Mailbox> AddMailbox(std::string_view tenant_id, const NewMailbox& mailbox) {
        return admin_.AddMailbox(tenant_id, mailbox);
    }
    Result<std::vector<Mailbox>> ListMailboxes(std::optional<std::string_view> tenant_id = {}) {
        return admin_.ListMailboxes(tenant_id);
    }
    Result<Mailbox> GetMailbox(std::string_view tenant_id, std::string_view id) {
        return admin_.GetMailbox(tenant_id, id);
    }
    Result<Mailbox> UpdateMailbox(std::string_view tenant_id, std::string_view id,
                                  const NewMailbox& mailbox,
                                  std::optional<std::int64_t> expected_version = std::nullopt) {
        return admin_.UpdateMailbox(tenant_id, id, mailbox, expected_version);
    }
    Result<void> DeleteMailbox(std::string_view tenant_id, std::string_view id,
                               std::optional<std::int64_t> expected_version = std::nullopt) {
        return admin_.DeleteMailbox(tenant_id, id, expected_version);
    }
    Result<std::vector<AutomaticMail>> AutomaticMails(std::string_view tenant_id,
                                                      std::string_view mailbox_id,
                                                      std::size_t limit, std::int64_t* total) {
        return admin_.AutomaticMails(tenant_id, mailbox_id, limit, total);
    }
    Result<std::map<std::string, MailboxActivity>> Activity(std::string_view tenant_id) {
        return admin_.Activity(tenant_id);
    }
    ConnectionCheck CheckConnection(const Mailbox& mailbox) {
        return admin_.CheckConnection(mailbox);
    }

    // ---- Intake (MailIntake) -------------------------------------------------------------------
    PollReport PollAll() { return intake_.PollAll(); }
    Result<PollReport> PollMailbox(const Mailbox& mailbox) { return intake_.PollMailbox(mailbox); }
    Outcome Process(const Mailbox& mailbox, std::int64_t uidvalidity, std::int64_t uid,
                    std::string_view raw) {
        return intake_.Process(mailbox, uidvalidity, uid, raw);
    }

    // ---- Sending (MailOutbox) ------------------------------------------------------------------
    Result<requests::AlsoInTransaction> PrepareAcknowledgement(std::string_view tenant_id,
                                                               std::string_view email) {
        return outbox_.PrepareAcknowledgement(tenant_id, email);
    }
    Result<requests::AlsoInTransaction> PrepareAnswer(std::string_view tenant_id,
                                                      const requests::Outgoing& message,
                                                      const Signature& signature) {
        return outbox_.PrepareAnswer(tenant_id, message, signature);
    }
    std::size_t SendDue() { return outbox_.SendDue(); }

  private:
    MailOptions options_;
    MailboxAdmin admin_;
    MailOutbox outbox_;
    MailIntake intake_;
    RequestMail request_mail_;
};

}  // namespace guichet::mail
