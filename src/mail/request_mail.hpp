// RequestMail: the rules by which requests meet e-mail, as the two hooks the request routes call
// (requests::http::Delivery, wired by the application):
// - OnCreate: a request opened on the portal with the citizen's e-mail address is acknowledged
//   by e-mail; those that came by e-mail are acknowledged by the intake, and counter and phone
//   ones in person.
// - OnOutgoing: everything an agent sends on the "email" channel goes out, acknowledgements
//   written by hand too, signed Marianne-style: the agent's first name and the service they
//   answer for (the request's, else the agent's own).
//
// Contract: both are called before the request's transaction and read outside it; the function
// they return writes the outbox row on that transaction's connection (MailOutbox), so that an
// answer that cannot be queued is not recorded either. An empty function: nothing goes by mail.
// Thread-safety: safe from any thread; calls block (database).
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "mail/mail_outbox.hpp"
#include "requests/letters.hpp"
#include "requests/types.hpp"
#include "storage/database.hpp"

namespace guichet::mail {

class RequestMail {
  public:
    RequestMail(storage::Database& db, requests::Letters& letters, MailOutbox& outbox);

    Result<requests::AlsoInTransaction> OnCreate(std::string_view tenant_id,
                                                 const requests::NewRequest& request);
    Result<requests::AlsoInTransaction> OnOutgoing(const requests::Request& request,
                                                   const requests::Outgoing& message,
                                                   const requests::Actor& actor);

  private:
    storage::Database& db_;
    requests::Letters& letters_;
    MailOutbox& outbox_;
};

}  // namespace guichet::mail
