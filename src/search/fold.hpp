// Text folding for matching French words typed by people: "Mairie-Annexe du Centre",
// "mairie annexe du centre" and "MAIRIE ANNEXE DU CENTRE" fold to the same string.
//
// Fold() lower-cases (full Unicode case folding), removes accents and other combining marks
// (NFD, then drop Mn), turns the ligatures œ/æ into oe/ae and every apostrophe form into "'".
// Everything else is kept, so positions of words survive. Input must be UTF-8; invalid bytes
// become U+FFFD. Thread-safety: pure function, safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace guichet::search {

std::string Fold(std::string_view utf8);

// The folded words of `utf8`: runs of letters and digits, split on anything else (apostrophes
// included, so "l'état" gives "l", "etat").
std::vector<std::string> FoldedWords(std::string_view utf8);

}  // namespace guichet::search
