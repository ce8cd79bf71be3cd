#include "tenancy/tenant_json.hpp"

namespace guichet::tenancy {
namespace {

boost::json::value OptionalJson(const std::optional<std::string>& s) {
    return s ? boost::json::value(*s) : boost::json::value(nullptr);
}

}  // namespace

boost::json::object TenantToJson(const Tenant& t) {
    return {{"id", t.id},
            {"slug", t.slug},
            {"name", t.name},
            {"timezone", t.timezone},
            {"holiday_zone", t.holiday_zone},
            {"logo_url", OptionalJson(t.logo_url)}};
}

boost::json::object ServiceToJson(const Service& s) {
    return {{"id", s.id},
            {"parent_id", OptionalJson(s.parent_id)},
            {"name", s.name},
            {"email", OptionalJson(s.email)},
            {"created_at", FormatIsoUtc(s.created_at)}};
}

}  // namespace guichet::tenancy
