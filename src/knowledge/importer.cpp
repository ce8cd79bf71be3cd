#include "knowledge/importer.hpp"

#include "knowledge/service_import.hpp"

namespace guichet::knowledge {

std::optional<ImportKind> ParseImportKind(std::string_view name) {
    if (name == "services") return ImportKind::kServices;
    if (name == "places") return ImportKind::kPlaces;
    if (name == "events") return ImportKind::kEvents;
    if (name == "articles") return ImportKind::kArticles;
    if (name == "neighbourhoods") return ImportKind::kNeighbourhoods;
    return std::nullopt;
}

Result<ImportReport> Importer::Import(std::string_view kind, std::string_view tenant_id,
                                      std::string_view text, const ImportOptions& options) {
    const auto parsed = ParseImportKind(kind);
    if (!parsed) {
        return Fail(ErrorCode::kNotFound,
                    "Type d'import inconnu : services, places, events, articles ou "
                    "neighbourhoods.",
                    "unknown import kind: " + std::string(kind));
    }
    return Import(*parsed, tenant_id, text, options);
}

Result<ImportReport> Importer::Import(ImportKind kind, std::string_view tenant_id,
                                      std::string_view text, const ImportOptions& options) {
    switch (kind) {
        case ImportKind::kServices:
            return ImportServices(tenancy_, tenant_id, text);
        case ImportKind::kPlaces:
            return places_.Import(tenant_id, text);
        case ImportKind::kEvents:
            return events_.Import(tenant_id, text);
        case ImportKind::kArticles:
            return articles_.ImportJsonLines(tenant_id, text, options.author, options.progress);
        case ImportKind::kNeighbourhoods:
            return neighbourhoods_.Import(tenant_id, text, options.geojson);
    }
    return Fail(ErrorCode::kInternal, "Type d'import inconnu.", "unhandled import kind");
}

}  // namespace guichet::knowledge
