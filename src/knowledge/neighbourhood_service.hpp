// NeighbourhoodService: the tenant's neighbourhoods (quartiers), imported from GeoJSON, and the
// question "which neighbourhood is this point in?".
//
// Neighbourhoods are only imported (an administration draws them in a GIS, not in Guichet): a
// GeoJSON FeatureCollection whose features carry a Polygon or MultiPolygon and a name property.
// Each feature is checked before anything is written; a refused feature is reported with its
// index in `features` and the reason; the good ones are written in one transaction, created or
// replaced by their id. Reads are scoped by tenant. An import that wrote features publishes
// the change on changes(). Neighbourhoods are not edited from the console (only imported), so
// they carry no version.
// Thread-safety: safe from any worker thread; calls block.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "knowledge/changes.hpp"
#include "knowledge/knowledge.hpp"
#include "storage/database.hpp"

namespace guichet::knowledge {

// Which properties of a feature give its name and its id.
struct NeighbourhoodImportOptions {
    // Empty: the first of kNameProperties that a feature of the file carries as text.
    std::string name_property;
    // Empty: the feature's own `id`, else the first of kIdProperties it carries (text or
    // integer), else the name made into a slug ("Les Prés-Fleuris" -> "les-pres-fleuris").
    std::string id_property;
};

// Looked for in this order when no property is named; `l_qu` is the name in the quartiers
// administratifs of Paris open data.
inline constexpr std::string_view kNameProperties[] = {"name", "nom",     "NOM",          "Name",
                                                       "l_qu", "libelle", "nom_quartier", "l_ar"};
inline constexpr std::string_view kIdProperties[] = {"id", "code", "c_qu", "code_quartier"};

inline constexpr std::size_t kMaxNeighbourhoodFeatures = 2000;

class NeighbourhoodService {
  public:
    NeighbourhoodService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

    // By name.
    Result<std::vector<Neighbourhood>> List(std::string_view tenant_id);

    // The neighbourhood containing the point, nullopt when none does; when several overlap, the
    // smallest (a quartier drawn inside a larger district). A latitude outside -90..90 or a
    // longitude outside -180..180 is kInvalidArgument.
    Result<std::optional<Neighbourhood>> Locate(std::string_view tenant_id, double lat, double lon);

    // Imports a FeatureCollection. A text that is not JSON, not a FeatureCollection, has more
    // than kMaxNeighbourhoodFeatures features, or has no name property to be found is refused as
    // a whole (kInvalidArgument, type "invalid-file") and nothing is written. Otherwise refused
    // features are in report.errors with `feature` set, and the others are written.
    Result<ImportReport> Import(std::string_view tenant_id, std::string_view text,
                                const NeighbourhoodImportOptions& options = {});

    // Where committed changes are published.
    ChangeFeed& changes() { return changes_; }

  private:
    storage::Database& db_;
    const Clock& clock_;
    ChangeFeed changes_;
};

}  // namespace guichet::knowledge
