// WorkingCalendars: each tenant's working calendar (time zone, business hours, public holidays,
// all read from tenancy), built on first use and cached for a minute. The requests services
// that count deadlines or write dates (RequestWriter, RequestLifecycle, DeadlineMonitor, Letters)
// share one instance, built in the composition root.
//
// Contract: For() reads tenancy outside any transaction of the caller (it borrows connections
// through TenancyService): call it before opening one. Errors are tenancy's (kNotFound for an
// unknown tenant) or the calendar's. Thread-safety: safe from any thread; the cache is guarded
// by a mutex, the calendars handed out are immutable and shared.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "calendar/working_time.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::requests {

class WorkingCalendars {
  public:
    WorkingCalendars(const Clock& clock, tenancy::TenancyService& tenancy);
    WorkingCalendars(const WorkingCalendars&) = delete;
    WorkingCalendars& operator=(const WorkingCalendars&) = delete;

    // The tenant's working calendar (cached for a minute).
    Result<std::shared_ptr<const calendar::WorkingCalendar>> For(std::string_view tenant_id);

  private:
    struct Cached {
        std::shared_ptr<const calendar::WorkingCalendar> calendar;
        TimePoint built;
    };
    const Clock& clock_;
    tenancy::TenancyService& tenancy_;
    std::mutex mutex_;
    std::map<std::string, Cached, std::less<>> calendars_;
};

}  // namespace guichet::requests
