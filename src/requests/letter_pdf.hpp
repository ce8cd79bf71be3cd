// Postal letters as PDF (A4), drawn with cairo and laid out with pango, so that an answer to a
// request received by letter can be printed and mailed in a window envelope.
//
// The page follows French correspondence usage: the administration's name and address at the
// top left, the addressee in the envelope window on the right, "Villebelle, le 28 novembre
// 2026", the reference (the tracking code) and "Objet :", the body paragraphs wrapped and broken
// across pages, then the signature (the agent's first name and service). Every page carries the
// reference and its number at the bottom.
//
// Thread-safety: RenderLetterPdf is reentrant (each call owns its cairo surface); fontconfig is
// initialised once by pango in a thread-safe way.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"

namespace guichet::requests {

struct Letter {
    std::string sender_name;                  // "Mairie de Villebelle"
    std::vector<std::string> sender_address;  // Lines under the name.
    std::string place_and_date;               // "Villebelle, le 28 novembre 2026"
    std::string recipient_name;
    std::vector<std::string> recipient_address;
    std::string reference;  // The tracking code.
    std::string subject;    // After "Objet :".
    std::string body;       // Paragraphs separated by blank lines; single breaks kept.
    // Under the body, right-aligned (first name, service, …). Empty: no signature block (the
    // body already ends with one).
    std::vector<std::string> signature;
    // The documents sent with the letter, by name: listed under the signature after "P. J. :"
    // (pièces jointes), as French correspondence does. Empty: no such line.
    std::vector<std::string> enclosures;
};

// The PDF bytes, or kInternal when cairo fails (out of memory, no font).
Result<std::string> RenderLetterPdf(const Letter& letter);

// Address text as lines: line breaks when it has any, else the parts between commas
// ("12 rue des Lilas, 91000 Villebelle" is two lines).
std::vector<std::string> AddressLines(const std::string& address);

}  // namespace guichet::requests
