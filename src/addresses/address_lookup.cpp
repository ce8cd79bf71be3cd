// AddressService, the look-ups of the active import (declared in address_service.hpp): the
// autocomplete (Suggest) and the nearest address to a point (Reverse, over the grid cells of
// address_grid.hpp).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "addresses/address_grid.hpp"
#include "addresses/address_service.hpp"
#include "addresses/address_text.hpp"
#include "addresses/ban_csv.hpp"
#include "addresses/line_source.hpp"
#include "core/ids.hpp"
#include "search/fold.hpp"

namespace guichet::addresses {

using namespace detail;  // NOLINT(google-build-using-namespace): the module's own grid.

Result<std::vector<Address>> AddressService::Suggest(std::string_view tenant_id,
                                                     std::string_view query, std::size_t limit) {
    if (query.size() > kMaxQueryBytes) {
        return BadParameter("La recherche d'adresse est limitée à " +
                            std::to_string(kMaxQueryBytes) + " caractères.");
    }
    limit = std::clamp<std::size_t>(limit, 1, kMaxSuggestions);
    const AddressQuery q = ParseQuery(query);
    if (q.words.empty()) return std::vector<Address>();
    return db_.Read<std::vector<Address>>([&](storage::Connection& c)
                                              -> Result<std::vector<Address>> {
        GUICHET_TRY(active, ActiveImport(c, tenant_id));
        if (!active) return std::vector<Address>();
        // Candidate streets: every word matches a word of the street or its commune, as a
        // prefix; then, with none, by loose keys.
        auto candidates = [&](bool loose) -> Result<std::vector<storage::Row>> {
            std::string sql;
            storage::Params params{*active};
            for (const auto& w : q.words) {
                const std::string key = loose ? LooseKey(w) : w;
                if (key.empty()) continue;
                if (!sql.empty()) sql += " INTERSECT ";
                const std::string column = loose ? "loose" : "word";
                params.push_back(key);
                sql += "SELECT street_no FROM address_words WHERE import_id = $1 AND " + column +
                       " >= $" + std::to_string(params.size());
                params.push_back(PrefixEnd(key));
                sql += " AND " + column + " < $" + std::to_string(params.size());
            }
            if (sql.empty()) return std::vector<storage::Row>();
            std::string full =
                "SELECT s.street_no, s.name, s.postcode, s.insee, s.commune, s.lat, s.lon FROM "
                "address_streets s WHERE s.import_id = $1 AND s.street_no IN (" +
                sql + ")";
            if (q.postcode) {
                params.push_back(*q.postcode);
                full += " AND s.postcode = $" + std::to_string(params.size());
            }
            full += " LIMIT 400";
            return c.Query(full, params);
        };
        GUICHET_TRY(rows, candidates(false));
        if (rows.empty()) {
            GUICHET_TRY(fuzzy, candidates(true));
            rows = std::move(fuzzy);
        }
        struct Ranked {
            const storage::Row* row;
            int score;
            std::size_t name_size;
        };
        std::vector<Ranked> ranked;
        for (const auto& r : rows) {
            const std::vector<std::string> name = IndexWords(r.Text(1));
            const std::vector<std::string> commune = IndexWords(r.Text(4));
            int score = 0;
            for (std::size_t i = 0; i < q.words.size(); ++i) {
                const std::string& w = q.words[i];
                if (std::find(name.begin(), name.end(), w) != name.end()) {
                    score += 3;
                } else if (std::any_of(name.begin(), name.end(),
                                       [&](const std::string& n) { return n.starts_with(w); })) {
                    score += 2;
                } else if (std::any_of(commune.begin(), commune.end(),
                                       [&](const std::string& n) { return n.starts_with(w); })) {
                    score += 1;
                }
            }
            // The street's own name starts with what was typed first ("mairie" for "Place de
            // la Mairie" does not; "place" does).
            if (!name.empty() && name.front().starts_with(q.words.front())) score += 1;
            ranked.push_back({&r, score, r.Text(1).size()});
        }
        std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
            if (a.score != b.score) return a.score > b.score;
            if (a.name_size != b.name_size) return a.name_size < b.name_size;
            return a.row->Text(1) < b.row->Text(1);
        });
        auto street_address = [](const storage::Row& r) {
            Address a;
            a.street = r.Text(1);
            a.postcode = r.Text(2);
            a.insee = r.Text(3);
            a.commune = r.Text(4);
            a.lat = r.Real(5);
            a.lon = r.Real(6);
            return a;
        };
        std::vector<Address> numbered, plain;
        for (const Ranked& r : ranked) {
            if (numbered.size() >= limit) break;
            bool has_number = false;
            if (q.number) {
                GUICHET_TRY(points,
                            c.Query("SELECT number, rep, lat, lon, ban_id FROM address_points "
                                    "WHERE import_id = $1 AND street_no = $2 AND number = $3 "
                                    "ORDER BY rep",
                                    {*active, r.row->Int(0), static_cast<int64_t>(*q.number)}));
                for (const auto& p : points) {
                    if (!q.suffix.empty() &&
                        search::FoldedWords(p.Text(1)) != std::vector<std::string>{q.suffix})
                        continue;
                    Address a = street_address(*r.row);
                    a.number = NumberText(p.Int(0), p.Text(1));
                    a.lat = p.Real(2);
                    a.lon = p.Real(3);
                    a.ban_id = p.Text(4);
                    numbered.push_back(std::move(a));
                    has_number = true;
                    if (numbered.size() >= limit) break;
                }
            }
            if (!has_number && plain.size() < limit) plain.push_back(street_address(*r.row));
        }
        // Numbered addresses first, then the streets that have no address with the number typed
        // (or all when none was): the person picks the street and completes the number.
        for (auto& a : plain) {
            if (numbered.size() >= limit) break;
            numbered.push_back(std::move(a));
        }
        return numbered;
    });
}

