#include "mail/mail_service.hpp"

#include "mail/mail_store.hpp"

namespace guichet::mail {

std::span<const storage::Migration> MailService::Migrations() { return store::Migrations(); }

MailService::MailService(storage::Database& db, const Clock& clock,
                         requests::RequestService& requests, tenancy::TenancyService& tenancy,
                         MailTransport& transport, MailOptions options)
    : options_(std::move(options)),
      admin_(db, clock, requests, tenancy, transport),
      outbox_(db, clock, requests, tenancy, transport, options_),
      intake_(db, clock, requests, tenancy, transport, outbox_, options_),
      request_mail_(db, requests, outbox_) {}

}  // namespace guichet::mail
