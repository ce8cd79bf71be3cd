// How address text is matched: folding, words, abbreviations and a loose "sounds-like" key.
//
// Streets are indexed by the words of their name and of their commune, folded (search::Fold:
// case, accents, ligatures), without the small words that people leave out ("de", "la", "du"…).
// A query is read the same way, with the usual abbreviations expanded ("av" -> "avenue",
// "st" -> "saint"); a leading number is the house number and a five-digit number a postcode.
// LooseKey() is the fuzzy part: two spellings that differ by doubled letters, silent endings or
// common French sound spellings ("marronier"/"marronnier", "filipe"/"philippe") share a key.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::addresses {

// The indexed words of a street name or commune name: folded, small words left out, each
// distinct word once.
std::vector<std::string> IndexWords(std::string_view text);

// A loose key of a folded word: letters only, doubled letters collapsed, some French spellings
// of one sound merged, silent final letters dropped. Empty for a word that has no letter.
std::string LooseKey(std::string_view folded_word);

// A query as the autocomplete reads it.
struct AddressQuery {
    std::optional<int> number;  // "12" in "12 bis rue…"; only as the first word.
    std::string suffix;         // "bis", "ter", "b"… right after the number, folded; or "".
    std::optional<std::string> postcode;  // A five-digit word anywhere.
    std::vector<std::string> words;       // The other words, folded and expanded.
    // Whether the last word is still being typed (no space after it): it matches as a prefix.
    bool last_is_prefix = true;
};

AddressQuery ParseQuery(std::string_view text);

// The smallest string greater than every string that starts with `prefix` (for prefix ranges
// "word >= prefix AND word < PrefixEnd(prefix)"); `prefix` is folded ASCII.
std::string PrefixEnd(std::string_view prefix);

}  // namespace guichet::addresses