Result<std::optional<NearAddress>> AddressService::Reverse(std::string_view tenant_id, double lat,
                                                           double lon) {
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
        return BadParameter(
            "La position doit avoir une latitude entre -90 et 90 et une "
            "longitude entre -180 et 180.");
    }
    return db_.Read<std::optional<NearAddress>>(
        [&](storage::Connection& c) -> Result<std::optional<NearAddress>> {
            GUICHET_TRY(active, ActiveImport(c, tenant_id));
            if (!active) return std::optional<NearAddress>();
            const int64_t row0 = CellRow(lat), col0 = CellColumn(lon);
            // The smallest cell side in metres at this latitude: a point found within `radius`
            // cells at a distance under radius × side is the nearest of all.
            const double side =
                std::min(kCellDegrees * 110540.0,
                         kCellDegrees * 111320.0 * std::cos(lat * 3.14159265358979323846 / 180));
            std::optional<NearAddress> best;
            for (int radius = 1; radius <= 8; radius *= 2) {
                // One index range per row of cells: (import_id, cell) BETWEEN the row's first and
                // last cell. (A single statement ORing the ranges made SQLite read the whole
                // import.)
                std::vector<storage::Row> points;
                for (int64_t r = row0 - radius; r <= row0 + radius; ++r) {
                    GUICHET_TRY(
                        found,
                        c.Query(
                            "SELECT p.number, p.rep, p.lat, p.lon, p.ban_id, s.name, s.postcode, "
                            "s.insee, s.commune FROM address_points p JOIN address_streets s ON "
                            "s.import_id = p.import_id AND s.street_no = p.street_no WHERE "
                            "p.import_id = $1 AND p.cell BETWEEN $2 AND $3",
                            {*active, r * kCellRowStride + col0 - radius,
                             r * kCellRowStride + col0 + radius}));
                    for (auto& row : found) points.push_back(std::move(row));
                }
                for (const auto& p : points) {
                    const double d = DistanceMetres(lat, lon, p.Real(2), p.Real(3));
                    if (best && best->distance_m <= d) continue;
                    NearAddress near;
                    near.distance_m = d;
                    near.address.number = NumberText(p.Int(0), p.Text(1));
                    near.address.lat = p.Real(2);
                    near.address.lon = p.Real(3);
                    near.address.ban_id = p.Text(4);
                    near.address.street = p.Text(5);
                    near.address.postcode = p.Text(6);
                    near.address.insee = p.Text(7);
                    near.address.commune = p.Text(8);
                    best = std::move(near);
                }
                if (best && best->distance_m <= radius * side) break;
            }
            if (best && best->distance_m > kMaxReverseDistanceMetres) best.reset();
            return best;
        });
}

}  // namespace guichet::addresses
