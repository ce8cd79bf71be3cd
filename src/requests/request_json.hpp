// JSON forms of the requests module's records. The same forms are stored in the database's
// JSON columns and served by the API, so there is one reading and one writing of each.
// Readers return kInvalidArgument naming the field (French) on a bad shape.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "requests/request.hpp"

namespace guichet::requests {

boost::json::array FieldsToJson(const std::vector<FieldDef>& fields);
Result<std::vector<FieldDef>> FieldsFromJson(const boost::json::value& value);
boost::json::object WorkflowToJson(const Workflow& workflow);
Result<Workflow> WorkflowFromJson(const boost::json::value& value);
// The body of a charter version (rules and settings; version and time are columns).
boost::json::object CharterToJson(const Charter& charter);
Result<Charter> CharterFromJson(const boost::json::value& value);
boost::json::array RoutingRulesToJson(const std::vector<RoutingRule>& rules);
Result<std::vector<RoutingRule>> RoutingRulesFromJson(const boost::json::value& value);
boost::json::array StringsToJson(const std::vector<std::string>& items);
std::vector<std::string> StringsFromText(const std::string& text);
std::string PausesToText(const std::vector<std::pair<TimePoint, TimePoint>>& pauses);
std::vector<std::pair<TimePoint, TimePoint>> PausesFromText(const std::string& text);

// The category as the API shows it.
boost::json::object CategoryToJson(const Category& category);
// A category from an API body (id, tenant and time are not read).
Result<Category> CategoryFromJson(const boost::json::object& body);

}  // namespace guichet::requests
