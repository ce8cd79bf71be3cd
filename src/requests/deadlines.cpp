#include "requests/deadlines.hpp"

#include <set>

namespace guichet::requests {
namespace {

calendar::DayKind DayKindOf(DelayUnit unit) {
    switch (unit) {
        case DelayUnit::kWorkableDays:
            return calendar::DayKind::kOuvrables;
        case DelayUnit::kCalendarDays:
            return calendar::DayKind::kCalendaires;
        default:
            return calendar::DayKind::kOuvres;
    }
}

const std::optional<Delay>& Field(const CharterRule& rule, Commitment c) {
    switch (c) {
        case Commitment::kAcknowledgement:
            return rule.acknowledgement;
        case Commitment::kFirstAnswer:
            return rule.first_answer;
        case Commitment::kResolution:
            return rule.resolution;
    }
    return rule.resolution;
}

}  // namespace

std::optional<Delay> DelayFor(const Charter& charter, Commitment commitment, Channel channel,
                              Kind kind, const std::string& category_id) {
    int best_score = -1;
    std::optional<Delay> best;
    for (const CharterRule& rule : charter.rules) {
        if (rule.channel && *rule.channel != channel) continue;
        if (rule.kind && *rule.kind != kind) continue;
        if (rule.category_id && *rule.category_id != category_id) continue;
        const auto& delay = Field(rule, commitment);
        if (!delay) continue;
        const int score = (rule.category_id ? 4 : 0) + (rule.kind ? 2 : 0) + (rule.channel ? 1 : 0);
        if (score > best_score) {
            best_score = score;
            best = delay;
        }
    }
    return best;
}

Result<TimePoint> DueDate(const calendar::WorkingCalendar& calendar, bool count_receipt_day,
                          TimePoint received, Delay delay,
                          const std::vector<std::pair<TimePoint, TimePoint>>& pauses) {
    if (delay.unit == DelayUnit::kBusinessHours) {
        const std::chrono::minutes base(delay.amount * 60);
        GUICHET_TRY(due, calendar.AddBusinessMinutes(received, base));
        // Business time paused before the deadline pushes it back by as much; repeat, since the
        // pushed deadline may reach into a later pause.
        for (int round = 0; round < 8; ++round) {
            std::chrono::system_clock::duration paused{};
            for (const auto& [from, to] : pauses) {
                if (from >= due || to <= received) continue;
                GUICHET_TRY(part, calendar.BusinessTimeBetween(std::max(from, received), to));
                paused += part;
            }
            GUICHET_TRY(next, calendar.AddBusinessMinutes(
                                  received,
                                  base + std::chrono::duration_cast<std::chrono::minutes>(paused)));
            if (next == due) break;
            due = next;
        }
        return due;
    }
    const calendar::DayKind kind = DayKindOf(delay.unit);
    GUICHET_TRY(due, calendar.AddDays(received, delay.amount, kind, count_receipt_day));
    const calendar::Day receipt = calendar.LocalDay(received);
    for (int round = 0; round < 8; ++round) {
        // The counted days, after the receipt and before the deadline, that a pause touched.
        std::set<calendar::Day> paused;
        for (const auto& [from, to] : pauses) {
            if (to <= from || from >= due) continue;
            const calendar::Day first = std::max(calendar.LocalDay(from), receipt + date::days(1));
            const calendar::Day last =
                calendar.LocalDay(std::min(to, due) - std::chrono::seconds(1));
            for (calendar::Day d = first; d <= last; d += date::days(1))
                if (calendar.IsCountedDay(d, kind)) paused.insert(d);
        }
        GUICHET_TRY(next, calendar.AddDays(received, delay.amount + static_cast<int>(paused.size()),
                                           kind, count_receipt_day));
        if (next == due) break;
        due = next;
    }
    return due;
}

bool DeadlineNear(std::chrono::system_clock::duration whole,
                  std::chrono::system_clock::duration left,
                  std::chrono::system_clock::duration window) {
    if (left <= std::chrono::system_clock::duration::zero()) return false;
    return left <= window && left * kNearShareOfWhole <= whole;
}

Result<Deadlines> ComputeDeadlines(const calendar::WorkingCalendar& calendar,
                                   const Charter& charter, const Request& request, TimePoint now) {
    std::vector<std::pair<TimePoint, TimePoint>> pauses = request.pauses;
    if (request.paused_since)
        pauses.emplace_back(*request.paused_since, std::max(now, *request.paused_since));
    Deadlines out;
    for (Commitment c : kCommitments) {
        auto delay = DelayFor(charter, c, request.channel, request.kind, request.category_id);
        if (!delay) continue;
        GUICHET_TRY(
            due, DueDate(calendar, charter.count_receipt_day, request.received_at, *delay, pauses));
        switch (c) {
            case Commitment::kAcknowledgement:
                out.acknowledgement = due;
                break;
            case Commitment::kFirstAnswer:
                out.first_answer = due;
                break;
            case Commitment::kResolution:
                out.resolution = due;
                break;
        }
    }
    return out;
}

}  // namespace guichet::requests
