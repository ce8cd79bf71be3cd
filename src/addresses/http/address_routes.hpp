// HTTP side of the addresses module: the portal's address autocomplete and reverse geocoding
// (public, bounded, rate-limited as public look-ups), and the tenant's choice of map tiles
// (console, places managers).
//
//   GET /api/v1/public/addresses?q=…&limit=…          up to 10 addresses for what was typed
//   GET /api/v1/public/addresses/reverse?lat=…&lon=…  the nearest address within 1 km, or null
//   GET /api/v1/addresses/status                      the tenant's index (count, date, file)
//   GET /api/v1/map/tiles                             the tenant's tile source
//   PUT /api/v1/map/tiles                             {source: none|ign-plan|custom, url,
//   attribution}
//
// Public routes resolve the tenant like the other public endpoints (a signed-in agent's own
// tenant, else the Host name or ?tenant=slug).
#pragma once

#include "addresses/address_service.hpp"
#include "addresses/map_tiles.hpp"
#include "http/router.hpp"
#include "identity/http/authenticator.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::addresses::http {

void RegisterRoutes(guichet::http::Router& router, AddressService& addresses,
                    MapTilesService& tiles, tenancy::TenancyService& tenancy,
                    identity::http::Authenticator& auth);

}  // namespace guichet::addresses::http
