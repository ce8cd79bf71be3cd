// The calendar of the moment grammar (internal to knowledge_nlu): a Resolver places the days and
// periods a question said (moment_words.hpp) on the calendar of the tenant's zone, relative to the
// asking instant; moment_calendar.cpp has the days (dates, feasts, relative days) and the periods
// (week-ends, weeks, months, seasons, les fêtes, school holidays), moment_resolve.cpp composes
// them. Immutable after construction; safe to use from one thread at a time (it is a local).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <date/tz.h>

#include "knowledge/answer/moment_words.hpp"

namespace guichet::knowledge::moment_words {

using date::local_days;

struct Window {
    local_days first;
    local_days after;
    std::string text;
};

// A result or a French sentence saying why there is none.
template <typename T>
struct Or {
    std::optional<T> value;
    std::string why;
};

class Resolver {
  public:
    Resolver(TimePoint now, const date::time_zone* tz,
             const std::vector<calendar::SchoolHoliday>& holidays)
        : now_(now), tz_(tz), holidays_(holidays) {
        local_now_ = tz->to_local(std::chrono::time_point_cast<std::chrono::seconds>(now));
        today_ = date::floor<date::days>(local_now_);
        const date::year_month_day ymd(today_);
        this_year_ = static_cast<int>(ymd.year());
        this_month_ = static_cast<unsigned>(ymd.month());
        this_day_ = static_cast<unsigned>(ymd.day());
    }

    TimePoint At(local_days day, std::chrono::minutes offset) const {
        return tz_->to_sys(day + offset, date::choose::earliest);
    }

    std::string DayText(local_days day) const {
        const date::year_month_day ymd(day);
        const unsigned d = static_cast<unsigned>(ymd.day());
        std::string text = std::string(kWeekdayNames[date::weekday(day).c_encoding()]) + " " +
                           (d == 1 ? std::string("1er") : std::to_string(d)) + " " +
                           std::string(kMonthNames[static_cast<unsigned>(ymd.month()) - 1]);
        if (static_cast<int>(ymd.year()) != this_year_)
            text += " " + std::to_string(static_cast<int>(ymd.year()));
        return text;
    }

    std::string Prefix(local_days day) const {
        if (day == today_) return "aujourd'hui, ";
        if (day == today_ + date::days(1)) return "demain, ";
        if (day == today_ - date::days(1)) return "hier, ";
        return "";
    }

    // ---- days ----

    // The first day >= today (or the given year's) of a yearly day, shifted.
    Or<local_days> Yearly(const DaySpec& spec,
                          const std::function<std::optional<local_days>(int)>& in_year) const;

    static std::optional<local_days> Ymd(int y, unsigned m, unsigned d) {
        const date::year_month_day ymd{date::year(y), date::month(m), date::day(d)};
        if (!ymd.ok()) return std::nullopt;
        return local_days(ymd);
    }

    Or<local_days> Concrete(const DaySpec& spec) const;

    std::string DateOnly(local_days day) const {
        const date::year_month_day ymd(day);
        const unsigned d = static_cast<unsigned>(ymd.day());
        return (d == 1 ? std::string("1er") : std::to_string(d)) + " " +
               std::string(kMonthNames[static_cast<unsigned>(ymd.month()) - 1]) + " " +
               std::to_string(static_cast<int>(ymd.year()));
    }

    // ---- periods ----

    Or<Window> Period(const PeriodSpec& p) const;

    Or<Window> Month(const PeriodSpec& p) const;

    static bool HolidayMatches(const std::string& key, std::string_view name);

    static std::string HolidayText(const std::string& key);

    Or<Window> SchoolHolidays(const std::string& key) const;

    TimePoint now_;
    const date::time_zone* tz_;
    const std::vector<calendar::SchoolHoliday>& holidays_;
    date::local_seconds local_now_;
    local_days today_;
    int this_year_ = 0;
    unsigned this_month_ = 1;
    unsigned this_day_ = 1;
};

}  // namespace guichet::knowledge::moment_words
