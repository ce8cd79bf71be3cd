#include "knowledge/http/map_routes.hpp"

#include "http/query_params.hpp"
#include "identity/http/caller_tenant.hpp"

namespace guichet::knowledge::http {

using guichet::http::Method;
using guichet::http::Request;
using guichet::http::Response;

namespace {

boost::json::value BoundsJson(const BoundingBox& box) {
    if (box.Empty()) return nullptr;
    return boost::json::object{
        {"south", box.south}, {"west", box.west}, {"north", box.north}, {"east", box.east}};
}

boost::json::value NeighbourhoodRef(const std::optional<Neighbourhood>& n) {
    if (!n) return nullptr;
    return boost::json::object{{"id", n->id}, {"external_id", n->external_id}, {"name", n->name}};
}

}  // namespace

void RegisterMapRoutes(guichet::http::Router& router, tenancy::TenancyService& tenancy,
                       PlaceService& places, NeighbourhoodService& neighbourhoods,
                       identity::http::Authenticator& auth, TilesOf tiles_of) {
    router.Add(
        Method::kGet, "/api/v1/public/map",
        [&tenancy, &places, &neighbourhoods, &auth, tiles_of](Request& req) -> Result<Response> {
            GUICHET_TRY(tenant_id, identity::http::CallerTenant(
                                       req, tenancy, auth, identity::Permission::kKnowledgeRead));
            GUICHET_TRY(areas, neighbourhoods.List(tenant_id));
            GUICHET_TRY(all_places, places.List(tenant_id));
            BoundingBox bounds;
            boost::json::array area_items;
            for (const Neighbourhood& n : areas) {
                bounds.Add(n.bounds);
                area_items.push_back({{"id", n.id},
                                      {"external_id", n.external_id},
                                      {"name", n.name},
                                      {"geometry", GeometryToGeoJson(n.geometry)}});
            }
            boost::json::array place_items;
            for (const Place& p : all_places) {
                if (!p.lat || !p.lon) continue;
                bounds.Add(LonLat{*p.lon, *p.lat});
                place_items.push_back({{"id", p.id},
                                       {"name", p.name},
                                       {"type", p.type},
                                       {"lat", *p.lat},
                                       {"lon", *p.lon}});
            }
            GUICHET_TRY(tiles, tiles_of(tenant_id));
            boost::json::value tile_layer = nullptr;
            if (!tiles.url.empty())
                tile_layer =
                    boost::json::object{{"url", tiles.url}, {"attribution", tiles.attribution}};
            Response r =
                Response::Json(200, boost::json::object{{"bounds", BoundsJson(bounds)},
                                                        {"tiles", std::move(tile_layer)},
                                                        {"neighbourhoods", std::move(area_items)},
                                                        {"places", std::move(place_items)}});
            // Short: a tile source chosen in the console shows within a minute.
            r.Set("Cache-Control", "public, max-age=60");
            return r;
        });

    router.Add(
        Method::kGet, "/api/v1/public/map/locate",
        [&tenancy, &neighbourhoods, &auth](Request& req) -> Result<Response> {
            GUICHET_TRY(tenant_id, identity::http::CallerTenant(
                                       req, tenancy, auth, identity::Permission::kKnowledgeRead));
            GUICHET_TRY(lat, guichet::http::DecimalParam(req, "lat"));
            GUICHET_TRY(lon, guichet::http::DecimalParam(req, "lon"));
            GUICHET_TRY(found, neighbourhoods.Locate(tenant_id, lat, lon));
            return Response::Json(
                200, boost::json::object{
                         {"lat", lat}, {"lon", lon}, {"neighbourhood", NeighbourhoodRef(found)}});
        });
}

}  // namespace guichet::knowledge::http
