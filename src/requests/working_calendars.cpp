// WorkingCalendars (declared in working_calendars.hpp).
#include "requests/working_calendars.hpp"

namespace guichet::requests {
namespace {

constexpr auto kCalendarTtl = std::chrono::minutes(1);

}  // namespace

WorkingCalendars::WorkingCalendars(const Clock& clock, tenancy::TenancyService& tenancy)
    : clock_(clock), tenancy_(tenancy) {}

Result<std::shared_ptr<const calendar::WorkingCalendar>> WorkingCalendars::For(
    std::string_view tenant_id) {
    const TimePoint now = clock_.Now();
    {
        std::lock_guard lock(mutex_);
        auto it = calendars_.find(tenant_id);
        if (it != calendars_.end() && now - it->second.built < kCalendarTtl)
            return it->second.calendar;
    }
    GUICHET_TRY(tenant, tenancy_.GetTenant(tenant_id));
    GUICHET_TRY(settings, tenancy_.GetCalendar(tenant_id));
    GUICHET_TRY(rules, tenancy_.HolidayRulesFor(tenant_id));
    calendar::WorkingCalendarSettings s;
    s.time_zone = tenant.timezone;
    s.holidays = std::move(rules);
    for (std::size_t d = 0; d < 7; ++d)
        for (const auto& slot : settings.business_hours[d])
            s.business_hours[d].push_back({slot.start_minute, slot.end_minute});
    GUICHET_TRY(calendar, calendar::WorkingCalendar::Create(std::move(s)));
    auto shared = std::make_shared<const calendar::WorkingCalendar>(std::move(calendar));
    std::lock_guard lock(mutex_);
    calendars_[std::string(tenant_id)] = {shared, now};
    return shared;
}

}  // namespace guichet::requests
