// The French day and month names, the parts of the day and the UTF-8 helpers of the moment
// reader (moment_words.hpp).
#include "knowledge/answer/moment_words.hpp"

#include <algorithm>

#include "knowledge/answer/moment.hpp"

namespace guichet::knowledge::moment_words {

using std::chrono::hours;
using std::chrono::minutes;

// Decodes one UTF-8 code point at `i` (invalid bytes count as one code point of their own).
char32_t DecodeAt(std::string_view s, std::size_t i, std::size_t& length) {
    const auto c = static_cast<unsigned char>(s[i]);
    length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (c < 0x80 || c < 0xC0 || i + length > s.size()) {
        length = 1;
        return c;
    }
    char32_t cp = c & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    return cp;
}

// Folded text keeps letters as ASCII except a few (ø, ł…), so any code point from U+00C0 counts
// as a letter, minus the punctuation and spaces people type (no-break spaces, dashes, quotes).
bool IsWordCodePoint(char32_t cp) {
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || cp == 0xFFFD) return false;
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;
    if (cp >= 0x3000 && cp <= 0x303F) return false;
    return true;
}

bool AllDigits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Weekday and month names tolerate one typo from six letters on ("dimance", "decmbre"); shorter
// names ("lundi", "mars", "juin") are too close to other words.
bool NameMatches(std::string_view word, std::string_view name) {
    if (word == name) return true;
    return name.size() >= 6 && word.size() >= 5 && WithinOneEdit(word, name);
}

std::optional<unsigned> WeekdayOf(std::string_view word) {
    for (unsigned k = 0; k < kWeekdayNames.size(); ++k)
        if (NameMatches(word, kWeekdayNames[k])) return k;
    return std::nullopt;
}

std::optional<unsigned> MonthOf(std::string_view word) {
    static constexpr std::array<std::string_view, 12> kFolded = {
        "janvier", "fevrier", "mars",      "avril",   "mai",      "juin",
        "juillet", "aout",    "septembre", "octobre", "novembre", "decembre"};
    static constexpr std::array<std::pair<std::string_view, unsigned>, 10> kShort = {{
        {"janv", 1},
        {"fev", 2},
        {"fevr", 2},
        {"avr", 4},
        {"juil", 7},
        {"sept", 9},
        {"oct", 10},
        {"nov", 11},
        {"dec", 12},
        {"sep", 9},
    }};
    for (unsigned k = 0; k < kFolded.size(); ++k)
        if (NameMatches(word, kFolded[k])) return k + 1;
    for (const auto& [name, month] : kShort)
        if (word == name) return month;
    return std::nullopt;
}

PartWindow WindowOf(Part part) {
    switch (part) {
        case Part::kMorning:
            return {hours(6), hours(12), hours(10)};
        case Part::kNoon:
            return {hours(12), hours(14), hours(12) + minutes(30)};
        case Part::kAfternoon:
            return {hours(14), hours(18), hours(15)};
        case Part::kEvening:
            return {hours(18), hours(23), hours(19)};
        case Part::kNight:
            return {hours(22), hours(30), hours(23)};
    }
    return {hours(0), hours(24), hours(10)};
}

std::string_view PartSuffix(Part part) {
    switch (part) {
        case Part::kMorning:
            return ", le matin";
        case Part::kNoon:
            return ", à midi";
        case Part::kAfternoon:
            return ", l'après-midi";
        case Part::kEvening:
            return ", le soir";
        case Part::kNight:
            return ", la nuit";
    }
    return "";
}

}  // namespace guichet::knowledge::moment_words
