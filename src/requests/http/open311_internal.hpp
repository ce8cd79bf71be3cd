// Open311 GeoReport v2 inside the requests module (internal to requests/http): the protocol
// (parameters from a form or the query, JSON or XML replies, W3C dates), in open311_protocol.cpp,
// and the mapping of request types and requests to GeoReport services and service requests, in
// open311_mapping.cpp. The routes (open311_routes.cpp) parse with these, call one service
// method, and render with them. Pure functions but TenantOf, KeyOf, PublicCategory and
// ServiceNames, which read through the services (each borrows and returns its own connection).
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "http/message.hpp"
#include "identity/identity_service.hpp"
#include "requests/request_services.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::requests::http::open311 {

using guichet::http::Response;
using HttpRequest = guichet::http::Request;

inline constexpr std::string_view kSpecification = "http://wiki.open311.org/GeoReport_v2";
inline constexpr std::size_t kMaxRequests = 1000;  // The specification's cap on one answer.
inline constexpr std::size_t kMaxIds = 100;        // Requests one service_request_id may name.

// The channels whose requests are on the public tracker (see the header).
inline const std::vector<Channel> kListedChannels = {Channel::kOpen311, Channel::kWeb};

inline bool IsListed(const Request& q) {
    return std::find(kListedChannels.begin(), kListedChannels.end(), q.channel) !=
           kListedChannels.end();
}

using Params = std::multimap<std::string, std::string, std::less<>>;

enum class Format { kJson, kXml };

// A reply before it is written: one value, rendered as JSON, or as XML under `root`.
struct Reply {
    std::string root;
    boost::json::value body;
};

tl::unexpected<Error> NotFound(std::string message);

tl::unexpected<Error> BadKey(std::string message);

std::string First(const Params& params, std::string_view name);

std::vector<std::string> SplitList(std::string_view text);

// "services.json" gives {"services", kJson}; any extension but json and xml gives nullopt.
std::optional<std::pair<std::string, Format>> SplitDocument(std::string_view file);

std::string_view LastSegment(std::string_view path);

// The shortest decimal text of `d` ("2.35", "48.8").
std::string Decimal(double d);

Response Render(Format format, int status, const Reply& reply);

// The specification's error list, with the same code as the HTTP status.
Response ErrorResponse(Format format, const Error& error);

// W3C date-time in UTC, to the second: "2026-11-28T14:05:09Z".
std::string W3c(TimePoint t);

// "2026-11-28T14:05:09+01:00", "…Z", with fractions of seconds or not, or a bare day (midnight
// UTC).
Result<TimePoint> ParseW3c(const std::string& text, std::string_view name);

// The parameters of a call: the form of a POST first (urlencoded, or multipart with a photo
// whose text parts are parameters; the file is read by MediaOf), then the query string. The
// form's text is at most kMaxFormBytes (the route takes a photo, so its body may be larger).
Result<Params> ParamsOf(const HttpRequest& req);

// The photo sent with a new request (the "media" part of a multipart form), if any. The bytes
// stay in the request's body.
Result<std::vector<NewAttachment>> MediaOf(const HttpRequest& req);

Result<tenancy::Tenant> TenantOf(tenancy::TenancyService& tenancy, const HttpRequest& req,
                                 const Params& params);

// The API key of the call (api_key, or an Authorization: Bearer header), which must belong to
// `tenant`. nullopt when none is given; a key that is given and not valid is a 403.
Result<std::optional<identity::ApiKey>> KeyOf(identity::IdentityService& identity,
                                              const HttpRequest& req, const Params& params,
                                              const tenancy::Tenant& tenant);

std::string ServiceCode(const Category& c);

// A public category by its service code (external id or id), else 404.
Result<Category> PublicCategory(const RequestServices& requests, std::string_view tenant_id,
                                const std::string& code);

Result<std::map<std::string, std::string>> ServiceNames(tenancy::TenancyService& tenancy,
                                                        std::string_view tenant_id);

std::string NameOf(const std::map<std::string, std::string>& names,
                   const std::optional<std::string>& id);

// The Open311 datatype of a field; nullopt for files, which Open311 cannot send.
std::optional<std::string_view> Datatype(const FieldDef& f);

boost::json::object ServiceJson(const Category& c, const std::map<std::string, std::string>& names);

boost::json::object DefinitionJson(const Category& c);

// The French postcode in an address: five digits standing alone.
std::string Zipcode(std::string_view address);

std::string FieldText(const boost::json::object& fields, std::string_view key);

bool IsClosed(const Request& q, const Category& c);

// What GeoReport shows of a request, under `id` (its public id, or the tracking code its caller
// gave). `show_text`: the description and the photo.
boost::json::object RequestJson(const Request& q, std::string_view id, const Category& c,
                                const std::map<std::string, std::string>& names, bool show_text);

Result<double> Coordinate(const std::string& text, std::string_view name, double limit);

// attribute[code]=value and attribute[code][]=value, as field values the category accepts.
Result<boost::json::object> Attributes(const Params& params, const Category& category);

}  // namespace guichet::requests::http::open311
