// The clock-time and part-of-day recognisers of the moment grammar (moment_words.hpp):
//   time      := clock [qualifier] [("à" | "et" | "-") clock [qualifier]]   (a range after
//   de/entre) clock     := H "h" [MM] | H ":" MM
//              | number ("h" | "heure(s)") [number | "et quart" | "et demie" | "moins le quart"
//                                            | "moins" number]
//              | ("midi" | "minuit") ["et quart" | "et demi(e)" | "moins le quart" | "moins"
//              number | number]
//                (midi and minuit are times after à, vers, avant, pour, dès, jusqu'à, de, entre;
//                 "demain midi" is the part of day)
//   qualifier := "du matin" | "du soir" | "de l'après-midi" | "de la nuit"
//   part      := [("début" | "milieu" | "mi" | "fin") ("de" | "d'" | "du") [la | l']]
//                ("matin" | "matinée" | "midi" | "après-midi" | "aprem" | "soir" | "soirée" |
//                "nuit"
//                 | "journée" (only with début, milieu or fin))
// A number of hours after dans, pendant, durant, depuis or en is a duration, not a time.
#include <algorithm>

#include "knowledge/answer/moment.hpp"
#include "knowledge/answer/moment_words.hpp"

namespace guichet::knowledge::moment_words {
namespace {

struct Clock {
    int hour = 0;
    int minute = 0;
    bool midnight = false;
    std::size_t next = 0;
};

bool Before(const Tokens& t, std::size_t i, std::initializer_list<std::string_view> words) {
    return i > 0 && std::find(words.begin(), words.end(), t.Text(i - 1)) != words.end();
}

// "et quart", "et demie", "moins le quart", "moins dix", "trente", "45": minutes to add.
std::optional<std::pair<int, std::size_t>> MinutesAfter(const Tokens& t, std::size_t j,
                                                        bool allow_number) {
    if (t.Is(j, "et") && t.Is(j + 1, "quart")) return std::pair{15, j + 2};
    if (t.Is(j, "et") && t.IsAny(j + 1, {"demi", "demie"})) return std::pair{30, j + 2};
    if (t.Is(j, "moins") && t.Is(j + 1, "le") && t.Is(j + 2, "quart")) return std::pair{-15, j + 3};
    if (t.Is(j, "moins") && t.Is(j + 1, "quart")) return std::pair{-15, j + 2};
    if (t.Is(j, "moins")) {
        if (auto n = t.Number(j + 1); n && n->first > 0 && n->first < 60) {
            std::size_t k = n->second;
            if (t.IsAny(k, {"min", "minutes", "mn"})) ++k;
            return std::pair{-n->first, k};
        }
    }
    if (allow_number) {
        if (auto n = t.Number(j);
            n && n->first < 60 && !t.IsAny(n->second, {"h", "heure", "heures"})) {
            std::size_t k = n->second;
            if (t.IsAny(k, {"min", "minutes", "mn"})) ++k;
            return std::pair{n->first, k};
        }
    }
    return std::nullopt;
}

std::optional<Clock> ReadClock(const Tokens& t, std::size_t i) {
    if (!t.Free(i)) return std::nullopt;
    const std::string& w = t.Text(i);
    Clock clock;
    if (w == "midi" || w == "minuit") {
        // "minuit vingt", "midi dix": minutes said after them, as after an hour.
        const auto extra = MinutesAfter(t, i + 1, true);
        if (!extra &&
            !Before(
                t, i,
                {"a", "vers", "avant", "pour", "des", "jusqu", "de", "entre", "partir", "et"}) &&
            w == "midi")
            return std::nullopt;
        clock.hour = w == "midi" ? 12 : 24;
        clock.next = i + 1;
        if (extra) {
            int total = clock.hour * 60 + extra->first;
            total %= 24 * 60;
            clock.hour = total / 60;
            clock.minute = total % 60;
            clock.next = extra->second;
        } else if (w == "minuit") {
            clock.midnight = true;
        }
        return clock;
    }
    if (Before(t, i, {"dans", "pendant", "durant", "depuis", "en"})) return std::nullopt;
    // "11h", "11h30", "9h00", "14hr"
    if (const auto h = w.find('h');
        h != std::string::npos && h > 0 && h <= 2 && AllDigits(std::string_view(w).substr(0, h))) {
        std::string_view rest = std::string_view(w).substr(h + 1);
        if (rest == "r" || rest == "rs") rest = {};
        if (!rest.empty() && !(AllDigits(rest) && rest.size() == 2)) return std::nullopt;
        clock.hour = std::stoi(w.substr(0, h));
        clock.next = i + 1;
        if (!rest.empty()) {
            clock.minute = std::stoi(std::string(rest));
        } else if (auto extra = MinutesAfter(t, i + 1, true)) {
            clock.minute = extra->first;
            clock.next = extra->second;
        }
        return clock;
    }
    // "9:00", "16:45"
    if (AllDigits(w) && w.size() <= 2 && t.Between(i) == ":" && t.Free(i + 1) &&
        AllDigits(t.Text(i + 1)) && t.Text(i + 1).size() == 2) {
        clock.hour = std::stoi(w);
        clock.minute = std::stoi(t.Text(i + 1));
        clock.next = i + 2;
        return clock;
    }
    // "11 h 30", "huit heures et quart", "onze heures moins dix"
    const auto n = t.Number(i);
    if (!n || n->first > 99) return std::nullopt;
    if (!t.IsAny(n->second, {"h", "heure", "heures", "hr", "hrs"})) return std::nullopt;
    clock.hour = n->first;
    clock.next = n->second + 1;
    if (auto extra = MinutesAfter(t, clock.next, true)) {
        clock.minute = extra->first;
        clock.next = extra->second;
    }
    return clock;
}

TimeSpec::Qualifier ReadQualifier(const Tokens& t, std::size_t& j) {
    using Q = TimeSpec::Qualifier;
    if (t.Is(j, "du") && t.Is(j + 1, "matin")) {
        j += 2;
        return Q::kMorning;
    }
    if (t.Is(j, "du") && t.IsAny(j + 1, {"soir", "midi"})) {
        const bool evening = t.Text(j + 1) == "soir";
        j += 2;
        return evening ? Q::kEvening : Q::kAfternoon;
    }
    if (t.Is(j, "de") && t.Is(j + 1, "l") && t.Is(j + 2, "apres") && t.Is(j + 3, "midi")) {
        j += 4;
        return Q::kAfternoon;
    }
    if (t.Is(j, "de") && t.Is(j + 1, "l") && t.IsAny(j + 2, {"apresmidi", "aprem"})) {
        j += 3;
        return Q::kAfternoon;
    }
    if (t.Is(j, "de") && t.Is(j + 1, "la") && t.Is(j + 2, "nuit")) {
        j += 3;
        return Q::kNight;
    }
    return Q::kNone;
}

// Minutes from midnight for a clock read with its qualifier; nullopt when it cannot exist.
std::optional<int> Minutes(Clock clock, TimeSpec::Qualifier q) {
    if (clock.minute < 0 && clock.hour >= 1 && clock.hour <= 24) {
        // "onze heures moins le quart" is 10:45.
        --clock.hour;
        clock.minute += 60;
    }
    if (clock.hour > 24 || clock.minute < 0 || clock.minute > 59 ||
        (clock.hour == 24 && clock.minute != 0))
        return std::nullopt;
    int hour = clock.hour;
    using Q = TimeSpec::Qualifier;
    if ((q == Q::kEvening || q == Q::kAfternoon) && hour < 12) hour += 12;
    if (hour == 24) return 24 * 60 - 1;
    return hour * 60 + clock.minute;
}

}  // namespace

std::optional<std::size_t> ReadTime(const Tokens& t, std::size_t i, Said& said) {
    auto clock = ReadClock(t, i);
    if (!clock) return std::nullopt;
    std::size_t j = clock->next;
    TimeSpec spec;
    spec.qualifier = ReadQualifier(t, j);
    const auto minutes = Minutes(*clock, spec.qualifier);
    if (!minutes) {
        said.unclear.push_back("L'heure « " + std::string(t.Slice(i, clock->next)) +
                               " » n'existe pas.");
        return j;
    }
    spec.minutes = *minutes;
    spec.midnight = clock->midnight || (clock->hour == 24);
    // "de 14 h à 16 h", "entre 9 h et midi", "14h-16h".
    const bool range_start = Before(t, i, {"de", "d", "entre"});
    if (t.IsAny(j, {"a", "et"}) || (t.Between(j - 1) == "-" && t.Free(j))) {
        const std::size_t k = t.IsAny(j, {"a", "et"}) ? j + 1 : j;
        if (range_start || k == j) {
            if (auto until = ReadClock(t, k)) {
                std::size_t m = until->next;
                const auto q = ReadQualifier(t, m);
                const auto to =
                    Minutes(*until, q == TimeSpec::Qualifier::kNone ? spec.qualifier : q);
                if (to) {
                    spec.until = until->midnight ? 24 * 60 : *to;
                    if (*spec.until < spec.minutes && *spec.until < 12 * 60 &&
                        *spec.until + 12 * 60 > spec.minutes)
                        *spec.until += 12 * 60;  // "de 2 h à 4 h de l'après-midi"
                    j = m;
                }
            }
        }
    }
    said.times.push_back(spec);
    return j;
}

std::optional<std::size_t> ReadPart(const Tokens& t, std::size_t i, Said& said) {
    std::size_t j = i;
    PartSpec part;
    if (t.IsAny(j, {"debut", "milieu", "mi", "fin"})) {
        const std::string& w = t.Text(j);
        part.sub = w == "debut" ? Sub::kBegin : w == "fin" ? Sub::kEnd : Sub::kMiddle;
        ++j;
        if (t.IsAny(j, {"de", "d", "du"})) ++j;
        if (t.IsAny(j, {"la", "l"})) ++j;
    }
    std::size_t end = j + 1;
    if (t.Is(j, "apres") && t.Is(j + 1, "midi")) {
        part.part = Part::kAfternoon;
        end = j + 2;
    } else if (t.IsAny(j, {"apresmidi", "aprem", "aprems", "am"})) {
        if (t.Text(j) == "am" && part.sub == Sub::kWhole) return std::nullopt;
        part.part = Part::kAfternoon;
    } else if (t.IsAny(j, {"matin", "matinee"})) {
        part.part = Part::kMorning;
    } else if (t.Is(j, "midi")) {
        part.part = Part::kNoon;
    } else if (t.IsAny(j, {"soir", "soiree"})) {
        part.part = Part::kEvening;
    } else if (t.Is(j, "nuit")) {
        part.part = Part::kNight;
    } else if (t.Is(j, "journee") && part.sub != Sub::kWhole) {
        part.part = Part::kDay;
    } else {
        return std::nullopt;
    }
    part.this_word =
        i > 0 && (t.Text(i - 1) == "ce" || t.Text(i - 1) == "cet" || t.Text(i - 1) == "cette");
    said.parts.push_back(part);
    return end;
}

}  // namespace guichet::knowledge::moment_words
