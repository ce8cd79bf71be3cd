#include "knowledge/answer/moment.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>

#include "search/fold.hpp"

namespace guichet::knowledge {
namespace {

using date::local_days;
using std::chrono::hours;
using std::chrono::minutes;

using Token = FoldedToken;

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

constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"};
constexpr std::array<std::string_view, 12> kMonthNames = {
    "janvier", "février", "mars",      "avril",   "mai",      "juin",
    "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};

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

enum class Part { kMorning, kNoon, kAfternoon, kEvening, kNight };

struct PartWindow {
    minutes from;
    minutes to;
    minutes at;
};

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

enum class Range { kNone, kWeekend, kThisWeek, kNextWeek, kHolidays };

// What the words said, before it is placed on the calendar.
struct Said {
    std::optional<int> relative_day;  // 0 aujourd'hui, 1 demain, 2 après-demain
    std::optional<unsigned> weekday;  // c_encoding, Sunday = 0
    bool next = false;                // "prochain(e)"
    std::optional<unsigned> day_of_month;
    std::optional<unsigned> month;
    std::optional<int> year;
    std::optional<Part> part;
    std::optional<minutes> time;
    bool midnight = false;
    Range range = Range::kNone;
    std::string holiday_key;  // "", "hiver", "noel", "toussaint", "printemps", "ete"
    bool now_word = false;
    bool closing = false;
    bool opening = false;
};

class Reader {
  public:
    explicit Reader(std::string_view folded) : folded_(folded), tokens_(TokenizeFolded(folded)) {
        used_.assign(tokens_.size(), false);
    }

    Result<Said> Read() {
        ReadOpeningClosing();
        ReadNow();
        ReadHolidays();
        ReadWeeks();
        ReadRelativeDays();
        if (auto ok = ReadDates(); !ok) return tl::unexpected(ok.error());
        ReadWeekdays();
        if (auto ok = ReadTimes(); !ok) return tl::unexpected(ok.error());
        ReadParts();
        return said_;
    }

    std::vector<std::pair<std::size_t, std::size_t>> Spans() const {
        std::vector<std::pair<std::size_t, std::size_t>> spans;
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            if (!used_[i]) continue;
            // Adjacent used tokens form one span, with what separates them ("11:30", "après-midi").
            if (!spans.empty() && i > 0 && used_[i - 1])
                spans.back().second = tokens_[i].end;
            else
                spans.emplace_back(tokens_[i].begin, tokens_[i].end);
        }
        return spans;
    }

  private:
    bool Is(std::size_t i, std::string_view word) const {
        return i < tokens_.size() && !used_[i] && tokens_[i].text == word;
    }
    bool IsAny(std::size_t i, std::initializer_list<std::string_view> words) const {
        return std::any_of(words.begin(), words.end(),
                           [&](std::string_view w) { return Is(i, w); });
    }
    const std::string& Text(std::size_t i) const { return tokens_[i].text; }
    bool Free(std::size_t i) const { return i < tokens_.size() && !used_[i]; }
    // The bytes between token i and token i + 1.
    std::string_view Between(std::size_t i) const {
        return folded_.substr(tokens_[i].end, tokens_[i + 1].begin - tokens_[i].end);
    }
    void Use(std::size_t first, std::size_t last_exclusive) {
        for (std::size_t k = first; k < last_exclusive && k < tokens_.size(); ++k) used_[k] = true;
    }
    // Marks a preposition or article just before `i` ("à", "le", "pendant les") as part of the
    // moment, so that blanking the moment leaves no dangling word.
    void UseLeading(std::size_t i, std::initializer_list<std::string_view> words) {
        while (i > 0 && IsAny(i - 1, words)) {
            used_[i - 1] = true;
            --i;
        }
    }

    void ReadOpeningClosing() {
        const auto n = tokens_.size();
        bool question = false;  // "à quelle heure", "quand", "heure de", "jusqu'à"
        for (std::size_t i = 0; i < n; ++i) {
            // "jusqu'à quand", "jusqu'à quelle heure", "jusqu'à combien de temps".
            if (IsAny(i, {"jusqu", "jusque"}) && IsAny(i + 1, {"a", "quand", "quelle"})) {
                std::size_t j = i + 1;
                if (Is(j, "a")) ++j;
                if (Is(j, "quand")) {
                    Use(i, j + 1);
                    said_.closing = true;
                } else if (Is(j, "quelle") && IsAny(j + 1, {"heure", "heures", "h"})) {
                    Use(i, j + 2);
                    said_.closing = true;
                }
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (IsAny(i, {"quelle", "quelles", "qu"}) && IsAny(i + 1, {"heure", "heures"})) {
                std::size_t first = i;
                if (i > 0 && IsAny(i - 1, {"a", "de", "vers"})) first = i - 1;
                // "à partir de quelle heure" asks for the opening time.
                if (first >= 2 && Is(first - 2, "a") && Is(first - 1, "partir")) {
                    first -= 2;
                    said_.opening = true;
                }
                Use(first, i + 2);
                question = true;
            } else if (Is(i, "quand")) {
                Use(i, i + 1);
                question = true;
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (IsAny(i, {"fermeture", "ouverture"})) {
                // "heure de fermeture", "horaires d'ouverture" ask for the time too.
                const bool closing = Text(i) == "fermeture";
                (closing ? said_.closing : said_.opening) = true;
                Use(i, i + 1);
                if (i >= 2 && IsAny(i - 2, {"heure", "heures"}) && IsAny(i - 1, {"de", "d"}))
                    Use(i - 2, i);
            }
        }
        if (!question) return;
        for (std::size_t i = 0; i < n; ++i) {
            if (IsAny(i, {"ferme", "ferment", "fermera", "fermeront", "fermes", "fermez"})) {
                said_.closing = true;
                Use(i, i + 1);
            } else if (IsAny(i, {"ouvre", "ouvrent", "ouvrira", "ouvriront", "ouvres", "ouvrez",
                                 "rouvre", "reouvre"})) {
                said_.opening = true;
                Use(i, i + 1);
            }
        }
    }

    void ReadNow() {
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            if (IsAny(i, {"maintenant", "actuellement", "immediatement"})) {
                said_.now_word = true;
                Use(i, i + 1);
            } else if (Is(i, "en") && Is(i + 1, "ce") && Is(i + 2, "moment")) {
                said_.now_word = true;
                Use(i, i + 3);
                if (Is(i + 3, "meme")) Use(i + 3, i + 4);
            } else if (Is(i, "tout") && Is(i + 1, "de") && Is(i + 2, "suite")) {
                said_.now_word = true;
                Use(i, i + 3);
            } else if (Is(i, "a") && Is(i + 1, "l") && Is(i + 2, "instant")) {
                said_.now_word = true;
                Use(i, i + 3);
            }
        }
    }

    void ReadHolidays() {
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            if (Is(i, "grandes") && Is(i + 1, "vacances")) {
                said_.range = Range::kHolidays;
                said_.holiday_key = "ete";
                Use(i, i + 2);
                UseLeading(i, {"les", "des", "pendant", "aux", "durant"});
                continue;
            }
            if (!Is(i, "vacances")) continue;
            said_.range = Range::kHolidays;
            std::size_t j = i + 1;
            while (IsAny(j, {"de", "d", "la", "du", "des", "scolaires", "scolaire"})) ++j;
            static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kKeys = {{
                {"fevrier", "hiver"},
                {"hiver", "hiver"},
                {"carnaval", "hiver"},
                {"noel", "noel"},
                {"toussaint", "toussaint"},
                {"printemps", "printemps"},
                {"paques", "printemps"},
                {"ete", "ete"},
            }};
            std::size_t last = i + 1;
            for (const auto& [word, key] : kKeys) {
                if (Free(j) && NameMatches(Text(j), word)) {
                    said_.holiday_key = std::string(key);
                    last = j + 1;
                    break;
                }
            }
            if (said_.holiday_key.empty()) {
                last = i + 1;
                if (Is(i + 1, "scolaires")) last = i + 2;
            }
            Use(i, last);
            UseLeading(i, {"les", "des", "pendant", "aux", "durant"});
        }
    }

    void ReadWeeks() {
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            std::size_t last = 0;
            if (Is(i, "week") && Is(i + 1, "end")) {
                last = i + 2;
            } else if (IsAny(i, {"weekend", "we"}) &&
                       (Text(i) != "we" || (i > 0 && IsAny(i - 1, {"ce", "le"})))) {
                last = i + 1;
            }
            if (last != 0) {
                std::size_t first = i;
                if (first > 0 && Is(first - 1, "prochain")) {
                    said_.next = true;
                    --first;
                }
                if (IsAny(last, {"prochain", "suivant"})) {
                    said_.next = true;
                    ++last;
                }
                said_.range = Range::kWeekend;
                Use(first, last);
                UseLeading(first, {"ce", "le", "du", "pendant", "durant"});
                continue;
            }
            if (!Is(i, "semaine")) continue;
            std::size_t first = i;
            last = i + 1;
            bool next = false;
            if (first > 0 && Is(first - 1, "prochaine")) {
                next = true;
                --first;
            }
            if (IsAny(last, {"prochaine", "suivante"})) {
                next = true;
                ++last;
            }
            if (next) {
                said_.range = Range::kNextWeek;
                Use(first, last);
                UseLeading(first, {"la", "de", "pendant", "durant"});
            } else if (first > 0 && Is(first - 1, "cette")) {
                said_.range = Range::kThisWeek;
                if (Is(last, "ci")) ++last;
                Use(first - 1, last);
                UseLeading(first - 1, {"pendant", "durant"});
            }
        }
    }

