// The day recognisers of the moment grammar (moment_words.hpp):
//   day      := relative | shift | feast | date | weekday
//   relative := aujourd'hui | demain | après-demain | hier | avant-hier
//             | "dans" number ("jour(s)" | "semaine(s)" | "mois") | "il y a" number "jour(s)"
//   shift    := ("veille" | "lendemain" | "surlendemain") ("de"|"du"|"d") [la|l|le] day
//   feast    := ["jour" ("de"|"du")] feast-name | "réveillon" [de Noël | du nouvel an | …]
//   date     := [weekday] day-number (month [year] | ("du"|"de") ["ce"] "mois" [prochain] | ε)
//             | dd "/" mm ["/" yy[yy]]
//   weekday  := ["prochain"] weekday-name ["prochain" | "suivant" | "dernier" | "qui vient"]
// A feast name after "de"/"du" counts only when what precedes is a time word ("le jour de Noël",
// not "le marché de Noël"); "la Saint-X" after a preposition of time, with X unknown, is unclear.
#include <algorithm>
#include <initializer_list>

#include "knowledge/answer/moment.hpp"
#include "knowledge/answer/moment_words.hpp"

namespace guichet::knowledge::moment_words {
namespace {

using calendar::Feast;

struct FeastPhrase {
    std::array<std::string_view, 4> words;
    Feast feast;
};

// Longest phrases first where one begins another ("lundi de pâques" before "pâques").
constexpr std::array<FeastPhrase, 41> kFeasts = {{
    {{"jour", "de", "l", "an"}, Feast::kNewYear},
    {{"premier", "de", "l", "an"}, Feast::kNewYear},
    {{"nouvel", "an"}, Feast::kNewYear},
    {{"epiphanie"}, Feast::kEpiphany},
    {{"fete", "des", "rois"}, Feast::kEpiphany},
    {{"chandeleur"}, Feast::kCandlemas},
    {{"saint", "valentin"}, Feast::kValentine},
    {{"mardi", "gras"}, Feast::kShroveTuesday},
    {{"mercredi", "des", "cendres"}, Feast::kAshWednesday},
    {{"dimanche", "des", "rameaux"}, Feast::kPalmSunday},
    {{"rameaux"}, Feast::kPalmSunday},
    {{"vendredi", "saint"}, Feast::kGoodFriday},
    {{"lundi", "de", "paques"}, Feast::kEasterMonday},
    {{"dimanche", "de", "paques"}, Feast::kEaster},
    {{"paques"}, Feast::kEaster},
    {{"paque"}, Feast::kEaster},
    {{"fete", "du", "travail"}, Feast::kLabourDay},
    {{"victoire", "de", "1945"}, Feast::kVictory1945},
    {{"armistice", "de", "1945"}, Feast::kVictory1945},
    {{"armistice", "de", "1918"}, Feast::kArmistice},
    {{"jeudi", "de", "l", "ascension"}, Feast::kAscension},
    {{"ascension"}, Feast::kAscension},
    {{"lundi", "de", "pentecote"}, Feast::kWhitMonday},
    {{"dimanche", "de", "pentecote"}, Feast::kPentecost},
    {{"pentecote"}, Feast::kPentecost},
    {{"fete", "des", "meres"}, Feast::kMothersDay},
    {{"fete", "des", "peres"}, Feast::kFathersDay},
    {{"fete", "de", "la", "musique"}, Feast::kMusicDay},
    {{"saint", "jean"}, Feast::kSaintJohn},
    {{"fete", "nationale"}, Feast::kBastilleDay},
    {{"assomption"}, Feast::kAssumption},
    {{"toussaint"}, Feast::kAllSaints},
    {{"jour", "des", "morts"}, Feast::kAllSouls},
    {{"armistice"}, Feast::kArmistice},
    {{"sainte", "catherine"}, Feast::kSaintCatherine},
    {{"saint", "nicolas"}, Feast::kSaintNicholas},
    {{"noel"}, Feast::kChristmas},
    {{"saint", "etienne"}, Feast::kSaintStephen},
    {{"saint", "sylvestre"}, Feast::kNewYearsEve},
    {{"st", "sylvestre"}, Feast::kNewYearsEve},
    {{"defunts"}, Feast::kAllSouls},
}};

std::optional<std::size_t> Phrase(const Tokens& t, std::size_t i,
                                  const std::array<std::string_view, 4>& words) {
    std::size_t j = i;
    for (const auto word : words) {
        if (word.empty()) break;
        // Typos only in long names: "paques" is one letter from "paquet".
        if (!(word.size() >= 8 ? t.Like(j, word) : t.Is(j, word))) return std::nullopt;
        ++j;
    }
    return j;
}

bool IsTimeNoun(std::string_view w) {
    static constexpr std::array<std::string_view, 16> kNouns = {
        "jour",    "veille", "lendemain", "surlendemain", "reveillon", "periode",
        "semaine", "end",    "weekend",   "soir",         "matin",     "nuit",
        "midi",    "soiree", "journee",   "matinee"};
    return std::find(kNouns.begin(), kNouns.end(), w) != kNouns.end();
}

// A named day may follow "de"/"du" only after a time word: "le marché de Noël" names an event.
bool FeastContextOk(const Tokens& t, std::size_t i) {
    std::size_t k = i;
    while (k > 0 && (t.Text(k - 1) == "la" || t.Text(k - 1) == "l" || t.Text(k - 1) == "le")) --k;
    if (k == 0) return true;
    const std::string& before = t.Text(k - 1);
    if (before == "pere" || before == "arbre" || before == "sapin") return false;
    if (before != "de" && before != "du" && before != "d" && before != "des") return true;
    return k >= 2 && IsTimeNoun(t.Text(k - 2));
}

std::optional<std::size_t> ReadFeast(const Tokens& t, std::size_t i, DaySpec& day) {
    if (t.Like(i, "reveillon")) {
        std::size_t j = i + 1;
        day.kind = DaySpec::Kind::kReveillon;
        day.implied_part = Part::kEvening;
        if ((t.IsAny(j, {"de", "du"})) && t.Is(j + 1, "noel")) {
            day.kind = DaySpec::Kind::kFeast;
            day.feast = Feast::kChristmasEve;
            j += 2;
        } else if (t.IsAny(j, {"de", "du"})) {
            std::size_t k = j + 1;
            if (t.IsAny(k, {"la", "l"})) ++k;
            for (const auto& words : {std::array<std::string_view, 4>{"nouvel", "an"},
                                      std::array<std::string_view, 4>{"saint", "sylvestre"},
                                      std::array<std::string_view, 4>{"jour", "de", "l", "an"},
                                      std::array<std::string_view, 4>{"31"},
                                      std::array<std::string_view, 4>{"st", "sylvestre"}}) {
                if (auto end = Phrase(t, k, words)) {
                    day.kind = DaySpec::Kind::kFeast;
                    day.feast = Feast::kNewYearsEve;
                    j = *end;
                    break;
                }
            }
        }
        return j;
    }
    std::size_t j = i;
    if (t.Is(j, "jour") && t.IsAny(j + 1, {"de", "du", "d"})) {
        // "le jour de Noël", "le jour de la Toussaint"; "jour de l'an" is a phrase of its own.
        std::size_t k = j + 2;
        if (t.IsAny(k, {"la", "l"}) && !t.Is(k + 1, "an")) ++k;
        for (const auto& phrase : kFeasts) {
            if (phrase.feast == Feast::kNewYear) continue;
            if (auto end = Phrase(t, k, phrase.words)) {
                day.kind = DaySpec::Kind::kFeast;
                day.feast = phrase.feast;
                return end;
            }
        }
    }
    if (!FeastContextOk(t, i)) return std::nullopt;
    for (const auto& phrase : kFeasts) {
        if (auto end = Phrase(t, i, phrase.words)) {
            day.kind = DaySpec::Kind::kFeast;
            day.feast = phrase.feast;
            return end;
        }
    }
    return std::nullopt;
}

bool IsUnitAfterNumber(std::string_view w) {
    static constexpr std::array<std::string_view, 24> kUnits = {
        "h",    "heure",   "heures", "hr",  "ans",       "an",        "jours",  "jour",
        "mois", "semaine", "euros",  "eur", "min",       "minutes",   "km",     "m",
        "rue",  "avenue",  "place",  "bd",  "boulevard", "personnes", "places", "enfants"};
    return std::find(kUnits.begin(), kUnits.end(), w) != kUnits.end();
}

std::optional<unsigned> DayNumber(const Tokens& t, std::size_t i, bool digits_only) {
    if (!t.Free(i)) return std::nullopt;
    const std::string& w = t.Text(i);
    if (w == "1er" || w == "1ere" || w == "1e" || w == "premier") return 1u;
    if (AllDigits(w) && w.size() <= 2) return static_cast<unsigned>(std::stoi(w));
    if (digits_only) return std::nullopt;
    if (auto n = t.Number(i); n && n->first >= 1 && n->first <= 31) return n->first;
    return std::nullopt;
}

std::string DateWords(unsigned d, unsigned month, std::optional<int> year) {
    std::string text = (d == 1 ? std::string("1er") : std::to_string(d)) + " " +
                       std::string(kMonthNames[month - 1]);
    if (year) text += " " + std::to_string(*year);
    return text;
}

// Checks a date that names its month; false (with a message) when it cannot exist.
bool CheckDate(unsigned d, unsigned month, std::optional<int> year, Said& said) {
    static constexpr std::array<unsigned, 12> kMaxDays = {31, 29, 31, 30, 31, 30,
                                                          31, 31, 30, 31, 30, 31};
    const bool ok =
        d >= 1 && d <= kMaxDays[month - 1] &&
        (!year || date::year_month_day(date::year(*year), date::month(month), date::day(d)).ok());
    if (!ok) said.unclear.push_back("Le " + DateWords(d, month, year) + " n'existe pas.");
    return ok;
}

std::optional<std::size_t> ReadDate(const Tokens& t, std::size_t i, DaySpec& day, Said& said) {
    std::size_t j = i;
    if (t.Free(j)) {
        if (auto weekday = WeekdayOf(t.Text(j))) {
            day.weekday = weekday;
            ++j;
        }
    }
    // dd/mm[/yyyy] and dd.mm[.yy]
    if (t.Free(j) && t.Free(j + 1) && AllDigits(t.Text(j)) && t.Text(j).size() <= 2 &&
        AllDigits(t.Text(j + 1)) && t.Text(j + 1).size() <= 2 &&
        (t.Between(j) == "/" || t.Between(j) == ".")) {
        const auto d = static_cast<unsigned>(std::stoi(t.Text(j)));
        const auto month = static_cast<unsigned>(std::stoi(t.Text(j + 1)));
        std::size_t last = j + 2;
        if (t.Free(last) && t.Between(j + 1) == t.Between(j) && AllDigits(t.Text(last)) &&
            (t.Text(last).size() == 4 || t.Text(last).size() == 2)) {
            const int year = std::stoi(t.Text(last));
            day.year = t.Text(last).size() == 2 ? 2000 + year : year;
            ++last;
        }
        day.kind = DaySpec::Kind::kDate;
        if (month < 1 || month > 12) {
            said.unclear.push_back("Le mois « " + t.Text(j + 1) + " » n'existe pas.");
            return last;
        }
        if (CheckDate(d, month, day.year, said)) {
            day.day_of_month = d;
            day.month = month;
        }
        return last;
    }
    const bool has_weekday = day.weekday.has_value();
    const auto d = DayNumber(t, j, false);
    if (!d) return std::nullopt;
    std::size_t after_number = j + 1;
    if (auto n = t.Number(j); n && !AllDigits(t.Text(j))) after_number = n->second;
    if (t.Text(j) == "premier" || t.Text(j) == "1er") after_number = j + 1;
    if (t.Free(after_number)) {
        if (auto month = MonthOf(t.Text(after_number))) {
            std::size_t last = after_number + 1;
            if (t.Free(last) && AllDigits(t.Text(last)) && t.Text(last).size() == 4) {
                day.year = std::stoi(t.Text(last));
                ++last;
            }
            day.kind = DaySpec::Kind::kDate;
            if (CheckDate(*d, *month, day.year, said)) {
                day.day_of_month = d;
                day.month = month;
            }
            return last;
        }
    }
    // Without a month the number must be digits (or "premier"), said as a day.
    if (!AllDigits(t.Text(j)) && t.Text(j) != "1er" && t.Text(j) != "premier") return std::nullopt;
    // "le 12", "ce 12"; "du 10" only when a date follows after "au" ("du 10 au 20 mars").
    const bool article =
        i > 0 && (t.Text(i - 1) == "le" || t.Text(i - 1) == "ce" ||
                  (t.Text(i - 1) == "du" && t.Is(j + 1, "au") && DayNumber(t, j + 2, true)));
    if (!has_weekday && !article) return std::nullopt;
    std::size_t last = j + 1;
    if (t.IsAny(last, {"du", "de"})) {
        std::size_t k = last + 1;
        const bool this_word = t.Is(k, "ce");
        if (this_word) ++k;
        if (t.Is(k, "mois")) {
            ++k;
            day.month_relative = true;
            if (t.IsAny(k, {"prochain", "suivant"})) {
                day.month_offset = 1;
                ++k;
            } else if (t.Is(k, "ci")) {
                ++k;
            }
            last = k;
        }
    }
    if (last == j + 1 && t.Free(last) &&
        (IsUnitAfterNumber(t.Text(last)) || AllDigits(t.Text(last)) || t.Between(j) == ":"))
        return std::nullopt;
    if (*d < 1 || *d > 31) {
        said.unclear.push_back("Le « " + std::string(t.Slice(j, j + 1)) +
                               " » du mois n'existe pas.");
        day.kind = DaySpec::Kind::kDate;
        return last;
    }
    day.kind = DaySpec::Kind::kDate;
    day.day_of_month = d;
    return last;
}

std::optional<std::size_t> ReadWeekday(const Tokens& t, std::size_t i, DaySpec& day) {
    std::size_t j = i;
    int direction = 0;
    if (t.IsAny(j, {"prochain", "prochaine"})) {
        direction = 1;
        ++j;
    }
    if (!t.Free(j)) return std::nullopt;
    const auto weekday = WeekdayOf(t.Text(j));
    if (!weekday) return std::nullopt;
    ++j;
    if (t.IsAny(j, {"prochain", "suivant"})) {
        direction = 1;
        ++j;
    } else if (t.IsAny(j, {"dernier", "passe"})) {
        direction = -1;
        ++j;
    } else if (t.Is(j, "qui") && t.Is(j + 1, "vient")) {
        j += 2;
    } else if (t.Is(j, "ci")) {
        ++j;
    }
    day.kind = DaySpec::Kind::kWeekday;
    day.weekday = weekday;
    day.direction = direction;
    return j;
}

std::optional<std::size_t> ReadRelative(const Tokens& t, std::size_t i, DaySpec& day, Said& said) {
    day.kind = DaySpec::Kind::kRelative;
    if (t.Is(i, "apres") && t.Like(i + 1, "demain")) {
        day.offset = 2;
        return i + 2;
    }
    if (t.Is(i, "avant") && t.Is(i + 1, "hier")) {
        day.offset = -2;
        return i + 2;
    }
    if (t.Is(i, "aujourd") && t.Is(i + 1, "hui")) return i + 2;
    if (t.IsAny(i, {"aujourdhui", "auj", "ajd"})) return i + 1;
    if (t.Like(i, "demain")) {
        day.offset = 1;
        return i + 1;
    }
    if (t.Is(i, "hier")) {
        day.offset = -1;
        return i + 1;
    }
    const bool ago = t.Is(i, "il") && t.Is(i + 1, "y") && t.Is(i + 2, "a");
    if (!t.Is(i, "dans") && !ago) return std::nullopt;
    const std::size_t j = ago ? i + 3 : i + 1;
    const auto n = t.Number(j);
    const std::size_t k = n ? n->second : j + 1;
    const bool days = t.IsAny(k, {"jour", "jours", "j"});
    const bool weeks = t.IsAny(k, {"semaine", "semaines"});
    const bool months = t.Is(k, "mois");
    if (!days && !weeks && !months) return std::nullopt;
    if (!n) {
        // "dans quelques jours", "dans plusieurs semaines": no date can be told.
        if (t.Free(j) && !t.Is(j, "la") && !t.Is(j, "le") && !t.Is(j, "les")) {
            said.unclear.push_back("« " + std::string(t.Slice(i, k + 1)) +
                                   " » ne dit pas quel jour.");
            return k + 1;
        }
        return std::nullopt;
    }
    int count = n->first;
    // "dans huit jours" is a week, "dans quinze jours" two weeks, in French usage.
    if (days && (count == 8 || count == 15)) --count;
    const int sign = ago ? -1 : 1;
    if (months) {
        day.kind = DaySpec::Kind::kRelativeMonths;
        day.offset = sign * count;
    } else {
        day.offset = sign * count * (weeks ? 7 : 1);
    }
    return k + 1;
}

bool IsTimePreposition(std::string_view w) {
    static constexpr std::array<std::string_view, 13> kWords = {
        "pour",  "a",     "pendant", "durant", "de",        "d",  "avant",
        "apres", "jusqu", "depuis",  "veille", "lendemain", "dès"};
    return std::find(kWords.begin(), kWords.end(), w) != kWords.end() || w == "des";
}

}  // namespace

std::optional<std::size_t> ReadDay(const Tokens& t, std::size_t i, Said& said) {
    if (!t.Free(i)) return std::nullopt;
    DaySpec day;
    std::optional<std::size_t> end;
    // veille / lendemain / surlendemain de <day>
    int shift = 0;
    if (t.Like(i, "lendemain")) shift = 1;
    if (t.Like(i, "surlendemain")) shift = 2;
    if (t.Is(i, "veille")) shift = -1;
    if (t.Is(i, "avant") && t.Is(i + 1, "veille")) shift = -2;
    if (shift != 0) {
        std::size_t j = i + (shift == -2 ? 2 : 1);
        if (t.IsAny(j, {"de", "du", "d"})) {
            ++j;
            if (t.IsAny(j, {"la", "l", "le"})) ++j;
            Said inner;
            if (auto inner_end = ReadDay(t, j, inner); inner_end && inner.days.size() == 1) {
                day = inner.days.front();
                day.shift += shift;
                day.words = std::string(t.Slice(i, *inner_end));
                said.days.push_back(day);
                return inner_end;
            } else if (inner_end && !inner.unclear.empty()) {
                said.unclear.insert(said.unclear.end(), inner.unclear.begin(), inner.unclear.end());
                return inner_end;
            }
        }
        return std::nullopt;
    }
    end = ReadFeast(t, i, day);
    if (!end) end = ReadRelative(t, i, day, said);
    if (!end) {
        day = DaySpec{};
        end = ReadDate(t, i, day, said);
    }
    if (!end) {
        day = DaySpec{};
        end = ReadWeekday(t, i, day);
    }
    if (!end && t.IsAny(i, {"saint", "sainte", "st", "ste"}) && i >= 2 && t.Text(i - 1) == "la" &&
        IsTimePreposition(t.Text(i - 2)) && t.Free(i + 1)) {
        said.unclear.push_back("Je ne sais pas quel jour est « la " +
                               std::string(t.Slice(i, i + 2)) + " ».");
        return i + 2;
    }
    if (!end) return std::nullopt;
    day.words = std::string(t.Slice(i, *end));
    day.range_end = i > 0 && t.Text(i - 1) == "au" && day.kind != DaySpec::Kind::kRelative;
    // A date whose checks failed added its message and no day.
    if (day.kind == DaySpec::Kind::kDate && !day.day_of_month) return end;
    said.days.push_back(day);
    return end;
}

}  // namespace guichet::knowledge::moment_words
