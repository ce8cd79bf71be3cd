// The period recognisers of the moment grammar (moment_words.hpp):
//   period   := weekend | week | month | season | festive | holidays
//   weekend  := ["prochain"] ("week-end" | "weekend" | "we") ["prochain" | "suivant" | "dernier"]
//   week     := "cette semaine" ["ci"] | "la semaine" ("prochaine" | "suivante" | "dernière")
//             | "la prochaine semaine"
//   month    := [("début" | "mi" | "milieu" | "courant" | "fin") ("de"|"d'")] ["mois de"]
//   month-name
//               ["prochain"] [year] | ("ce" "mois" ["ci"] | "le mois" ("prochain" | "dernier"))
//   season   := ("cet" | "cette" | "en" | "l'" | "au") season-name ["prochain"]
//   festive  := ("les" | "des") "fêtes" ["de fin d'année" | "de Noël"]
//   holidays := ["grandes"] "vacances" ["scolaires"] [de|d'|la|du] [name]
#include <algorithm>

#include "knowledge/answer/moment.hpp"
#include "knowledge/answer/moment_words.hpp"

namespace guichet::knowledge::moment_words {
namespace {

using Kind = PeriodSpec::Kind;

std::optional<std::size_t> ReadHolidays(const Tokens& t, std::size_t i, PeriodSpec& p) {
    p.kind = Kind::kSchoolHolidays;
    if (t.Is(i, "grandes") && t.Like(i + 1, "vacances")) {
        p.holiday_key = "ete";
        return i + 2;
    }
    if (!t.Like(i, "vacances")) return std::nullopt;
    std::size_t j = i + 1;
    while (t.IsAny(j, {"de", "d", "la", "du", "des", "scolaires", "scolaire"})) ++j;
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
    for (const auto& [word, key] : kKeys) {
        if (t.Free(j) && NameMatches(t.Text(j), word)) {
            p.holiday_key = std::string(key);
            return j + 1;
        }
    }
    return t.IsAny(i + 1, {"scolaires", "scolaire"}) ? i + 2 : i + 1;
}

int Direction(const Tokens& t, std::size_t& j) {
    if (t.IsAny(j, {"prochain", "prochaine", "suivant", "suivante"})) {
        ++j;
        return 1;
    }
    if (t.IsAny(j, {"dernier", "derniere", "passe", "passee"})) {
        ++j;
        return -1;
    }
    return 0;
}

std::optional<std::size_t> ReadWeeks(const Tokens& t, std::size_t i, PeriodSpec& p) {
    std::size_t j = i;
    int direction = 0;
    if (t.IsAny(j, {"prochain", "prochaine"})) {
        direction = 1;
        ++j;
    }
    std::size_t last = 0;
    if (t.Is(j, "week") && t.Is(j + 1, "end")) {
        last = j + 2;
    } else if (t.IsAny(j, {"weekend", "wk"}) ||
               (t.Is(j, "we") && j > 0 && (t.Text(j - 1) == "ce" || t.Text(j - 1) == "le"))) {
        last = j + 1;
    }
    if (last != 0) {
        p.kind = Kind::kWeekend;
        if (direction == 0) direction = Direction(t, last);
        p.direction = direction;
        return last;
    }
    if (!t.Like(j, "semaine")) return std::nullopt;
    last = j + 1;
    if (direction == 0) direction = Direction(t, last);
    const bool this_word = j > 0 && t.Text(j - 1) == "cette";
    if (direction == 0 && !this_word) return std::nullopt;
    if (t.Is(last, "ci")) ++last;
    p.kind = Kind::kWeek;
    p.direction = direction;
    return last;
}

std::optional<std::size_t> ReadMonths(const Tokens& t, std::size_t i, PeriodSpec& p) {
    std::size_t j = i;
    if (t.IsAny(j, {"debut", "mi", "milieu", "courant", "fin"})) {
        const std::string& w = t.Text(j);
        p.sub = w == "debut"     ? Sub::kBegin
                : w == "fin"     ? Sub::kEnd
                : w == "courant" ? Sub::kWhole
                                 : Sub::kMiddle;
        ++j;
        if (t.IsAny(j, {"de", "d", "du"})) ++j;
    }
    if (t.Is(j, "mois")) {
        std::size_t k = j + 1;
        if (t.IsAny(k, {"de", "d"})) {
            if (t.Free(k + 1) && MonthOf(t.Text(k + 1))) j = k + 1;
        } else {
            // "ce mois-ci", "le mois prochain", "fin du mois".
            const int direction = Direction(t, k);
            if (t.Is(k, "ci")) ++k;
            const bool this_word = j > 0 && (t.Text(j - 1) == "ce" || t.Text(j - 1) == "du");
            if (direction == 0 && !this_word) return std::nullopt;
            p.kind = Kind::kThisMonth;
            p.direction = direction;
            return k;
        }
    }
    if (!t.Free(j)) return std::nullopt;
    // Abbreviations ("sept", "oct") name a month only in a date: "à sept heures" is a time.
    if (t.Text(j).size() <= 4 && t.Text(j) != "mars" && t.Text(j) != "mai" && t.Text(j) != "juin" &&
        t.Text(j) != "aout")
        return std::nullopt;
    const auto month = MonthOf(t.Text(j));
    if (!month) return std::nullopt;
    std::size_t last = j + 1;
    p.kind = Kind::kMonth;
    p.month = *month;
    p.direction = std::max(0, Direction(t, last));
    if (t.Free(last) && AllDigits(t.Text(last)) && t.Text(last).size() == 4) {
        p.year = std::stoi(t.Text(last));
        ++last;
    }
    return last;
}

std::optional<std::size_t> ReadSeason(const Tokens& t, std::size_t i, PeriodSpec& p) {
    static constexpr std::array<std::string_view, 4> kSeasons = {"printemps", "ete", "automne",
                                                                 "hiver"};
    if (i == 0 || !t.Free(i)) return std::nullopt;
    const std::string& before = t.Text(i - 1);
    if (before != "cet" && before != "cette" && before != "ce" && before != "en" && before != "l" &&
        before != "au")
        return std::nullopt;
    const auto it = std::find(kSeasons.begin(), kSeasons.end(), t.Text(i));
    if (it == kSeasons.end()) return std::nullopt;
    p.kind = Kind::kSeason;
    p.month = static_cast<unsigned>(it - kSeasons.begin());
    std::size_t last = i + 1;
    p.direction = std::max(0, Direction(t, last));
    return last;
}

std::optional<std::size_t> ReadFestive(const Tokens& t, std::size_t i, PeriodSpec& p) {
    if (!t.IsAny(i, {"fetes"}) || i == 0 || (t.Text(i - 1) != "les" && t.Text(i - 1) != "des"))
        return std::nullopt;
    p.kind = Kind::kFestive;
    std::size_t j = i + 1;
    if (t.Is(j, "de") && t.Is(j + 1, "fin") && t.IsAny(j + 2, {"d", "de"})) {
        std::size_t k = j + 3;
        if (t.Is(k, "l")) ++k;
        if (t.IsAny(k, {"annee", "an"})) return k + 1;
    }
    if (t.Is(j, "de") && t.Is(j + 1, "noel")) return j + 2;
    // "les fêtes de quartier", "des fêtes de village" are events, not the end of the year.
    if (t.IsAny(j, {"de", "du", "des", "d"})) return std::nullopt;
    return j;
}

}  // namespace

std::optional<std::size_t> ReadPeriod(const Tokens& t, std::size_t i, Said& said) {
    if (!t.Free(i)) return std::nullopt;
    for (auto read : {ReadHolidays, ReadWeeks, ReadMonths, ReadSeason, ReadFestive}) {
        PeriodSpec p;
        if (auto end = read(t, i, p)) {
            said.periods.push_back(p);
            return end;
        }
    }
    return std::nullopt;
}

}  // namespace guichet::knowledge::moment_words