    void ReadRelativeDays() {
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            if (Is(i, "apres") && Is(i + 1, "demain")) {
                said_.relative_day = 2;
                Use(i, i + 2);
            } else if (Is(i, "aujourd") && Is(i + 1, "hui")) {
                said_.relative_day = 0;
                Use(i, i + 2);
            } else if (IsAny(i, {"aujourdhui", "auj", "ajd"})) {
                said_.relative_day = 0;
                Use(i, i + 1);
            } else if (Is(i, "demain")) {
                said_.relative_day = 1;
                Use(i, i + 1);
            } else if (IsAny(i, {"ce", "cet", "cette"}) && Free(i + 1)) {
                // "ce matin", "cet après-midi", "cette nuit", "ce soir", "ce midi": today.
                const auto part = PartAt(i + 1);
                if (part) {
                    said_.relative_day = 0;
                    said_.part = part->first;
                    Use(i, part->second);
                }
            }
        }
    }

    // The part of day named at token i, and the index after it.
    std::optional<std::pair<Part, std::size_t>> PartAt(std::size_t i) const {
        if (Is(i, "apres") && Is(i + 1, "midi")) return std::pair{Part::kAfternoon, i + 2};
        if (IsAny(i, {"apresmidi", "aprem", "aprems"})) return std::pair{Part::kAfternoon, i + 1};
        if (IsAny(i, {"matin", "matinee"})) return std::pair{Part::kMorning, i + 1};
        if (Is(i, "midi")) return std::pair{Part::kNoon, i + 1};
        if (IsAny(i, {"soir", "soiree"})) return std::pair{Part::kEvening, i + 1};
        if (Is(i, "nuit")) return std::pair{Part::kNight, i + 1};
        return std::nullopt;
    }

