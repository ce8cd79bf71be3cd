#include "calendar/french_dates.hpp"

#include <array>
#include <exception>

namespace guichet::calendar {
namespace {

constexpr std::array<const char*, 7> kWeekdays = {"dimanche", "lundi",    "mardi", "mercredi",
                                                  "jeudi",    "vendredi", "samedi"};
constexpr std::array<const char*, 12> kMonths = {"janvier",   "février", "mars",     "avril",
                                                 "mai",       "juin",    "juillet",  "août",
                                                 "septembre", "octobre", "novembre", "décembre"};

date::local_time<std::chrono::minutes> LocalMinutes(TimePoint t, const date::time_zone& zone) {
    return date::floor<std::chrono::minutes>(zone.to_local(date::floor<std::chrono::seconds>(t)));
}

}  // namespace

const date::time_zone& ZoneOrParis(std::string_view name) {
    if (!name.empty()) {
        try {
            return *date::locate_zone(name);
        } catch (const std::exception&) {
            // An unknown name falls back to the default zone, as the tenant settings do.
        }
    }
    return *date::locate_zone("Europe/Paris");
}

std::string FrenchDate(date::year_month_day day, DateStyle style) {
    const unsigned d = static_cast<unsigned>(day.day());
    std::string out;
    if (style == DateStyle::kFull || style == DateStyle::kNoYear)
        out = std::string(kWeekdays[date::weekday(day).c_encoding()]) + " ";
    out += (d == 1 ? std::string("1er") : std::to_string(d)) + " " +
           kMonths[(static_cast<unsigned>(day.month()) + 11) % 12];
    if (style == DateStyle::kFull || style == DateStyle::kNoWeekday)
        out += " " + std::to_string(static_cast<int>(day.year()));
    return out;
}

std::string FrenchDate(Day day, DateStyle style) {
    return FrenchDate(date::year_month_day(day), style);
}

std::string FrenchClock(int minutes_after_midnight) {
    const int m = ((minutes_after_midnight % 1440) + 1440) % 1440;
    std::string out = std::to_string(m / 60) + " h";
    if (m % 60 != 0) out += std::string(" ") + (m % 60 < 10 ? "0" : "") + std::to_string(m % 60);
    return out;
}

std::string FrenchDateTime(TimePoint t, const date::time_zone& zone, DateStyle style) {
    const auto local = LocalMinutes(t, zone);
    const auto day = date::floor<date::days>(local);
    return FrenchDate(Day{day.time_since_epoch()}, style) + " à " +
           FrenchClock(static_cast<int>((local - day).count()));
}

Day DeadlineLastDay(TimePoint due, const date::time_zone& zone) {
    const auto local = LocalMinutes(due, zone);
    const auto day = date::floor<date::days>(local);
    const Day d{day.time_since_epoch()};
    return local == day ? d - date::days(1) : d;
}

std::string FrenchDeadline(TimePoint due, const date::time_zone& zone, DateStyle style) {
    const auto local = LocalMinutes(due, zone);
    if (local == date::floor<date::days>(local))
        return FrenchDate(DeadlineLastDay(due, zone), style) + ", fin de journée";
    return FrenchDateTime(due, zone, style);
}

}  // namespace guichet::calendar
