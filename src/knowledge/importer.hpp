// Importer: the one place that dispatches an import on its kind (services, places, events,
// articles, neighbourhoods). The command line (`guichet import KIND`) and the HTTP route
// (POST /api/v1/import/{kind}) both call it; each renders the ImportReport its own way.
//
// Contract: Import() refuses an unknown kind with kNotFound and a French message listing the
// kinds, and otherwise returns what the owning service returns (rows refused are in the report,
// not an error). The answer cache and the audit trail are the caller's (the route's) business.
// Thread-safety: holds references only; as safe as the services it calls (all are). It borrows
// no connection itself, so it may be called from any thread that holds none.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "knowledge/article_service.hpp"
#include "knowledge/event_service.hpp"
#include "knowledge/knowledge.hpp"
#include "knowledge/neighbourhood_service.hpp"
#include "knowledge/place_service.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::knowledge {

enum class ImportKind { kServices, kPlaces, kEvents, kArticles, kNeighbourhoods };

// The kinds as they are named on the command line and in the route ("services"...).
inline constexpr std::array<std::string_view, 5> kImportKinds = {"services", "places", "events",
                                                                 "articles", "neighbourhoods"};

std::optional<ImportKind> ParseImportKind(std::string_view name);

struct ImportOptions {
    // Who the imported articles are written by (their versions' author).
    Author author{std::nullopt, "import"};
    // Neighbourhoods: which GeoJSON properties give the name and the identifier.
    NeighbourhoodImportOptions geojson;
    // Articles: called as rows are written (the command line draws a bar).
    Progress progress;
};

class Importer {
  public:
    Importer(tenancy::TenancyService& tenancy, ArticleService& articles, PlaceService& places,
             EventService& events, NeighbourhoodService& neighbourhoods)
        : tenancy_(tenancy),
          articles_(articles),
          places_(places),
          events_(events),
          neighbourhoods_(neighbourhoods) {}

    // Imports `text` (JSON, JSON lines for articles, GeoJSON for neighbourhoods) into
    // `tenant_id`'s data. `kind` as in kImportKinds.
    Result<ImportReport> Import(std::string_view kind, std::string_view tenant_id,
                                std::string_view text, const ImportOptions& options = {});
    Result<ImportReport> Import(ImportKind kind, std::string_view tenant_id, std::string_view text,
                                const ImportOptions& options = {});

  private:
    tenancy::TenancyService& tenancy_;
    ArticleService& articles_;
    PlaceService& places_;
    EventService& events_;
    NeighbourhoodService& neighbourhoods_;
};

}  // namespace guichet::knowledge
