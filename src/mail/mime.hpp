// MIME with GMime 3: reading a raw RFC 5322 message into a ParsedMail, and writing an
// OutgoingMail as a raw message ready for SMTP. The only place (with transport.cpp) that
// includes gmime.h.
//
// Thread-safety: both functions may be called from any thread (GMime is initialised once).
#pragma once

#include <string>
#include <string_view>

#include "mail/mail_message.hpp"

namespace guichet::mail {

// Never fails and never throws: garbage gives a ParsedMail with well_formed = false and the input
// read as text. Charsets are converted to UTF-8 (text.hpp's fallbacks); the body is the first
// text/plain part outside attachments, else the first text/html part as text; nested multiparts
// are walked (depth-limited); every other leaf part, and attached messages, are attachments.
ParsedMail ParseMail(std::string_view raw);

// The message as CRLF-terminated lines in 7-bit (quoted-printable text, base64 attachments,
// RFC 2047 encoded headers): multipart/alternative when `html` is set, inside multipart/mixed
// when there are attachments. An empty message_id is generated "@guichet.local".
std::string BuildMail(const OutgoingMail& mail);

// A new Message-ID (without brackets) for `domain` ("guichet.local" when empty).
std::string NewMessageId(std::string_view domain);

// The address part of "Name <user@host>" or "user@host", lower-cased; empty when there is none.
std::string NormaliseAddress(std::string_view text);

}  // namespace guichet::mail
