// The requests module's services, as the composition root (app/application.cpp) builds them and
// hands them to the routes that use several: references only, to objects that outlive every
// holder of this struct. Each service's header says what it owns and its contract:
//   Catalogue (catalogue.hpp)                  types, forms, the public submission
//   CharterRouting (charter_routing.hpp)       charter, presets, routing rules
//   RequestQueries (request_queries.hpp)       reads, a person's requests, contacts
//   RequestLifecycle (request_lifecycle.hpp)   Create and every act on a request
//   RequestAttachments (request_attachments.hpp) files
//   Letters (letters.hpp)                      templates, letterhead, signatory, letters (PDF)
//   DeadlineMonitor (deadline_monitor.hpp)     deadline warnings and breaches
//   WorkingCalendars (working_calendars.hpp)   each tenant's working calendar, cached
// Built in this order (each uses only those above it): WorkingCalendars, Catalogue,
// CharterRouting, RequestQueries, RequestWriter, RequestAttachments, Letters, RequestLifecycle,
// DeadlineMonitor.
#pragma once

#include "requests/catalogue.hpp"
#include "requests/charter_routing.hpp"
#include "requests/deadline_monitor.hpp"
#include "requests/letters.hpp"
#include "requests/request_attachments.hpp"
#include "requests/request_lifecycle.hpp"
#include "requests/request_queries.hpp"
#include "requests/working_calendars.hpp"

namespace guichet::requests {

struct RequestServices {
    Catalogue& catalogue;
    CharterRouting& charter_routing;
    RequestQueries& queries;
    RequestLifecycle& lifecycle;
    RequestAttachments& attachments;
    Letters& letters;
    DeadlineMonitor& deadline_monitor;
    WorkingCalendars& calendars;
};

}  // namespace guichet::requests
