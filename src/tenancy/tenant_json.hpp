// The JSON form of tenancy types, shared by every route that returns them.
#pragma once

#include <boost/json/object.hpp>

#include "tenancy/tenant.hpp"

namespace guichet::tenancy {

// {"id","slug","name","timezone","holiday_zone","logo_url"}
boost::json::object TenantToJson(const Tenant& tenant);
// {"id","parent_id","name","email","created_at"}
boost::json::object ServiceToJson(const Service& service);

}  // namespace guichet::tenancy
