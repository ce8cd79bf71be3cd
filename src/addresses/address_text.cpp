#include "addresses/address_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "search/fold.hpp"

namespace guichet::addresses {
namespace {

// Words people leave out of a street name when they type it.
constexpr std::array<std::string_view, 14> kSmallWords = {
    "de", "la", "le", "les", "du", "des", "d", "l", "et", "a", "au", "aux", "en", "sur"};

bool IsSmallWord(std::string_view w) {
    return std::find(kSmallWords.begin(), kSmallWords.end(), w) != kSmallWords.end();
}

// The abbreviations of French street types and titles, as people and the BAN's AFNOR names write
// them.
constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kAbbreviations = {{
    {"av", "avenue"},     {"ave", "avenue"},      {"bd", "boulevard"}, {"bld", "boulevard"},
    {"bvd", "boulevard"}, {"pl", "place"},        {"r", "rue"},        {"rte", "route"},
    {"ch", "chemin"},     {"che", "chemin"},      {"imp", "impasse"},  {"all", "allee"},
    {"sq", "square"},     {"crs", "cours"},       {"fg", "faubourg"},  {"fbg", "faubourg"},
    {"pass", "passage"},  {"qu", "quai"},         {"st", "saint"},     {"ste", "sainte"},
    {"res", "residence"}, {"lot", "lotissement"},
}};

constexpr std::array<std::string_view, 8> kSuffixes = {"bis", "ter", "quater", "quinquies",
                                                       "a",   "b",   "c",      "d"};

bool AllDigits(std::string_view w) {
    return !w.empty() &&
           std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

std::vector<std::string> IndexWords(std::string_view text) {
    std::vector<std::string> out;
    for (auto& w : search::FoldedWords(text)) {
        if (IsSmallWord(w)) continue;
        if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(std::move(w));
    }
    return out;
}

std::string LooseKey(std::string_view word) {
    std::string s;
    for (char c : word)
        if (c >= 'a' && c <= 'z') s += c;
    // Spellings of one sound, longest first.
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kSounds = {{
        {"eau", "o"},
        {"ph", "f"},
        {"qu", "k"},
        {"ck", "k"},
        {"au", "o"},
        {"ai", "e"},
        {"ei", "e"},
        {"y", "i"},
        {"c", "k"},
        {"h", ""},
    }};
    for (const auto& [from, to] : kSounds) {
        std::string next;
        for (std::size_t i = 0; i < s.size();) {
            if (s.compare(i, from.size(), from) == 0) {
                next += to;
                i += from.size();
            } else {
                next += s[i++];
            }
        }
        s = std::move(next);
    }
    std::string collapsed;
    for (char c : s)
        if (collapsed.empty() || collapsed.back() != c) collapsed += c;
    // Silent endings: "-es", "-s", "-x", "-t", "-e" ("marronniers" ~ "marronnier").
    while (collapsed.size() > 3 && (collapsed.back() == 's' || collapsed.back() == 'x' ||
                                    collapsed.back() == 't' || collapsed.back() == 'e'))
        collapsed.pop_back();
    return collapsed;
}

AddressQuery ParseQuery(std::string_view text) {
    AddressQuery q;
    std::vector<std::string> words = search::FoldedWords(text);
    const std::string folded = search::Fold(text);
    q.last_is_prefix = folded.empty() || std::isalnum(static_cast<unsigned char>(folded.back()));
    std::size_t i = 0;
    if (!words.empty() && AllDigits(words[0]) && words[0].size() <= 4) {
        q.number = std::stoi(words[0]);
        i = 1;
        if (i < words.size() &&
            std::find(kSuffixes.begin(), kSuffixes.end(), words[i]) != kSuffixes.end()) {
            // A lone letter after the number is a suffix only when more follows ("12 b rue").
            if (words[i].size() > 1 || i + 1 < words.size()) q.suffix = words[i++];
        }
    }
    for (; i < words.size(); ++i) {
        std::string& w = words[i];
        const bool last = i + 1 == words.size();
        if (w.size() == 5 && AllDigits(w)) {
            q.postcode = w;
            continue;
        }
        if (IsSmallWord(w) && !(last && q.last_is_prefix && w.size() > 2)) continue;
        // An abbreviation is expanded once complete (a last word being typed may be a prefix of
        // the long form or of another word: "av" is also the start of "aval").
        if (!(last && q.last_is_prefix)) {
            for (const auto& [abbr, full] : kAbbreviations)
                if (w == abbr) w = std::string(full);
        }
        q.words.push_back(std::move(w));
    }
    return q;
}

std::string PrefixEnd(std::string_view prefix) {
    std::string end(prefix);
    while (!end.empty()) {
        unsigned char c = static_cast<unsigned char>(end.back());
        if (c < 0xff) {
            end.back() = static_cast<char>(c + 1);
            return end;
        }
        end.pop_back();
    }
    return std::string(1, '\x7f');
}

}  // namespace guichet::addresses
