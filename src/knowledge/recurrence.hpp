// Recurring events: the occurrences of an RFC 5545 RRULE (parsed and iterated by libical).
//
// Occurrences keep the wall-clock time of the first one in the event's zone, across summer-time
// changes (RFC 5545 §3.3.10 with DTSTART;TZID): a market at 08:00 stays at 08:00 local. UNTIL
// given in UTC ("…Z", as RFC 5545 requires with a zoned DTSTART) is compared in that zone.
#pragma once

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

}  // namespace guichet::knowledge
