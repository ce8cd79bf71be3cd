#include "addresses/http/address_routes.hpp"

#include <charconv>

#include "http/if_match.hpp"
#include "http/query_params.hpp"
#include "identity/http/caller_tenant.hpp"

#include "core/json.hpp"

namespace guichet::addresses::http {

using guichet::http::Method;
using guichet::http::RateClass;
using guichet::http::Request;
using guichet::http::Response;
using identity::Permission;

namespace {

boost::json::object AddressJson(const Address& a) {
    return {{"label", a.Label()},     {"number", a.number},   {"street", a.street},
            {"postcode", a.postcode}, {"commune", a.commune}, {"citycode", a.insee},
            {"lat", a.lat},           {"lon", a.lon},         {"ban_id", a.ban_id}};
}

boost::json::object TilesJson(const TileSettings& t) {
    return {{"source", TileSourceName(t.source)},
            {"url", t.url},
            {"attribution", t.attribution},
            {"ign_plan", {{"url", kIgnPlanUrl}, {"attribution", kIgnPlanAttribution}}},
            {"version", t.version}};
}

Response TilesResponse(const TileSettings& t) {
    Response r = Response::Json(200, TilesJson(t));
    guichet::http::SetVersion(r, t.version);
    return r;
}

}  // namespace

void RegisterRoutes(guichet::http::Router& router, AddressService& addresses,
                    MapTilesService& tiles, tenancy::TenancyService& tenancy,
                    identity::http::Authenticator& auth) {
    router.Add(
        Method::kGet, "/api/v1/public/addresses",
        [&](Request& req) -> Result<Response> {
            GUICHET_TRY(tenant_id, identity::http::CallerTenant(
                                       req, tenancy, auth, identity::Permission::kKnowledgeRead));
            std::size_t limit = kMaxSuggestions;
            if (const std::string text = req.Query("limit"); !text.empty()) {
                auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
                if (ec != std::errc() || end != text.data() + text.size() || limit < 1 ||
                    limit > kMaxSuggestions)
                    return BadParameter("Le paramètre « limit » doit être un entier de 1 à " +
                                        std::to_string(kMaxSuggestions) + ".");
            }
            GUICHET_TRY(found, addresses.Suggest(tenant_id, req.Query("q"), limit));
            boost::json::array items;
            for (const auto& a : found) items.push_back(AddressJson(a));
            return Response::Json(200, boost::json::object{{"items", std::move(items)}});
        },
        {.rate = RateClass::kPublicLookup});

    router.Add(
        Method::kGet, "/api/v1/public/addresses/reverse",
        [&](Request& req) -> Result<Response> {
            GUICHET_TRY(tenant_id, identity::http::CallerTenant(
                                       req, tenancy, auth, identity::Permission::kKnowledgeRead));
            GUICHET_TRY(lat, guichet::http::DecimalParam(req, "lat"));
            GUICHET_TRY(lon, guichet::http::DecimalParam(req, "lon"));
            GUICHET_TRY(near, addresses.Reverse(tenant_id, lat, lon));
            boost::json::value address = nullptr;
            boost::json::value distance = nullptr;
            if (near) {
                address = AddressJson(near->address);
                distance = static_cast<int64_t>(std::lround(near->distance_m));
            }
            return Response::Json(200, boost::json::object{{"lat", lat},
                                                           {"lon", lon},
                                                           {"address", std::move(address)},
                                                           {"distance_m", std::move(distance)}});
        },
        {.rate = RateClass::kPublicLookup});

    router.Add(Method::kGet, "/api/v1/addresses/status", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeRead));
        GUICHET_TRY(status, addresses.Status(principal.tenant_id));
        boost::json::value at = nullptr;
        if (status.imported_at) at = FormatIsoUtc(*status.imported_at);
        return Response::Json(
            200, boost::json::object{{"addresses", static_cast<int64_t>(status.addresses)},
                                     {"streets", static_cast<int64_t>(status.streets)},
                                     {"imported_at", std::move(at)},
                                     {"source", status.source}});
    });

    router.Add(Method::kGet, "/api/v1/map/tiles", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
        GUICHET_TRY(chosen, tiles.Get(principal.tenant_id));
        return TilesResponse(chosen);
    });

    router.Add(Method::kPut, "/api/v1/map/tiles", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kKnowledgeManage));
        GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, "le fond de carte"));
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(source, json::RequiredString(body, "source"));
        GUICHET_TRY(url, json::OptionalString(body, "url"));
        GUICHET_TRY(attribution, json::OptionalString(body, "attribution"));
        TileSettings in;
        if (source == "ign-plan") {
            in.source = TileSource::kIgnPlan;
        } else if (source == "custom") {
            in.source = TileSource::kCustom;
        } else if (source != "none") {
            return Invalid("La source des tuiles doit être « none », « ign-plan » ou « custom ».");
        }
        in.url = url.value_or("");
        in.attribution = attribution.value_or("");
        GUICHET_TRY(saved, tiles.Set(principal.tenant_id, in, expected));
        return TilesResponse(saved);
    });
}

}  // namespace guichet::addresses::http
