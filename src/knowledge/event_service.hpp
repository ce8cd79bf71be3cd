// EventService: the agenda — events with a place, a category and an optional recurrence.
//
// Times are instants; recurrences are expanded in the tenant's time zone so that a weekly market
// stays at 08:00 across summer time (recurrence.hpp). Reads are scoped by tenant.
// Versions: an event has a version (1 at creation, +1 on every change). Save (of an existing
// event) and Remove take the version the caller read (If-Match) and compare it inside their
// transaction (CheckVersion): stale gives kFailedPrecondition "stale-version" and nothing is
// written; nullopt overwrites (If-Match: *, imports). Committed changes are published on
// changes().
// Thread-safety: safe from any worker thread; calls block.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "knowledge/changes.hpp"
#include "knowledge/knowledge.hpp"
#include "storage/database.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::knowledge {

class EventService {
  public:
    EventService(storage::Database& db, const Clock& clock, tenancy::TenancyService& tenancy)
        : db_(db), clock_(clock), tenancy_(tenancy) {}

    static Result<void> Validate(const Event& event);

    Result<std::vector<Event>> List(std::string_view tenant_id);
    Result<Event> Get(std::string_view tenant_id, std::string_view id_or_external_id);
    // Creates (empty id; version 1) or replaces an event still at `expected_version`.
    Result<Event> Save(std::string_view tenant_id, Event event,
                       std::optional<int64_t> expected_version = std::nullopt);
    Result<void> Remove(std::string_view tenant_id, std::string_view id,
                        std::optional<int64_t> expected_version = std::nullopt);

    // Occurrences that overlap [from, to), in start order; `category` filters when given.
    Result<Agenda> Occurrences(std::string_view tenant_id, TimePoint from, TimePoint to,
                               const std::optional<std::string>& category = std::nullopt);

    // A JSON array (or JSON lines) shaped like data/commune/events.json; places are named by
    // their external ids. Rows are created or updated by `id` (external id).
    Result<ImportReport> Import(std::string_view tenant_id, std::string_view text);

    // The tenant's agenda as an iCalendar feed (RFC 5545): every event with its RRULE and
    // EXDATEs in the tenant's zone; only `category` when given.
    Result<std::string> Feed(std::string_view tenant_id,
                             const std::optional<std::string>& category = std::nullopt);

    // Where committed changes are published.
    ChangeFeed& changes() { return changes_; }

  private:
    Result<const date::time_zone*> ZoneOf(std::string_view tenant_id);

    storage::Database& db_;
    const Clock& clock_;
    tenancy::TenancyService& tenancy_;
    ChangeFeed changes_;
};

}  // namespace guichet::knowledge
