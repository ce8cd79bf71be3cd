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

// Why this message was written by a program rather than a person, or nullopt: Auto-Submitted
// other than "no" (RFC 3834); X-Autoreply and its variants; Precedence bulk, list, junk or
// auto_reply; a List-Id; a delivery report (multipart/report); a sender that is a robot
// (mailer-daemon, postmaster, noreply…); or a sender among `own_addresses` (a mail loop).
// Such a message opens no request and joins none: it goes to the mailbox's automatic mails.
// Addresses compare case-insensitively.
std::optional<std::string> AutomaticReason(const ParsedMail& mail,
                                           const std::vector<std::string>& own_addresses);

// Why no automatic reply may go to this message, or nullopt when one may: AutomaticReason, or
// X-Auto-Response-Suppress, or no usable sender.
std::optional<std::string> NoAutoReplyReason(const ParsedMail& mail,
                                             const std::vector<std::string>& own_addresses);

// `subject` naming the request `code` once and no other: tracking codes of other requests (a
// stranger answering someone's acknowledgement, "Re: [K7M-4PQ-2XR] …") are removed with their
// brackets, and " [code]" is appended when the subject does not name it yet.
std::string SubjectWithCode(std::string_view subject, std::string_view code);

// The Message-IDs a reply refers to, nearest first: In-Reply-To, then References from the last.
// Duplicates removed.
std::vector<std::string> ThreadIds(const ParsedMail& mail);

// The first valid tracking code ("K7M-4PQ-2XR", any case) in `subject`, canonical; else nullopt.
std::optional<std::string> TrackingCodeIn(std::string_view subject);

}  // namespace guichet::mail