    Result<void> ReadDates() {
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            if (!Free(i)) continue;
            const std::string& word = Text(i);
            // "25 décembre [2026]", "1er janvier", "premier mai".
            std::optional<unsigned> day;
            if (AllDigits(word) && word.size() <= 2) day = static_cast<unsigned>(std::stoi(word));
            if (word == "1er" || word == "premier") day = 1;
            if (day && Free(i + 1)) {
                if (auto month = MonthOf(Text(i + 1))) {
                    std::size_t last = i + 2;
                    if (Free(last) && AllDigits(Text(last)) && Text(last).size() == 4) {
                        said_.year = std::stoi(Text(last));
                        ++last;
                    }
                    GUICHET_CHECK(SetDate(*day, *month));
                    Use(i, last);
                    UseLeading(i, {"le", "du", "au", "pour", "ce"});
                    continue;
                }
            }
            // "25/12", "25/12/2026", "25-12", "25.12.26".
            if (day && Free(i + 1) && AllDigits(Text(i + 1)) && Text(i + 1).size() <= 2) {
                const std::string_view sep = Between(i);
                if (sep == "/" || sep == "-" || sep == ".") {
                    const auto month = static_cast<unsigned>(std::stoi(Text(i + 1)));
                    std::size_t last = i + 2;
                    if (Free(last) && Between(i + 1) == sep && AllDigits(Text(last)) &&
                        (Text(last).size() == 4 || Text(last).size() == 2)) {
                        const int year = std::stoi(Text(last));
                        said_.year = Text(last).size() == 2 ? 2000 + year : year;
                        ++last;
                    }
                    if (month < 1 || month > 12)
                        return Fail(ErrorCode::kInvalidArgument,
                                    "Le mois « " + Text(i + 1) + " » n'existe pas.");
                    GUICHET_CHECK(SetDate(*day, month));
                    Use(i, last);
                    UseLeading(i, {"le", "du", "au", "pour", "ce"});
                }
            }
        }
        return {};
    }

    Result<void> SetDate(unsigned day, unsigned month) {
        static constexpr std::array<unsigned, 12> kMaxDays = {31, 29, 31, 30, 31, 30,
                                                              31, 31, 30, 31, 30, 31};
        if (day < 1 || day > kMaxDays[month - 1] ||
            (said_.year &&
             !date::year_month_day(date::year(*said_.year), date::month(month), date::day(day))
                  .ok())) {
            std::string text = std::to_string(day) + " " + std::string(kMonthNames[month - 1]);
            if (said_.year) text += " " + std::to_string(*said_.year);
            return Fail(ErrorCode::kInvalidArgument, "Le " + text + " n'existe pas.");
        }
        said_.day_of_month = day;
        said_.month = month;
        return {};
    }

    void ReadWeekdays() {
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            if (!Free(i)) continue;
            const auto weekday = WeekdayOf(Text(i));
            if (!weekday) continue;
            said_.weekday = *weekday;
            Use(i, i + 1);
            UseLeading(i, {"ce", "le", "pour", "des", "dès"});
            if (IsAny(i + 1, {"prochain", "suivant", "qui"})) {
                if (Text(i + 1) == "qui") {
                    // "dimanche qui vient": the next one, not "prochain".
                    if (Is(i + 2, "vient")) Use(i + 1, i + 3);
                } else {
                    said_.next = true;
                    Use(i + 1, i + 2);
                }
            }
        }
    }

    Result<void> ReadTimes() {
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            if (!Free(i)) continue;
            const std::string& word = Text(i);
            std::optional<unsigned> hour;
            unsigned minute = 0;
            std::size_t last = i + 1;
            // Not "après midi": that is the afternoon.
            if (IsAny(i, {"a", "vers", "avant", "pour", "des", "jusqu"}) &&
                IsAny(i + 1, {"midi", "minuit"})) {
                if (Text(i + 1) == "midi") {
                    said_.time = hours(12);
                } else {
                    said_.midnight = true;
                    said_.time = hours(23) + minutes(59);
                }
                Use(i, i + 2);
                continue;
            }
            // "11h", "11h30", "9h00".
            if (const auto h = word.find('h'); h != std::string::npos && h > 0 && h <= 2 &&
                                               AllDigits(std::string_view(word).substr(0, h))) {
                const std::string_view rest = std::string_view(word).substr(h + 1);
                if (rest.empty() || (AllDigits(rest) && rest.size() == 2)) {
                    hour = static_cast<unsigned>(std::stoi(word.substr(0, h)));
                    if (!rest.empty()) minute = static_cast<unsigned>(std::stoi(std::string(rest)));
                    if (rest.empty() && Free(last) && AllDigits(Text(last)) &&
                        Text(last).size() == 2) {
                        minute = static_cast<unsigned>(std::stoi(Text(last)));
                        ++last;
                    }
                }
            } else if (AllDigits(word) && word.size() <= 2 && Free(i + 1)) {
                // "11 h 30", "11 heures", "9:00".
                if (IsAny(i + 1, {"h", "heure", "heures", "hr", "hrs"})) {
                    hour = static_cast<unsigned>(std::stoi(word));
                    last = i + 2;
                    if (Free(last) && AllDigits(Text(last)) && Text(last).size() == 2) {
                        minute = static_cast<unsigned>(std::stoi(Text(last)));
                        ++last;
                    }
                } else if (Between(i) == ":" && AllDigits(Text(i + 1)) && Text(i + 1).size() == 2) {
                    hour = static_cast<unsigned>(std::stoi(word));
                    minute = static_cast<unsigned>(std::stoi(Text(i + 1)));
                    last = i + 2;
                }
            }
            if (!hour) continue;
            if (*hour > 24 || minute > 59 || (*hour == 24 && minute != 0)) {
                return Fail(ErrorCode::kInvalidArgument,
                            "L'heure « " +
                                std::string(folded_.substr(
                                    tokens_[i].begin, tokens_[last - 1].end - tokens_[i].begin)) +
                                " » n'existe pas.");
            }
            // "8 h du soir", "3 h de l'après-midi".
            if (*hour < 12 && Is(last, "du") && IsAny(last + 1, {"soir"})) {
                *hour += 12;
                last += 2;
            } else if (*hour < 12 && Is(last, "de") && Is(last + 1, "l") && Is(last + 2, "apres") &&
                       Is(last + 3, "midi")) {
                *hour += 12;
                last += 4;
            } else if (Is(last, "du") && Is(last + 1, "matin")) {
                last += 2;
            }
            if (*hour == 24) {
                said_.midnight = true;
                said_.time = hours(23) + minutes(59);
            } else {
                said_.time = hours(*hour) + minutes(minute);
            }
            Use(i, last);
            UseLeading(i, {"a", "vers", "pour", "des", "avant", "apres", "jusqu"});
        }
        return {};
    }

    void ReadParts() {
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            if (!Free(i)) continue;
            const auto part = PartAt(i);
            if (!part) continue;
            // "midi" alone after a day ("demain midi") is the lunch break; "à midi" was a time.
            said_.part = part->first;
            Use(i, part->second);
            UseLeading(i, {"le", "la", "l", "dans", "en", "au", "du", "de", "fin", "debut", "cet",
                           "cette", "ce"});
        }
    }

    std::string_view folded_;
    std::vector<Token> tokens_;
    std::vector<bool> used_;
    Said said_;
};

