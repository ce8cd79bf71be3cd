// Deadlines of a request from the tenant's charter, counted in working time with the calendar
// engine (jours ouvrés, ouvrables, calendaires or business hours, in the tenant's zone).
//
// Pauses (statuses that wait for the citizen) push deadlines back: a deadline in days moves by
// the number of counted days a pause touched before it; a deadline in business hours by the
// business time paused. A pause still running counts up to `now`. See ADR 11.
// Thread-safety: pure functions over an immutable WorkingCalendar.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "calendar/working_time.hpp"
#include "core/result.hpp"
#include "requests/request.hpp"

namespace guichet::requests {

// The delay the charter sets for a commitment: the most specific rule that sets it (a rule for
// the category beats one for the kind, which beats one for the channel, which beats a catch-all).
std::optional<Delay> DelayFor(const Charter& charter, Commitment commitment, Channel channel,
                              Kind kind, const std::string& category_id);

// When `delay` runs out for something received at `received`, given the pauses.
Result<TimePoint> DueDate(const calendar::WorkingCalendar& calendar, bool count_receipt_day,
                          TimePoint received, Delay delay,
                          const std::vector<std::pair<TimePoint, TimePoint>>& pauses);

// Whether a deadline is near enough for the warning « Échéance proche »: what is `left` is within
// the charter's `window` (warn_hours_before) AND within a quarter of the deadline's `whole` length
// (from receipt to the deadline, in the same time — business time when the calendar has business
// hours). The second condition keeps a short deadline from warning at once: an acknowledgement due
// within 8 business hours warns 2 hours before, not one minute after creation. A deadline already
// passed is not "near" (it is missed). See docs/adr (deadline warnings).
inline constexpr int kNearShareOfWhole = 4;  // A quarter.
bool DeadlineNear(std::chrono::system_clock::duration whole,
                  std::chrono::system_clock::duration left,
                  std::chrono::system_clock::duration window);

// The three deadlines of a request (those the charter sets), pauses included; `now` ends a pause
// that is still running.
Result<Deadlines> ComputeDeadlines(const calendar::WorkingCalendar& calendar,
                                   const Charter& charter, const Request& request, TimePoint now);

}  // namespace guichet::requests
