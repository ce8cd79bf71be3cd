// HTTP side of the portal's maps: what a map of the tenant shows, and which neighbourhood a point
// is in. Public routes; the tenant is resolved like other public endpoints (a signed-in agent's
// own tenant, else the Host name or ?tenant=slug).
//
//   GET /api/v1/public/map                      bounds, tile layer (when configured),
//                                               neighbourhoods (name, GeoJSON geometry), places
//   GET /api/v1/public/map/locate?lat=…&lon=…   the neighbourhood holding the point, or null
//
// The map payload carries every geometry, so a browser can also tell the neighbourhood of a point
// on its own as the pin moves (web/ui/location_map.ts does, with the same even-odd rule);
// /locate is the server's answer, for API clients and for records.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "http/router.hpp"
#include "identity/http/authenticator.hpp"
#include "knowledge/neighbourhood_service.hpp"
#include "knowledge/place_service.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::knowledge::http {

// A raster tile layer an administration chose (the IGN's plan, its own tile server, or a provider
// it has an agreement with). Empty url: none, and maps draw neighbourhoods and places on a plain
// background so that no browser calls a third party by default
// (docs/adr/0013-maps-without-third-party- tiles.md).
struct MapTiles {
    std::string url;  // "https://tiles.example.fr/{z}/{x}/{y}.png" or a same-origin "/tiles/…".
    std::string attribution;
};

// The tile layer of a tenant's maps (the composition root answers: the tenant's choice in the
// console, else the server's configuration).
using TilesOf = std::function<Result<MapTiles>(std::string_view tenant_id)>;

void RegisterMapRoutes(guichet::http::Router& router, tenancy::TenancyService& tenancy,
                       PlaceService& places, NeighbourhoodService& neighbourhoods,
                       identity::http::Authenticator& auth, TilesOf tiles_of);

}  // namespace guichet::knowledge::http
