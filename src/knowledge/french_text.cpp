#include "knowledge/french_text.hpp"

#include <array>
#include <vector>

namespace guichet::knowledge {
namespace {

constexpr std::array<const char*, 7> kWeekdays = {"dimanche", "lundi",    "mardi", "mercredi",
                                                  "jeudi",    "vendredi", "samedi"};
constexpr std::array<const char*, 12> kMonths = {"janvier",   "février", "mars",     "avril",
                                                 "mai",       "juin",    "juillet",  "août",
                                                 "septembre", "octobre", "novembre", "décembre"};

}  // namespace

std::string FrenchDay(date::local_days day, date::local_days today) {
    const date::year_month_day ymd(day);
    const date::weekday wd(day);
    const unsigned d = static_cast<unsigned>(ymd.day());
    std::string out = std::string(kWeekdays[wd.c_encoding()]) + " " +
                      (d == 1 ? std::string("1er") : std::to_string(d)) + " " +
                      kMonths[static_cast<unsigned>(ymd.month()) - 1];
    if (ymd.year() != date::year_month_day(today).year())
        out += " " + std::to_string(static_cast<int>(ymd.year()));
    return out;
}

std::string FrenchClock(date::local_seconds t) {
    const auto day = date::floor<date::days>(t);
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(t - day).count();
    const auto h = (minutes / 60) % 24, m = minutes % 60;
    std::string out = std::to_string(h) + " h";
    if (m != 0) out += std::string(" ") + (m < 10 ? "0" : "") + std::to_string(m);
    return out;
}

std::string FrenchWhen(date::local_seconds t, date::local_days today) {
    const auto day = date::floor<date::days>(t);
    std::string when;
    if (day == today)
        when = "aujourd'hui";
    else if (day == today + date::days(1))
        when = "demain";
    else
        when = FrenchDay(day, today);
    return when + " à " + FrenchClock(t);
}

std::string FrenchRanges(
    const std::vector<std::pair<date::local_seconds, date::local_seconds>>& ranges) {
    std::string out;
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        if (i > 0) out += i + 1 == ranges.size() ? " et " : ", ";
        const auto& [from, to] = ranges[i];
        const bool to_midnight = to == date::floor<date::days>(from) + date::days(1);
        out += "de " + FrenchClock(from) + " à " + (to_midnight ? "minuit" : FrenchClock(to));
    }
    return out;
}

}  // namespace guichet::knowledge