// Calendar helpers in the tenant's zone. to_sys chooses the earliest instant for a wall-clock time
// that happens twice (autumn change) and the instant of the change for one that does not exist
// (spring change): "à 2 h 30" on 28 March 2027 is 03:00 CEST.
TimePoint ToSys(const date::time_zone* tz, date::local_seconds local) {
    return tz->to_sys(local, date::choose::earliest);
}

std::string DayText(local_days day, int this_year) {
    const date::year_month_day ymd(day);
    const unsigned weekday = date::weekday(day).c_encoding();
    const unsigned d = static_cast<unsigned>(ymd.day());
    std::string text = std::string(kWeekdayNames[weekday]) + " " +
                       (d == 1 ? std::string("1er") : std::to_string(d)) + " " +
                       std::string(kMonthNames[static_cast<unsigned>(ymd.month()) - 1]);
    if (static_cast<int>(ymd.year()) != this_year)
        text += " " + std::to_string(static_cast<int>(ymd.year()));
    return text;
}

std::string TimeText(minutes time, bool midnight) {
    if (midnight) return "minuit";
    const auto h = time.count() / 60;
    const auto m = time.count() % 60;
    if (h == 12 && m == 0) return "midi";
    std::string text = std::to_string(h) + " h";
    if (m != 0) text += " " + std::string(m < 10 ? "0" : "") + std::to_string(m);
    return text;
}

