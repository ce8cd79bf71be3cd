// The JSON form of tenancy types, shared by every route that returns them.
#pragma once

#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "tenancy/tenant.hpp"

namespace guichet::tenancy {

// {"id","slug","name","timezone","holiday_zone","department","school_zone","logo_url",
//  "name_article","name_after_de"}
boost::json::object TenantToJson(const Tenant& tenant);

// {"holiday_zone","department","school_zone",
//  "business_hours":{"mo":[{"from":"08:30","to":"12:00"},…],…,"su":[]},
//  "closures":[{"date":"2026-12-24","name":"Pont de Noël"}]}
boost::json::object CalendarToJson(const TenantCalendar& calendar);
// The inverse; kInvalidArgument naming the field at fault. Range checks are the service's.
Result<TenantCalendar> CalendarFromJson(const boost::json::object& json);
// {"id","parent_id","name","email","created_at"}
boost::json::object ServiceToJson(const Service& service);

}  // namespace guichet::tenancy
