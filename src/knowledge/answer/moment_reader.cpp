// ReadMomentWords (moment_words.hpp): reads, in a folded French question, the words that name a
// moment — "demain", "samedi prochain", "le 24 décembre", "à 18 h 30", "ce soir", "ce week-end",
// "pendant les vacances de la Toussaint", "à quelle heure ferme" — and marks the words it used,
// so that the place matcher does not read them as a place's name.
#include <algorithm>
#include <initializer_list>

#include "knowledge/answer/moment.hpp"
#include "knowledge/answer/moment_words.hpp"

namespace guichet::knowledge::moment_words {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using Token = FoldedToken;

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

}  // namespace

Result<MomentWords> ReadMomentWords(std::string_view folded) {
    Reader reader(folded);
    GUICHET_TRY(said, reader.Read());
    return MomentWords{std::move(said), reader.Spans()};
}

}  // namespace guichet::knowledge::moment_words
