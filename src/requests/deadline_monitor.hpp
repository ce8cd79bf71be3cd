// DeadlineMonitor: the periodic check that raises each deadline warning and breach of open
// requests once (a timeline entry and a "request.deadline_warning" / "request.deadline_breach"
// event for agents allowed to read requests). The server's scheduler calls CheckDeadlines
// ("deadline-check", core/scheduler.hpp); no timer here.
//
// Contract: each request's alerts are written in a transaction of their own, guarded by the
// request's version: a request changed meanwhile is checked again on the next run; a request
// waiting for the citizen (paused) is skipped. The charter and the calendar are read before each
// transaction. Thread-safety: safe from any thread; calls block.
#pragma once

#include <cstddef>

#include "bus/event_bus.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "requests/charter_routing.hpp"
#include "requests/working_calendars.hpp"
#include "storage/database.hpp"

namespace guichet::requests {

class DeadlineMonitor {
  public:
    DeadlineMonitor(storage::Database& db, const Clock& clock, bus::EventBus& bus,
                    CharterRouting& charters, WorkingCalendars& calendars);
    DeadlineMonitor(const DeadlineMonitor&) = delete;
    DeadlineMonitor& operator=(const DeadlineMonitor&) = delete;

    // Raises warnings and breaches for deadlines that came near or passed (once each); returns
    // how many were raised.
    Result<std::size_t> CheckDeadlines();

  private:
    storage::Database& db_;
    const Clock& clock_;
    bus::EventBus& bus_;
    CharterRouting& charters_;
    WorkingCalendars& calendars_;
};

}  // namespace guichet::requests
