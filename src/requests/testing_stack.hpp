// RequestStack (tests and benchmarks only): the requests module's services built as the
// composition root (app/application.cpp) builds them, owned together, over a database, a clock,
// a bus and a tenancy service that outlive it. Not thread-unsafe beyond its services' own
// contracts; never used by the product.
#pragma once

#include <filesystem>
#include <utility>

#include "bus/event_bus.hpp"
#include "core/clock.hpp"
#include "requests/request_services.hpp"
#include "requests/request_writer.hpp"
#include "storage/database.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::requests::testing {

struct RequestStack {
    RequestStack(storage::Database& db, const Clock& clock, bus::EventBus& bus,
                 tenancy::TenancyService& tenancy, std::filesystem::path attachments_dir)
        : calendars(clock, tenancy),
          catalogue(db, clock),
          charter_routing(db, clock),
          queries(db, clock),
          writer(db, clock, bus, calendars),
          attachments(db, clock, writer, queries, std::move(attachments_dir)),
          letters(db, clock, tenancy, calendars),
          lifecycle(db, clock,
                    {catalogue, charter_routing, queries, attachments, letters, calendars, writer}),
          deadline_monitor(db, clock, bus, charter_routing, calendars) {}
    RequestStack(const RequestStack&) = delete;
    RequestStack& operator=(const RequestStack&) = delete;

    RequestServices services() {
        return {catalogue,   charter_routing, queries,          lifecycle,
                attachments, letters,         deadline_monitor, calendars};
    }

    WorkingCalendars calendars;
    Catalogue catalogue;
    CharterRouting charter_routing;
    RequestQueries queries;
    RequestWriter writer;
    RequestAttachments attachments;
    Letters letters;
    RequestLifecycle lifecycle;
    DeadlineMonitor deadline_monitor;
};

}  // namespace guichet::requests::testing
