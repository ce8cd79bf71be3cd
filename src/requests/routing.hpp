// Routing: which service a new request goes to. Rules are tried in order; a rule matches when
// every condition it sets holds (category, channel, one of its keywords in the subject or
// description — compared folded, so accents and case do not matter — and the request's location
// inside its polygon). No rule: the category's owning service, else the tenant's default.
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "requests/request.hpp"

namespace guichet::requests {

// Whether (lon, lat) is inside `polygon` ([lon, lat] points; even-odd rule; the closing point may
// be repeated or not). A polygon of fewer than three points contains nothing.
bool InsidePolygon(const std::vector<std::array<double, 2>>& polygon, double lon, double lat);

// The first rule matching `request`, or nullptr.
const RoutingRule* MatchRule(const std::vector<RoutingRule>& rules, const Request& request);

}  // namespace guichet::requests
