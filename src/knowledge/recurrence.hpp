// Recurring events: the occurrences of an RFC 5545 RRULE (parsed and iterated by libical).
//
// Occurrences keep the wall-clock time of the first one in the event's zone, across summer-time
// changes (RFC 5545 §3.3.10 with DTSTART;TZID): a market at 08:00 stays at 08:00 local. UNTIL
// given in UTC ("…Z", as RFC 5545 requires with a zoned DTSTART) is compared in that zone.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "core/result.hpp"

namespace guichet::knowledge {

// kInvalidArgument (French message) when `rrule` is not a recurrence rule libical accepts.
Result<void> ValidateRrule(std::string_view rrule);

// The local starts of the occurrences of `rrule` from `first` (included, as RFC 5545 counts
// DTSTART) up to and excluding `until`, at most `limit` of them. An empty rule gives `first`
// alone when it is before `until`.
Result<std::vector<date::local_seconds>> ExpandRrule(std::string_view rrule,
                                                     date::local_seconds first,
                                                     const date::time_zone* zone,
                                                     date::local_seconds until,
                                                     std::size_t limit = 10000);

// The recurrence said in French for the agenda, from the first occurrence's local start:
// "tous les vendredis", "tous les mercredis et samedis", "un mardi sur deux", "le premier samedi
// du mois", "le dernier lundi du mois", "le 15 de chaque mois", "tous les jours", "tous les ans,
// le 14 juillet"; a rule that ends (UNTIL or COUNT) adds its last day: ", jusqu'au 30 juin 2027".
// nullopt for an empty rule and for rules it cannot say simply (BYSETPOS, BYHOUR, several
// positions in a month…): the caller then lists the occurrences one by one.
std::optional<std::string> DescribeRrule(std::string_view rrule, date::local_seconds first,
                                         const date::time_zone* zone);

}  // namespace guichet::knowledge
