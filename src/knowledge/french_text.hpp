// French wording of days and times for answers read by citizens: "dimanche 6 décembre",
// "9 h 30", "demain à 9 h". Pure functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <date/date.h>

namespace guichet::knowledge {

// "dimanche 6 décembre" (with the year when it is not `today`'s).
std::string FrenchDay(date::local_days day, date::local_days today);
// "9 h", "9 h 30", "0 h 30".
std::string FrenchClock(date::local_seconds t);
// "aujourd'hui à 9 h", "demain à 9 h", "lundi 7 décembre à 9 h".
std::string FrenchWhen(date::local_seconds t, date::local_days today);
// "de 9 h à 12 h et de 14 h à 18 h" for a list of [from, to) pairs of one day.
std::string FrenchRanges(
    const std::vector<std::pair<date::local_seconds, date::local_seconds>>& ranges);

}  // namespace guichet::knowledge
