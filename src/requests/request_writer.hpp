// RequestWriter: the one way the requests module changes a stored request (internal to the
// module; RequestLifecycle and RequestAttachments use it, no other module includes it). Mutate
// reads the request, checks the version the change was made from, applies the change, recomputes
// the deadlines and writes it all with its timeline entry in one transaction, then announces it;
// Insert writes a new request; Publish announces a change on the bus ("request.created",
// "request.updated"), which the WebSocket hub forwards to agents allowed to read requests.
//
// Contract: Mutate and Insert open their own transaction (never call them while holding a
// connection) and read what another module owns (the working calendar) before it; the change
// and `also` run inside it on its connection. A stale `expected` is kFailedPrecondition
// "stale-version" and nothing is written; an unknown request is kNotFound. Thread-safety: safe
// from any thread; calls block.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bus/event_bus.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "requests/request.hpp"
#include "requests/types.hpp"
#include "requests/working_calendars.hpp"
#include "storage/database.hpp"

namespace guichet::requests {

class RequestWriter {
  public:
    // What a change does to the request read in the transaction (of type `category`): it edits
    // the request and returns the timeline entry that says so.
    using Change =
        std::function<Result<TimelineEntry>(storage::Connection&, Request&, const Category&)>;

    RequestWriter(storage::Database& db, const Clock& clock, bus::EventBus& bus,
                  WorkingCalendars& calendars);
    RequestWriter(const RequestWriter&) = delete;
    RequestWriter& operator=(const RequestWriter&) = delete;

    // Loads the request, checks `expected` with CheckVersion, applies `change`, recomputes the
    // deadlines and writes it all in one transaction (with `also`), then publishes
    // "request.updated".
    Result<Request> Mutate(std::string_view tenant_id, std::string_view id, Expected expected,
                           const Change& change, const AlsoInTransaction& also = {});
    // Writes the new request `q` (drawing its tracking code, again on a collision), its
    // citizen's `files`, what `also` adds and the `created` timeline entry, in one transaction.
    Result<void> Insert(Request& q, const std::vector<Attachment>& files,
                        const TimelineEntry& created, const AlsoInTransaction& also);
    // Announces a change of `request` made by the actor (in the event's "actor").
    void Publish(const std::string& type, const Request& request, const std::string& actor_type,
                 const std::optional<std::string>& actor_id);

  private:
    storage::Database& db_;
    const Clock& clock_;
    bus::EventBus& bus_;
    WorkingCalendars& calendars_;
};

}  // namespace guichet::requests
