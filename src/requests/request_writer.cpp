// RequestWriter (declared in request_writer.hpp): Mutate, Insert and Publish, the one way a
// stored request changes.
#include "core/ids.hpp"
#include "core/versions.hpp"
#include "requests/deadlines.hpp"
#include "requests/request_json.hpp"
#include "requests/tracking_code.hpp"

#include "requests/request_store.hpp"
#include "requests/request_writer.hpp"

namespace guichet::requests {

using namespace detail;  // NOLINT(google-build-using-namespace): the module's own rows.
using storage::Connection;

RequestWriter::RequestWriter(storage::Database& db, const Clock& clock, bus::EventBus& bus,
                             WorkingCalendars& calendars)
    : db_(db), clock_(clock), bus_(bus), calendars_(calendars) {}

namespace {

// The deadlines of `request` under its charter version, read on `c` (the caller's transaction:
// nothing here borrows another connection).
Result<Deadlines> DeadlinesOf(Connection& c, const Request& request,
                              const calendar::WorkingCalendar& calendar, TimePoint now) {
    GUICHET_TRY(charter, LoadCharter(c, request.tenant_id, request.charter_version));
    return ComputeDeadlines(calendar, charter, request, now);
}

}  // namespace

void RequestWriter::Publish(const std::string& type, const Request& q,
                            const std::string& actor_type,
                            const std::optional<std::string>& actor_id) {
    boost::json::object data{
        {"id", q.id},
        {"tracking_code", q.tracking_code},
        {"status", q.status},
        {"service_id", q.service_id ? boost::json::value(*q.service_id) : nullptr},
        {"agent_id", q.agent_id ? boost::json::value(*q.agent_id) : nullptr},
        {"version", q.version},
        // Who made the change: a page recognises its own agent's changes by it.
        {"actor",
         {{"type", actor_type}, {"id", actor_id ? boost::json::value(*actor_id) : nullptr}}}};
    bus_.Publish({NewId(clock_.Now()), q.tenant_id, type, "requests.read", Serialize(data)});
}

Result<void> RequestWriter::Insert(Request& q, const std::vector<Attachment>& files,
                                   const TimelineEntry& created, const AlsoInTransaction& also) {
    for (int attempt = 0;; ++attempt) {
        q.tracking_code = NewTrackingCode();
        auto written = db_.Transaction([&](Connection& c) -> Result<void> {
            // A person merged before keeps their requests together across addresses.
            GUICHET_TRY(person, PersonKeyOf(c, q.tenant_id, q.citizen));
            q.citizen.id = person;
            GUICHET_CHECK(WriteRequest(c, q, false, 0, true));
            GUICHET_CHECK(InsertAttachments(c, q, files));
            if (also) GUICHET_CHECK(also(c, q));
            return InsertTimeline(c, q.tenant_id, created);
        });
        if (written) return {};
        // Two requests drew the same code (one chance in 27^8 per pair, so a few times in a
        // million requests): draw again.
        if (written.error().code != ErrorCode::kAlreadyExists || attempt >= 3)
            return Fail(written.error());
    }
}

Result<Request> RequestWriter::Mutate(std::string_view tenant_id, std::string_view id,
                                      Expected expected, const Change& change,
                                      const AlsoInTransaction& also) {
    // Read before the transaction: the tenant's calendar is another module's, and what can be
    // read outside the writer's turn is not read in it.
    GUICHET_TRY(calendar, calendars_.For(tenant_id));
    Request result;
    TimelineEntry written;
    bool closed = false;
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(found, LoadRequest(c, tenant_id, id));
        if (!found) return NotFound();
        Request q = std::move(found->request);
        GUICHET_CHECK(CheckVersion(expected, q.version, "la demande"));
        GUICHET_TRY(category, LoadCategory(c, tenant_id, q.category_id));
        if (!category) return Fail(ErrorCode::kInternal, "Type de demande introuvable.");
        GUICHET_TRY(entry, change(c, q, *category));
        q.version += 1;
        q.updated_at = clock_.Now();
        closed = IsClosed(*category, q.status);
        GUICHET_TRY(due, DeadlinesOf(c, q, *calendar, clock_.Now()));
        q.due = due;
        GUICHET_CHECK(WriteRequest(c, q, closed, found->alerts, false));
        GUICHET_CHECK(InsertTimeline(c, q.tenant_id, entry));
        if (also) GUICHET_CHECK(also(c, q));
        result = std::move(q);
        written = std::move(entry);
        return {};
    }));
    Publish("request.updated", result, written.actor_type, written.actor_id);
    return result;
}

}  // namespace guichet::requests
