// What the parts of the mail module share besides the tables (mail_store.hpp): their options,
// the author of the notes they write on requests, and the wording of subjects, dates and the
// footer of the messages citizens receive. Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "core/clock.hpp"
#include "requests/request.hpp"
#include "requests/types.hpp"

namespace guichet::mail {

struct MailOptions {
    int max_attempts = 3;                 // Intake tries per message before rejecting.
    int max_send_attempts = 8;            // SMTP tries per outbox row.
    std::chrono::minutes ack_window{10};  // One automatic reply per address per window.
};

// The author of what the mail module writes on a request's history.
inline const requests::Actor kMailSystem{"system", std::nullopt, "Guichet"};

// "jeudi 12 mars 2026 à 17 h 30" in the zone `zone_name` (Paris when unknown).
std::string FrenchDateTime(TimePoint t, const std::string& zone_name);

// `subject` cut to 300 bytes (UTF-8 kept whole), « (sans objet) » when empty.
std::string SafeSubject(const std::string& subject);

// Tells the citizen how to go on, after the signature separator of RFC 3676 ("-- "); `automatic`
// says the message was sent by a program.
std::string Footer(const requests::Request& q, bool automatic);

}  // namespace guichet::mail
