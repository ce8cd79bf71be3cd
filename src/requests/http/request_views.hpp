// JSON views of requests for the HTTP API: the agents' view (everything, internal labels) and the
// citizen's view (public labels, public timeline only, no internal notes). Times are ISO 8601
// UTC; deadlines also carry their state ("pending", "met", "late", "missed", "paused").
#pragma once

#include <optional>
#include <vector>

#include <boost/json/object.hpp>

#include "requests/request.hpp"
#include "requests/request_services.hpp"

namespace guichet::requests::http {

boost::json::object RequestToJson(const Request& request, const Category* category, TimePoint now);
boost::json::object TimelineEntryToJson(const TimelineEntry& entry);
boost::json::object AttachmentToJson(const Attachment& attachment);
// What the citizen sees of their request. It holds what they wrote (description, answers to the
// form, place, contact details): it is only for the person who just sent the request or who
// proved they own it (tracking code and e-mail), never for a route open to anyone.
boost::json::object PublicRequestToJson(const Request& request, const Category& category,
                                        const std::vector<TimelineEntry>& public_timeline,
                                        const std::vector<Attachment>& shared_files, TimePoint now);
// A request from an API body: category, channel, citizen, subject, description, fields,
// location, priority, tags, received_at. The citizen's name, e-mail, phone and address and the
// location's address are bounded (form_values.hpp); the rest is checked by
// RequestLifecycle::Create.
Result<NewRequest> NewRequestFromJson(const boost::json::object& body);

}  // namespace guichet::requests::http
