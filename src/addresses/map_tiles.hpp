// MapTilesService: where a tenant's maps take their background from (TileSettings): none by
// default — the outline map, and no third party is called — the IGN Géoplateforme's « Plan IGN »,
// or a tile server of its own; and the origins those choices add to the server's
// Content-Security-Policy (docs/adr/0020-address-index-and-tile-source.md). Its table,
// map_tile_settings, is in the addresses module's migration.
// The tenant's choice has a version (1 before the first choice; TileSettings::version): Set takes
// the version it was made from and compares it inside its write transaction (CheckVersion).
// Thread-safety: safe from any thread; Get/Set/LoadTileOrigins block (database), TileOrigins and
// TileOriginsGeneration do not. None may be called inside another lease of the same Database.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "addresses/address.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/database.hpp"

namespace guichet::addresses {

class MapTilesService {
  public:
    // The tiles of the server's configuration (map_tile_url, map_tile_attribution): what a tenant
    // that chose none gets. Empty: the outline map.
    struct ConfiguredTiles {
        std::string url;
        std::string attribution;
    };
    MapTilesService(storage::Database& db, const Clock& clock, ConfiguredTiles configured = {})
        : db_(db), clock_(clock), configured_(std::move(configured)) {}

    // The maps' background for the tenant (kNone by default).
    Result<TileSettings> Get(std::string_view tenant_id);
    // Checks and stores the choice, made from version `expected_version` (nullopt: overwrite),
    // and returns it with the raised version; kFailedPrecondition "stale-version" when another
    // choice was stored since. kIgnPlan takes the Géoplateforme's URL and attribution;
    // kCustom needs an https:// URL template with {z}, {x} and {y} (http:// only for a server on
    // this machine: 127.0.0.1, localhost), without spaces, quotes, semicolons, commas or
    // asterisks (it is written into the Content-Security-Policy), at most 500 characters, and an
    // attribution (at most 200). A refused choice is kInvalidArgument and changes nothing.
    Result<TileSettings> Set(std::string_view tenant_id, const TileSettings& settings,
                             std::optional<int64_t> expected_version = std::nullopt);

    // The tiles the tenant's maps are drawn on: its choice (Get) when it made one, else those
    // of the configuration. The url is empty when neither names any (the outline map).
    Result<ConfiguredTiles> TilesFor(std::string_view tenant_id);
    // The origin of the configured tiles ("https://*.tile.example.org"), which the server's
    // Content-Security-Policy always allows; none unless the configured URL is https://.
    std::vector<std::string> ConfiguredTileOrigins() const;
    // Every origin ("https://data.geopf.fr") that some tenant's maps fetch tiles from, for the
    // server's Content-Security-Policy: what LoadTileOrigins read last (Set calls it). Never
    // touches the database, so the I/O threads may call it for every response.
    std::vector<std::string> TileOrigins();
    // A number raised each time LoadTileOrigins finds a different list of origins: the server
    // rebuilds its Content-Security-Policy only when it changes. Read it before TileOrigins.
    uint64_t TileOriginsGeneration() const { return generation_.load(std::memory_order_acquire); }
    // Reads the origins from the database (at startup, and after each change).
    Result<void> LoadTileOrigins();

  private:
    storage::Database& db_;
    const Clock& clock_;
    const ConfiguredTiles configured_;
    std::mutex origins_mutex_;
    std::vector<std::string> origins_;
    std::atomic<uint64_t> generation_{0};
};

// A tile source's name in the API and the table: "none", "ign-plan", "custom".
std::string_view TileSourceName(TileSource s);

// "https://data.geopf.fr" for a URL template ({s} becomes *); "" when it has no http(s) origin.
std::string TileOrigin(std::string_view url);

}  // namespace guichet::addresses
