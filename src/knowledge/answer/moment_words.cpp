// The tokens of the moment grammar (moment_words.hpp): UTF-8 helpers, numbers in digits and in
// words, fuzzy keywords, the French day and month names and the windows of the parts of the day.
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

PartWindow WindowOf(Part part, Sub sub) {
    const auto hm = [](int h, int m = 0) { return hours(h) + minutes(m); };
    // {whole, begin, middle, end} of each part.
    switch (part) {
        case Part::kMorning: {
            const std::array<PartWindow, 4> w = {{{hm(6), hm(12), hm(10)},
                                                  {hm(6), hm(10), hm(9)},
                                                  {hm(9), hm(11), hm(10)},
                                                  {hm(10), hm(12), hm(11)}}};
            return w[static_cast<int>(sub)];
        }
        case Part::kNoon: {
            const std::array<PartWindow, 4> w = {{{hm(12), hm(14), hm(12, 30)},
                                                  {hm(12), hm(13), hm(12)},
                                                  {hm(12), hm(14), hm(12, 30)},
                                                  {hm(13), hm(14), hm(13, 30)}}};
            return w[static_cast<int>(sub)];
        }
        case Part::kAfternoon: {
            const std::array<PartWindow, 4> w = {{{hm(14), hm(18), hm(15)},
                                                  {hm(14), hm(16), hm(14, 30)},
                                                  {hm(15), hm(17), hm(16)},
                                                  {hm(16), hm(18), hm(17)}}};
            return w[static_cast<int>(sub)];
        }
        case Part::kEvening: {
            const std::array<PartWindow, 4> w = {{{hm(18), hm(23), hm(19)},
                                                  {hm(18), hm(20), hm(19)},
                                                  {hm(19), hm(22), hm(20)},
                                                  {hm(21), hm(23), hm(22)}}};
            return w[static_cast<int>(sub)];
        }
        case Part::kNight: {
            const std::array<PartWindow, 4> w = {{{hm(22), hm(30), hm(23)},
                                                  {hm(22), hm(25), hm(23)},
                                                  {hm(24), hm(27), hm(25)},
                                                  {hm(27), hm(30), hm(29)}}};
            return w[static_cast<int>(sub)];
        }
        case Part::kDay: {
            const std::array<PartWindow, 4> w = {{{hm(0), hm(24), hm(10)},
                                                  {hm(6), hm(10), hm(9)},
                                                  {hm(11), hm(14), hm(12)},
                                                  {hm(16), hm(19), hm(17)}}};
            return w[static_cast<int>(sub)];
        }
    }
    return {hm(0), hm(24), hm(10)};
}

std::string PartSuffix(Part part, Sub sub) {
    static constexpr std::array<std::array<std::string_view, 4>, 6> kText = {{
        {" au matin", " en début de matinée", " en milieu de matinée", " en fin de matinée"},
        {" à midi", " en début d'heure de midi", " à midi", " en fin d'heure de midi"},
        {" l'après-midi", " en début d'après-midi", " en milieu d'après-midi",
         " en fin d'après-midi"},
        {" au soir", " en début de soirée", " en milieu de soirée", " en fin de soirée"},
        {" dans la nuit", " en début de nuit", " au milieu de la nuit", " en fin de nuit"},
        {"", " en début de journée", " en milieu de journée", " en fin de journée"},
    }};
    return std::string(kText[static_cast<int>(part)][static_cast<int>(sub)]);
}

Tokens::Tokens(std::string_view folded, const std::vector<FoldedToken>& tokens)
    : folded_(folded), tokens_(&tokens), size_(tokens.size()), used_(tokens.size(), false) {}

const std::string& Tokens::Text(std::size_t i) const { return (*tokens_)[i].text; }
bool Tokens::Is(std::size_t i, std::string_view word) const { return Free(i) && Text(i) == word; }
bool Tokens::IsAny(std::size_t i, std::initializer_list<std::string_view> words) const {
    return Free(i) && std::find(words.begin(), words.end(), Text(i)) != words.end();
}
bool Tokens::Like(std::size_t i, std::string_view word) const {
    return Free(i) && NameMatches(Text(i), word);
}
std::string_view Tokens::Between(std::size_t i) const {
    if (i + 1 >= size_) return {};
    return folded_.substr(End(i), Begin(i + 1) - End(i));
}
std::size_t Tokens::Begin(std::size_t i) const { return (*tokens_)[i].begin; }
std::size_t Tokens::End(std::size_t i) const { return (*tokens_)[i].end; }
std::string_view Tokens::Slice(std::size_t first, std::size_t last) const {
    if (first >= last || last > size_) return {};
    return folded_.substr(Begin(first), End(last - 1) - Begin(first));
}
void Tokens::Use(std::size_t first, std::size_t last) {
    for (std::size_t k = first; k < last && k < size_; ++k) used_[k] = true;
}

namespace {

std::optional<int> UnitWord(std::string_view w) {
    static constexpr std::array<std::pair<std::string_view, int>, 17> kUnits = {{
        {"un", 1},
        {"une", 1},
        {"deux", 2},
        {"trois", 3},
        {"quatre", 4},
        {"cinq", 5},
        {"six", 6},
        {"sept", 7},
        {"huit", 8},
        {"neuf", 9},
        {"onze", 11},
        {"douze", 12},
        {"treize", 13},
        {"quatorze", 14},
        {"quinze", 15},
        {"seize", 16},
        {"zero", 0},
    }};
    for (const auto& [name, value] : kUnits)
        if (w == name) return value;
    return std::nullopt;
}

std::optional<int> TensWord(std::string_view w) {
    static constexpr std::array<std::pair<std::string_view, int>, 5> kTens = {
        {{"dix", 10}, {"vingt", 20}, {"trente", 30}, {"quarante", 40}, {"cinquante", 50}}};
    for (const auto& [name, value] : kTens)
        if (w == name) return value;
    return std::nullopt;
}

}  // namespace

std::optional<std::pair<int, std::size_t>> Tokens::Number(std::size_t i) const {
    if (!Free(i)) return std::nullopt;
    const std::string& w = Text(i);
    if (AllDigits(w) && w.size() <= 4) return std::pair{std::stoi(w), i + 1};
    if (auto unit = UnitWord(w)) return std::pair{*unit, i + 1};
    const auto tens = TensWord(w);
    if (!tens) return std::nullopt;
    std::size_t j = i + 1;
    if (Is(j, "et") && Is(j + 1, "un")) return std::pair{*tens + 1, j + 2};
    if (Free(j)) {
        const auto unit = UnitWord(Text(j));
        if (unit && *unit >= 1 && *unit <= (*tens == 10 ? 9 : 9) && Text(j) != "une" &&
            (*tens != 10 || *unit >= 7))
            return std::pair{*tens + *unit, j + 1};
    }
    return std::pair{*tens, j};
}

}  // namespace guichet::knowledge::moment_words
