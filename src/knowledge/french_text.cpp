#include "knowledge/french_text.hpp"

#include "calendar/french_dates.hpp"

#include <vector>

namespace guichet::knowledge {

// The day and clock rules live in calendar/french_dates (shared with e-mails and letters, tested
// against the web's); this file only adds the answers' relative words.
std::string FrenchDay(date::local_days day, date::local_days today) {
    const date::year_month_day ymd(day);
    const bool this_year = ymd.year() == date::year_month_day(today).year();
    return calendar::FrenchDate(
        ymd, this_year ? calendar::DateStyle::kNoYear : calendar::DateStyle::kFull);
}

std::string FrenchClock(date::local_seconds t) {
    const auto day = date::floor<date::days>(t);
    return calendar::FrenchClock(
        static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(t - day).count()));
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