bool HolidayMatches(const std::string& key, std::string_view name) {
    if (key.empty()) return true;
    const auto words = search::FoldedWords(name);
    auto has = [&](std::string_view w) {
        return std::find(words.begin(), words.end(), w) != words.end();
    };
    if (key == "hiver") return has("hiver") || has("fevrier") || has("carnaval");
    if (key == "printemps") return has("printemps") || has("paques");
    return has(key);
}

std::string HolidayText(const std::string& key) {
    if (key == "hiver") return "les vacances d'hiver";
    if (key == "noel") return "les vacances de Noël";
    if (key == "toussaint") return "les vacances de la Toussaint";
    if (key == "printemps") return "les vacances de printemps";
    if (key == "ete") return "les vacances d'été";
    return "les vacances scolaires";
}

}  // namespace

Result<Moment> ParseMoment(std::string_view question, TimePoint now, const date::time_zone* tz,
                           const std::vector<calendar::SchoolHoliday>& school_holidays) {
    if (tz == nullptr)
        return Fail(ErrorCode::kInvalidArgument, "Le fuseau horaire n'est pas défini.",
                    "ParseMoment: null time zone");
    const std::string folded = search::Fold(question);
    Reader reader(folded);
    GUICHET_TRY(said, reader.Read());

    Moment moment;
    moment.spans = reader.Spans();
    if (!moment.spans.empty()) {
        moment.begin = moment.spans.front().first;
        moment.end = moment.spans.back().second;
    }
    moment.asks_closing = said.closing;
    moment.asks_opening = said.opening;

    const auto local_now = tz->to_local(std::chrono::time_point_cast<std::chrono::seconds>(now));
    const local_days today = date::floor<date::days>(local_now);
    const auto now_in_day = std::chrono::duration_cast<minutes>(local_now - today);
    const int this_year = static_cast<int>(date::year_month_day(today).year());
    auto at_local = [&](local_days day, minutes offset) { return ToSys(tz, day + offset); };
    auto within = [&](TimePoint from, TimePoint to) { return from <= now && now < to; };

    // Several days.
    if (said.range != Range::kNone) {
        local_days first = today;
        local_days after = today + date::days(1);
        std::string text;
        const unsigned weekday = date::weekday(today).c_encoding();
        if (said.range == Range::kWeekend) {
            // Saturday of this week: today on Saturday, yesterday on Sunday.
            int to_saturday = weekday == 0 ? -1 : static_cast<int>(6 - weekday);
            if (said.next && (weekday == 0 || weekday == 6)) to_saturday += 7;
            const local_days saturday = today + date::days(to_saturday);
            first = std::max(saturday, today);
            after = saturday + date::days(2);
            text = said.next ? "le week-end prochain" : "ce week-end";
        } else if (said.range == Range::kThisWeek || said.range == Range::kNextWeek) {
            int to_monday = static_cast<int>((8 - weekday) % 7);
            if (to_monday == 0) to_monday = 7;
            const local_days monday = today + date::days(to_monday);
            if (said.range == Range::kThisWeek) {
                first = today;
                after = monday;
                text = "cette semaine";
            } else {
                first = monday;
                after = monday + date::days(7);
                text = "la semaine prochaine";
            }
        } else {
            const calendar::SchoolHoliday* found = nullptr;
            for (const auto& period : school_holidays) {
                if (local_days(period.last.time_since_epoch()) < today) continue;
                if (!HolidayMatches(said.holiday_key, period.name)) continue;
                if (found == nullptr || period.first < found->first) found = &period;
            }
            if (found == nullptr) {
                std::string what = HolidayText(said.holiday_key);
                what[0] = 'L';
                return Fail(
                    ErrorCode::kNotFound, what + " à venir ne sont pas connues.",
                    "ParseMoment: no school-holiday period for key '" + said.holiday_key + "'");
            }
            // The whole period, also when it has begun: the caller filters by `at` if it must.
            first = local_days(found->first.time_since_epoch());
            after = local_days(found->last.time_since_epoch()) + date::days(1);
            text = found->name;
        }
        moment.kind = Moment::Kind::kRange;
        moment.explicit_time = true;
        moment.whole_day = true;
        moment.from = at_local(first, minutes(0));
        moment.to = at_local(after, minutes(0));
        moment.at = within(moment.from, moment.to) ? now : at_local(first, hours(10));
        moment.label = text + " (du " + DayText(first, this_year) + " au " +
                       DayText(after - date::days(1), this_year) + ")";
        return moment;
    }

    // The end of what was named on a given day, to tell whether it is already over today.
    auto end_on = [&](local_days day) -> date::local_seconds {
        if (said.time) return day + *said.time;
        if (said.part) return day + WindowOf(*said.part).to;
        return day + date::days(1);
    };
    std::optional<local_days> day;
    if (said.day_of_month) {
        // The next occurrence, today included; 29 February waits for the next leap year.
        int year = said.year.value_or(this_year);
        for (int k = 0; k < 9; ++k, ++year) {
            const date::year_month_day ymd(date::year(year), date::month(*said.month),
                                           date::day(*said.day_of_month));
            if (!ymd.ok()) continue;
            if (!said.year && local_days(ymd) < today) continue;
            day = local_days(ymd);
            break;
        }
    } else if (said.relative_day) {
        day = today + date::days(*said.relative_day);
        // "cette nuit" asked after midnight is the night that is ending.
        if (*said.relative_day == 0 && said.part == Part::kNight && now_in_day < hours(6))
            day = today - date::days(1);
    } else if (said.weekday) {
        const unsigned weekday = date::weekday(today).c_encoding();
        int ahead = static_cast<int>((*said.weekday + 7 - weekday) % 7);
        if (ahead == 0 && (said.next || end_on(today) <= local_now)) ahead = 7;
        day = today + date::days(ahead);
    } else if (said.time || said.part) {
        // "à 11 h", "le soir" with no day: today, or tomorrow when that moment is over today.
        day = end_on(today) <= local_now ? today + date::days(1) : today;
    }

    if (!day) {
        moment.kind = Moment::Kind::kNow;
        moment.explicit_time = said.now_word;
        moment.whole_day = false;
        moment.at = now;
        moment.from = now;
        moment.to = at_local(today + date::days(1), minutes(0));
        moment.label = "maintenant";
        return moment;
    }

    moment.explicit_time = true;
    std::string prefix;
    if (*day == today) prefix = "aujourd'hui, ";
    if (*day == today + date::days(1)) prefix = "demain, ";
    const std::string day_text = prefix + DayText(*day, this_year);
    const TimePoint day_from = at_local(*day, minutes(0));
    const TimePoint day_to = at_local(*day + date::days(1), minutes(0));
    if (said.time) {
        moment.kind = Moment::Kind::kInstant;
        moment.whole_day = false;
        moment.at = at_local(*day, *said.time);
        moment.from = day_from;
        moment.to = day_to;
        moment.label = day_text + " à " + TimeText(*said.time, said.midnight);
    } else if (said.part) {
        const PartWindow window = WindowOf(*said.part);
        moment.kind = Moment::Kind::kPartOfDay;
        moment.whole_day = false;
        moment.from = at_local(*day, window.from);
        moment.to = at_local(*day, window.to);
        moment.at = within(moment.from, moment.to) ? now : at_local(*day, window.at);
        moment.label = day_text + std::string(PartSuffix(*said.part));
    } else {
        moment.kind = Moment::Kind::kDay;
        moment.whole_day = true;
        moment.from = day_from;
        moment.to = day_to;
        moment.at = within(day_from, day_to) ? now : at_local(*day, hours(10));
        moment.label = day_text;
    }
    return moment;
}

