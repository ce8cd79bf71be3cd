#include "calendar/icalendar_export.hpp"

#include <libical/ical.h>

#include <memory>

#include "core/fingerprint.hpp"

namespace guichet::calendar {
namespace {

icaltimetype DateOf(Day day) {
    const date::year_month_day ymd(day);
    icaltimetype t = icaltime_null_date();
    t.year = static_cast<int>(ymd.year());
    t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    t.is_date = 1;
    return t;
}

}  // namespace

std::string ExportAllDayEvents(const std::vector<AllDayEvent>& events, std::string_view name,
                               std::string_view uid_domain, TimePoint stamp) {
    std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> calendar(
        icalcomponent_new_vcalendar(), &icalcomponent_free);
    icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
    icalcomponent_add_property(calendar.get(),
                               icalproperty_new_prodid("-//Guichet//Calendrier//FR"));
    icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
    icalproperty* calendar_name = icalproperty_new_x(std::string(name).c_str());
    icalproperty_set_x_name(calendar_name, "X-WR-CALNAME");
    icalcomponent_add_property(calendar.get(), calendar_name);

    const icaltimetype dtstamp = icaltime_from_timet_with_zone(
        std::chrono::system_clock::to_time_t(stamp), 0, icaltimezone_get_utc_timezone());
    for (const AllDayEvent& e : events) {
        icalcomponent* event = icalcomponent_new_vevent();
        const std::string uid = date::format("%Y%m%d", e.first) + "-" +
                                FingerprintHex(e.category + "\n" + e.summary) + "@" +
                                std::string(uid_domain);
        icalcomponent_add_property(event, icalproperty_new_uid(uid.c_str()));
        icalcomponent_add_property(event, icalproperty_new_dtstamp(dtstamp));
        icalcomponent_add_property(event, icalproperty_new_dtstart(DateOf(e.first)));
        icalcomponent_add_property(event, icalproperty_new_dtend(DateOf(e.last + date::days(1))));
        icalcomponent_add_property(event, icalproperty_new_summary(e.summary.c_str()));
        if (!e.category.empty()) {
            icalcomponent_add_property(event, icalproperty_new_categories(e.category.c_str()));
        }
        // Days off do not make anyone busy in a scheduling sense.
        icalcomponent_add_property(event, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
        icalcomponent_add_component(calendar.get(), event);
    }
    char* text = icalcomponent_as_ical_string_r(calendar.get());
    std::string out(text);
    icalmemory_free_buffer(text);
    return out;
}

}  // namespace guichet::calendar
