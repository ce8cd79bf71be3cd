// The addresses module's domain types: an address of the Base Adresse Nationale (BAN) as the
// portal shows it, a suggestion of the autocomplete, the outcome of an import, and the map's tile
// source a tenant chose.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace guichet::addresses {

// One address: a numbered position on a street ("12 bis rue de la Mairie"), or a whole street
// when `number` is empty (its position is then the mean of its numbered positions).
struct Address {
    std::string number;    // "12", "12 bis", "" for a street.
    std::string street;    // "Rue de la Mairie", as the BAN writes it.
    std::string postcode;  // "92340"
    std::string commune;   // "Villebelle"
    std::string insee;     // "92999": the commune's INSEE code.
    double lat = 0;
    double lon = 0;
    std::string ban_id;  // The BAN's id of the address ("92999_0120_00012_bis"); "" for a street.

    // "12 bis rue de la Mairie, 92340 Villebelle": what the address field receives.
    std::string Label() const;
};

// An address near a point, with its distance.
struct NearAddress {
    Address address;
    double distance_m = 0;
};

// A bad line of a BAN file: its 1-based line number and the reason, in French.
struct ImportLineError {
    std::size_t line = 0;
    std::string message;
};

struct AddressImportReport {
    std::size_t lines = 0;     // Data lines read (the header excluded).
    std::size_t imported = 0;  // Numbered addresses written.
    std::size_t streets = 0;   // Streets and lieux-dits written.
    std::size_t filtered = 0;  // Lines of other communes left out (tenant's communes set).
    std::size_t refused = 0;   // Bad lines skipped.
    // The first kMaxReportedErrors bad lines; `refused` counts them all.
    std::vector<ImportLineError> errors;
};

inline constexpr std::size_t kMaxReportedErrors = 50;

// Where the maps' background comes from. kNone: no tiles, the outline map (neighbourhoods and
// places on a plain background); nothing is fetched from a third party.
enum class TileSource { kNone, kIgnPlan, kCustom };

struct TileSettings {
    TileSource source = TileSource::kNone;
    std::string url;          // The URL template ({z}, {x}, {y}); empty for kNone.
    std::string attribution;  // Shown under the map.
    int64_t version = 1;      // 1 until the first choice, raised by each (core/versions.hpp).
};

// The Géoplateforme's « Plan IGN » raster tiles (WMTS served as XYZ), open without a key.
inline constexpr const char* kIgnPlanUrl =
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&FORMAT=image/png"
    "&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}";
inline constexpr const char* kIgnPlanAttribution = "© IGN";

}  // namespace guichet::addresses