std::vector<FoldedToken> TokenizeFolded(std::string_view folded) {
    std::vector<FoldedToken> tokens;
    std::size_t i = 0;
    while (i < folded.size()) {
        std::size_t length = 1;
        if (!IsWordCodePoint(DecodeAt(folded, i, length))) {
            i += length;
            continue;
        }
        FoldedToken token;
        token.begin = i;
        while (i < folded.size()) {
            if (!IsWordCodePoint(DecodeAt(folded, i, length))) break;
            i += length;
        }
        token.end = i;
        token.text = std::string(folded.substr(token.begin, token.end - token.begin));
        tokens.push_back(std::move(token));
    }
    return tokens;
}

bool WithinOneEdit(std::string_view a, std::string_view b) {
    if (a == b) return true;
    if (a.size() > b.size()) std::swap(a, b);
    if (b.size() - a.size() > 1) return false;
    std::size_t i = 0;
    while (i < a.size() && a[i] == b[i]) ++i;
    if (a.size() == b.size()) {
        if (a.substr(i + 1) == b.substr(i + 1)) return true;  // substitution
        return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
               a.substr(i + 2) == b.substr(i + 2);  // transposition
    }
    return a.substr(i) == b.substr(i + 1);  // insertion
}

std::string BlankMomentSpans(std::string_view folded, const Moment& moment) {
    std::string out(folded);
    for (const auto& [begin, end] : moment.spans) {
        if (begin >= out.size()) continue;
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(begin),
                  out.begin() + static_cast<std::ptrdiff_t>(std::min(end, out.size())), ' ');
    }
    return out;
}

}  // namespace guichet::knowledge
