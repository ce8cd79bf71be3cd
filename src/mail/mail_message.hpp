// Domain types of the mail module: a received message as the intake reads it, and a message to
// send. Every text here is UTF-8 whatever the charset of the wire; bytes of attachments are kept
// as they were.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace guichet::mail {

struct MailAddress {
    std::string name;     // Display name, decoded; may be empty.
    std::string address;  // "user@example.org"; lower-cased domain is not assumed.
};

struct MailAttachment {
    std::string filename;  // Never empty: a name is made up when the part has none.
    std::string content_type;
    std::string bytes;
};

// A received message. Message-IDs are kept without their angle brackets.
struct ParsedMail {
    std::string message_id;  // Empty when the message has none.
    std::string in_reply_to;
    std::vector<std::string> references;
    std::optional<MailAddress> from;
    std::vector<MailAddress> to;
    std::string subject;
    std::optional<TimePoint> date;
    std::string auto_submitted;           // Header value, lower-cased; empty when absent.
    std::string precedence;               // Lower-cased.
    std::string list_id;                  // Raw value.
    bool auto_response_suppress = false;  // X-Auto-Response-Suppress present (any value).
    // X-Autoreply, X-Autorespond or X-Auto-Reply present (vacation programs that predate
    // RFC 3834), lower-cased value; empty when absent.
    std::string x_autoreply;
    bool delivery_report = false;  // multipart/report (a bounce, a read receipt: RFC 6522).
    std::string text;              // The body as text: text/plain preferred.
    bool text_from_html = false;   // The body came from an HTML part.
    std::vector<MailAttachment> attachments;
    bool well_formed = true;  // False when GMime could not read it as a message.
};

// A message to send.
struct OutgoingMail {
    MailAddress from;
    MailAddress to;
    std::string subject;
    std::string text;                     // The plain-text part.
    std::string html;                     // The HTML alternative; empty: text only.
    std::string message_id;               // Without brackets; empty: one is generated.
    std::string in_reply_to;              // Without brackets.
    std::vector<std::string> references;  // Without brackets, oldest first.
    // Adds "Auto-Submitted: auto-replied" (RFC 3834) and "X-Auto-Response-Suppress: All" (so
    // that Exchange's out-of-office answers do not answer it in turn).
    bool auto_replied = false;
    std::optional<TimePoint> date;  // Default: now.
    std::vector<MailAttachment> attachments;
};

}  // namespace guichet::mail
