#include "addresses/map_tiles.hpp"

#include <set>

#include "core/versions.hpp"

namespace guichet::addresses {
namespace {

TileSource ParseSource(std::string_view s) {
    if (s == "ign-plan") return TileSource::kIgnPlan;
    if (s == "custom") return TileSource::kCustom;
    return TileSource::kNone;
}

}  // namespace

std::string_view TileSourceName(TileSource s) {
    switch (s) {
        case TileSource::kIgnPlan:
            return "ign-plan";
        case TileSource::kCustom:
            return "custom";
        case TileSource::kNone:
            break;
    }
    return "none";
}

std::string TileOrigin(std::string_view url) {
    std::size_t start = 0;
    if (url.starts_with("https://")) {
        start = 8;
    } else if (url.starts_with("http://")) {
        start = 7;
    } else {
        return {};
    }
    std::string origin(url.substr(0, url.find('/', start)));
    if (auto q = origin.find('?'); q != std::string::npos) origin.resize(q);
    // Leaflet's {s} picks a subdomain: the CSP names them with a wildcard.
    if (auto s = origin.find("{s}"); s != std::string::npos) origin.replace(s, 3, "*");
    return origin;
}

Result<MapTilesService::ConfiguredTiles> MapTilesService::TilesFor(std::string_view tenant_id) {
    GUICHET_TRY(chosen, Get(tenant_id));
    if (chosen.source != TileSource::kNone) return ConfiguredTiles{chosen.url, chosen.attribution};
    return configured_;
}

std::vector<std::string> MapTilesService::ConfiguredTileOrigins() const {
    if (!configured_.url.starts_with("https://")) return {};
    std::string origin = TileOrigin(configured_.url);
    if (origin.empty()) return {};
    return {origin};
}

Result<TileSettings> MapTilesService::Get(std::string_view tenant_id) {
    return db_.Read<TileSettings>([&](storage::Connection& c) -> Result<TileSettings> {
        GUICHET_TRY(row, c.QueryOne("SELECT source, url, attribution, version FROM "
                                    "map_tile_settings "
                                    "WHERE tenant_id = $1",
                                    {std::string(tenant_id)}));
        TileSettings s;
        if (!row) return s;
        s.source = ParseSource(row->Text(0));
        s.url = row->Text(1);
        s.attribution = row->Text(2);
        s.version = row->Int(3);
        return s;
    });
}

Result<TileSettings> MapTilesService::Set(std::string_view tenant_id, const TileSettings& in,
                                          std::optional<int64_t> expected_version) {
    TileSettings s;
    s.source = in.source;
    if (in.source == TileSource::kIgnPlan) {
        s.url = kIgnPlanUrl;
        s.attribution = kIgnPlanAttribution;
    } else if (in.source == TileSource::kCustom) {
        s.url = std::string(in.url);
        s.attribution = std::string(in.attribution);
        const std::string origin = TileOrigin(s.url);
        const bool local = origin.starts_with("http://127.0.0.1") ||
                           origin.starts_with("http://localhost") ||
                           origin.starts_with("http://[::1]");
        if (s.url.empty()) return Invalid("Indiquez l'adresse (URL) des tuiles.");
        if (s.url.size() > 500) return Invalid("L'adresse des tuiles dépasse 500 caractères.");
        if (origin.empty() || (!origin.starts_with("https://") && !local)) {
            return Invalid(
                "L'adresse des tuiles doit commencer par https:// (http:// n'est "
                "accepté que pour un serveur de cette machine).");
        }
        for (char ch : s.url) {
            const auto u = static_cast<unsigned char>(ch);
            if (u <= 0x20 || u >= 0x7f || ch == '"' || ch == '\'' || ch == ';' || ch == ',' ||
                ch == '\\' || ch == '<' || ch == '>' || ch == '*') {
                return Invalid(
                    "L'adresse des tuiles contient un caractère non permis (espace, "
                    "guillemet, point-virgule, virgule ou caractère non ASCII).");
            }
        }
        if (s.url.find("{z}") == std::string::npos || s.url.find("{x}") == std::string::npos ||
            s.url.find("{y}") == std::string::npos) {
            return Invalid("L'adresse des tuiles doit contenir {z}, {x} et {y}.");
        }
        if (origin.find('{') != std::string::npos && origin.find("*") == std::string::npos) {
            return Invalid("Seul {s} peut figurer dans le nom du serveur de tuiles.");
        }
        if (s.attribution.empty())
            return Invalid("Indiquez l'attribution des tuiles (par exemple « © IGN »).");
        if (s.attribution.size() > 200)
            return Invalid("L'attribution des tuiles dépasse 200 caractères.");
    }
    GUICHET_TRY(version, db_.Write<int64_t>([&](storage::Connection& c) -> Result<int64_t> {
        GUICHET_TRY(row, c.QueryOne("SELECT version FROM map_tile_settings WHERE tenant_id = $1",
                                    {std::string(tenant_id)}));
        const int64_t current = row ? row->Int(0) : 1;
        GUICHET_CHECK(CheckVersion(expected_version, current, "le fond de carte"));
        GUICHET_CHECK(c.Execute("DELETE FROM map_tile_settings WHERE tenant_id = $1",
                                {std::string(tenant_id)}));
        GUICHET_CHECK(c.Execute(
            "INSERT INTO map_tile_settings (tenant_id, source, url, attribution, updated_at, "
            "version) VALUES ($1, $2, $3, $4, $5, $6)",
            {std::string(tenant_id), std::string(TileSourceName(s.source)), s.url, s.attribution,
             ToUnixMillis(clock_.Now()), current + 1}));
        return current + 1;
    }));
    s.version = version;
    GUICHET_CHECK(LoadTileOrigins());
    return s;
}

Result<void> MapTilesService::LoadTileOrigins() {
    GUICHET_TRY(rows, db_.Read<std::vector<storage::Row>>([](storage::Connection& c) {
        return c.Query("SELECT DISTINCT url FROM map_tile_settings WHERE source <> 'none'");
    }));
    std::set<std::string> origins;
    for (const auto& r : rows)
        if (auto o = TileOrigin(r.Text(0)); !o.empty()) origins.insert(o);
    std::vector<std::string> list(origins.begin(), origins.end());
    std::lock_guard lock(origins_mutex_);
    if (list != origins_) {
        origins_ = std::move(list);
        generation_.fetch_add(1, std::memory_order_release);
    }
    return {};
}

std::vector<std::string> MapTilesService::TileOrigins() {
    std::lock_guard lock(origins_mutex_);
    return origins_;
}

}  // namespace guichet::addresses
