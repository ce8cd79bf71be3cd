// HTTP side of the tenant's mailboxes (the e-mail channel of requests), for agents with
// requests.manage (session or API key):
//   GET    /api/v1/mailboxes               the tenant's mailboxes with their intake state
//   POST   /api/v1/mailboxes               add one (201, Location)
//   GET    /api/v1/mailboxes/{id}          with its ETag "vN"
//   PUT    /api/v1/mailboxes/{id}          replace the settings; a missing or empty password
//                                          keeps the stored one; If-Match required
//   DELETE /api/v1/mailboxes/{id}          204; If-Match required; 412 once it took in messages
//                                          (pause it instead)
//   POST   /api/v1/mailboxes/{id}/test     log in to IMAP and greet SMTP: {ok, imap, smtp}, each
//                                          {ok, message} in French; 200 whatever the outcome
// The password is write-only: answers say only whether one is stored (has_password). A wrong
// setting is a 400 problem whose `field` names it (imap_url, user, password, smtp_url,
// from_address, from_name, default_category_id, smtp_auth, starttls, enabled) and changes
// nothing; a server port out of 1..65535 is such a setting. Each mailbox carries `version`
// (ETag "vN"); PUT and DELETE need If-Match (http/if_match.hpp): missing 428
// "precondition-required", another administrator's change first 412 "stale-version", nothing
// overwritten. Changes are written to the audit log.
#pragma once

#include "http/router.hpp"
#include "identity/http/authenticator.hpp"
#include "mail/mailbox_admin.hpp"

namespace guichet::mail::http {

void RegisterMailboxRoutes(guichet::http::Router& router, MailboxAdmin& mail,
                           identity::http::Authenticator& auth);

}  // namespace guichet::mail::http
