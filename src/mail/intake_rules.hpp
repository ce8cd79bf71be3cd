// The intake's decisions on a received message, as pure functions so that they are tested alone:
// whether an automatic reply may be sent (RFC 3834), which Message-IDs a reply refers to, and the
// tracking code a subject carries.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mail/mail_message.hpp"

namespace guichet::mail {

// Why no automatic reply may go to this message, or nullopt when one may. RFC 3834 and common
// practice: Auto-Submitted other than "no"; Precedence bulk, list or junk; a List-Id;
// X-Auto-Response-Suppress; a sender that is a robot (mailer-daemon, postmaster, noreply…); no
// usable sender; or a sender among `own_addresses` (a mail loop). Addresses compare
// case-insensitively.
std::optional<std::string> NoAutoReplyReason(const ParsedMail& mail,
                                             const std::vector<std::string>& own_addresses);

// The Message-IDs a reply refers to, nearest first: In-Reply-To, then References from the last.
// Duplicates removed.
std::vector<std::string> ThreadIds(const ParsedMail& mail);

// The first valid tracking code ("K7M-4PQ-2XR", any case) in `subject`, canonical; else nullopt.
std::optional<std::string> TrackingCodeIn(std::string_view subject);

}  // namespace guichet::mail
