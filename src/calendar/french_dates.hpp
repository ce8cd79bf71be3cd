// The one place where the server writes dates and times in French, for everything a person reads
// (answers, e-mails, letters, templates): « lundi 14 décembre 2026 », « 1er décembre »,
// « 13 h 30 », « lundi 14 décembre, fin de journée ».
//
// The same rules are written for the web front end in web/ui/french.ts; both are tested from one
// table of cases, tests/fixtures/french_rules.json (french_dates_test.cpp and
// tests/web/french_rules.test.mjs), so that the two cannot drift apart.
//
// Rules:
// - a time is « 9 h » on the hour, « 13 h 30 » otherwise, 24-hour clock, minutes on two digits
//   (« 0 h 05 »); never « 13:30 » nor « 13 h 00 »;
// - a day is « lundi 14 décembre 2026 »; the first of the month is « 1er »; the year may be left
//   out and so may the weekday (DateStyle);
// - a deadline (requests/deadlines.hpp) expires at the end of its last day, which the engine
//   stores as local 00:00 of the next day: it is written as that last day, « lundi 14 décembre,
//   fin de journée », never « mardi 15 décembre à 0 h »; a deadline at any other instant (business
//   hours) is written « lundi 14 décembre à 17 h 30 ».
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <date/date.h>
#include <date/tz.h>

#include "calendar/holidays.hpp"
#include "core/clock.hpp"

namespace guichet::calendar {

enum class DateStyle {
    kFull,       // « lundi 14 décembre 2026 »
    kNoYear,     // « lundi 14 décembre »
    kNoWeekday,  // « 14 décembre 2026 »
    kDayMonth,   // « 14 décembre »
};

// The tenant's zone, Europe/Paris when the name is empty or unknown (never null).
const date::time_zone& ZoneOrParis(std::string_view name);

// « lundi 14 décembre 2026 », « 1er décembre » (per `style`).
std::string FrenchDate(date::year_month_day day, DateStyle style = DateStyle::kFull);
std::string FrenchDate(Day day, DateStyle style = DateStyle::kFull);

// « 9 h », « 13 h 30 », « 0 h 05 ». `minutes_after_midnight` is taken modulo 24 hours.
std::string FrenchClock(int minutes_after_midnight);

// « lundi 14 décembre 2026 à 13 h 30 »: the instant in `zone`.
std::string FrenchDateTime(TimePoint t, const date::time_zone& zone,
                           DateStyle style = DateStyle::kFull);

// The last day a deadline covers: the local day before `due` when `due` is local midnight (the
// end of that day), else the local day of `due`.
Day DeadlineLastDay(TimePoint due, const date::time_zone& zone);

// « lundi 14 décembre 2026, fin de journée » for a deadline ending at local midnight, else
// « lundi 14 décembre 2026 à 17 h 30 ».
std::string FrenchDeadline(TimePoint due, const date::time_zone& zone,
                           DateStyle style = DateStyle::kFull);

}  // namespace guichet::calendar
