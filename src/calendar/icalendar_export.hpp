// iCalendar export (RFC 5545) of days off: public holidays, closures, school holidays, so that
// agents can subscribe to their administration's calendar from any calendar application.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "calendar/holidays.hpp"
#include "core/clock.hpp"

namespace guichet::calendar {

struct AllDayEvent {
    Day first;
    Day last;  // Included.
    std::string summary;
    std::string category;  // "Jour férié", "Fermeture exceptionnelle", "Vacances scolaires"
};

// A VCALENDAR with one all-day VEVENT per event (DTEND exclusive, as RFC 5545 says). UIDs are
// stable (derived from `uid_domain`, the day and the summary) so that re-importing updates events
// instead of duplicating them. `stamp` is the DTSTAMP of every event.
std::string ExportAllDayEvents(const std::vector<AllDayEvent>& events, std::string_view name,
                               std::string_view uid_domain, TimePoint stamp);

}  // namespace guichet::calendar
