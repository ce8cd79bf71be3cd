// DeadlineMonitor: the periodic check that raises each deadline warning and breach once
// (timeline entry and "request.deadline_warning" / "request.deadline_breach" event). Declared in
// deadline_monitor.hpp. Each request's alerts are written in a transaction of their own, guarded
// by the request's version: a request changed meanwhile is checked again on the next run.
#include "core/ids.hpp"
#include "requests/deadlines.hpp"
#include "requests/request_json.hpp"

#include "requests/deadline_monitor.hpp"
#include "requests/request_store.hpp"

namespace guichet::requests {

using namespace detail;  // NOLINT(google-build-using-namespace): the module's own rows.
using storage::Connection;
using storage::Row;

DeadlineMonitor::DeadlineMonitor(storage::Database& db, const Clock& clock, bus::EventBus& bus,
                                 CharterRouting& charters, WorkingCalendars& calendars)
    : db_(db), clock_(clock), bus_(bus), charters_(charters), calendars_(calendars) {}

Result<std::size_t> DeadlineMonitor::CheckDeadlines() {
    const TimePoint now = clock_.Now();
    // Candidates: open requests whose next deadline is within the longest warning window (30
    // days, counted in calendar time, covers any charter's warn_hours_before, which is at most
    // kMaxWarnHours of business time).
    GUICHET_TRY(rows, db_.Read<std::vector<Row>>([&](Connection& c) {
        return c.Query(std::string(kRequestColumns) +
                           "WHERE is_closed = 0 AND next_due IS NOT NULL AND next_due < $1",
                       {ToUnixMillis(now + std::chrono::hours(kMaxWarnHours * 4))});
    }));
    std::size_t raised = 0;
    for (const Row& row : rows) {
        RequestRow loaded = RequestFromRow(row);
        const Request& q = loaded.request;
        // Waiting for the citizen stops the clock: the stored deadlines only move when the pause
        // ends, so they must not be reported as missed meanwhile.
        if (q.paused_since) continue;
        auto charter = charters_.CharterVersion(q.tenant_id, q.charter_version);
        auto calendar = calendars_.For(q.tenant_id);
        if (!charter || !calendar) continue;
        const auto warn_window = std::chrono::minutes(charter->warn_hours_before * 60);
        int alerts = loaded.alerts;
        std::vector<std::pair<std::string, Commitment>> events;
        auto check = [&](Commitment c, const std::optional<TimePoint>& due,
                         const std::optional<TimePoint>& done) {
            if (!due || done) return;
            if (now >= *due && !(alerts & AlertBit(c, true))) {
                alerts |= AlertBit(c, true) | AlertBit(c, false);
                events.emplace_back("request.deadline_breach", c);
                return;
            }
            // The warning window counts business time when the calendar has business hours; it
            // is also relative to the deadline's length (DeadlineNear).
            auto left = calendar.value()->BusinessTimeBetween(now, *due);
            auto whole = calendar.value()->BusinessTimeBetween(std::min(q.received_at, now), *due);
            const bool near = left && whole && *whole > std::chrono::system_clock::duration::zero()
                                  ? DeadlineNear(*whole, *left, warn_window)
                                  : DeadlineNear(*due - q.received_at, *due - now, warn_window);
            if (now < *due && near && !(alerts & AlertBit(c, false))) {
                alerts |= AlertBit(c, false);
                events.emplace_back("request.deadline_warning", c);
            }
        };
        check(Commitment::kAcknowledgement, q.due.acknowledgement, q.acknowledged_at);
        check(Commitment::kFirstAnswer, q.due.first_answer, q.first_answered_at);
        check(Commitment::kResolution, q.due.resolution, q.resolved_at);
        if (events.empty()) continue;
        auto written = db_.Transaction([&](Connection& c) -> Result<void> {
            GUICHET_CHECK(
                c.Execute("UPDATE requests SET alerts = $1 WHERE id = $2 AND version = $3",
                          {int64_t{alerts}, q.id, int64_t{q.version}}));
            for (const auto& [type, commitment] : events) {
                const Actor system{"system", std::nullopt, "Guichet"};
                GUICHET_CHECK(InsertTimeline(
                    c, q.tenant_id,
                    Entry(
                        q,
                        type == "request.deadline_breach" ? "deadline_breach" : "deadline_warning",
                        system, {{"commitment", CommitmentName(commitment)}}, false, now)));
            }
            return {};
        });
        if (!written) continue;
        for (const auto& [type, commitment] : events) {
            boost::json::object data{
                {"id", q.id},
                {"tracking_code", q.tracking_code},
                {"commitment", CommitmentName(commitment)},
                {"service_id", q.service_id ? boost::json::value(*q.service_id) : nullptr}};
            bus_.Publish({NewId(now), q.tenant_id, type, "requests.read", Serialize(data)});
            ++raised;
        }
    }
    return raised;
}

}  // namespace guichet::requests
