#include "addresses/address_service.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "addresses/address_text.hpp"
#include "addresses/ban_csv.hpp"
#include "addresses/line_source.hpp"
#include "core/ids.hpp"
#include "search/fold.hpp"

namespace guichet::addresses {
namespace {

constexpr storage::Migration kMigrations[] = {
    {1, "addresses of the Base Adresse Nationale, and the maps' tile source", R"sql(
CREATE TABLE address_imports (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  state TEXT NOT NULL,
  source TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  addresses BIGINT NOT NULL DEFAULT 0,
  streets BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX address_imports_tenant ON address_imports (tenant_id, state);
CREATE TABLE address_streets (
  import_id TEXT NOT NULL,
  street_no BIGINT NOT NULL,
  name TEXT NOT NULL,
  postcode TEXT NOT NULL,
  insee TEXT NOT NULL,
  commune TEXT NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (import_id, street_no)
);
CREATE TABLE address_words (
  import_id TEXT NOT NULL,
  word TEXT NOT NULL,
  loose TEXT NOT NULL,
  street_no BIGINT NOT NULL,
  in_name INTEGER NOT NULL,
  PRIMARY KEY (import_id, word, street_no)
);
CREATE INDEX address_words_loose ON address_words (import_id, loose);
CREATE TABLE address_points (
  import_id TEXT NOT NULL,
  street_no BIGINT NOT NULL,
  number BIGINT NOT NULL,
  rep TEXT NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  cell BIGINT NOT NULL,
  ban_id TEXT NOT NULL
);
CREATE INDEX address_points_street ON address_points (import_id, street_no, number);
CREATE INDEX address_points_cell ON address_points (import_id, cell);
CREATE TABLE map_tile_settings (
  tenant_id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  url TEXT NOT NULL,
  attribution TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
)sql"},
    {2, "map tile settings: version (optimistic concurrency, core/versions.hpp)", R"sql(
ALTER TABLE map_tile_settings ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
)sql"},
};

// The grid of the nearest-point search: cells of kCellDegrees (about 220 m north-south, 150 m
// east-west in metropolitan France), numbered row * kCellRowStride + column.
constexpr double kCellDegrees = 0.002;
constexpr int64_t kCellRowStride = 1'000'000;

int64_t CellRow(double lat) { return static_cast<int64_t>(std::floor((lat + 90) / kCellDegrees)); }
int64_t CellColumn(double lon) {
    return static_cast<int64_t>(std::floor((lon + 180) / kCellDegrees));
}
int64_t CellOf(double lat, double lon) { return CellRow(lat) * kCellRowStride + CellColumn(lon); }

// Equirectangular distance: exact enough within a few kilometres.
double DistanceMetres(double lat1, double lon1, double lat2, double lon2) {
    constexpr double kPi = 3.14159265358979323846;
    const double x = (lon2 - lon1) * std::cos((lat1 + lat2) / 2 * kPi / 180) * 111320.0;
    const double y = (lat2 - lat1) * 110540.0;
    return std::sqrt(x * x + y * y);
}

constexpr std::size_t kBatchRows = 5000;
constexpr std::size_t kMaxStreets = 2'000'000;

std::string NumberText(int64_t number, const std::string& rep) {
    return rep.empty() ? std::to_string(number) : std::to_string(number) + " " + rep;
}

}  // namespace

std::string Address::Label() const {
    std::string label = number.empty() ? street : number + " " + street;
    label += ", ";
    if (!postcode.empty()) label += postcode + " ";
    label += commune;
    return label;
}

std::span<const storage::Migration> AddressService::Migrations() { return kMigrations; }

Result<AddressImportReport> AddressService::ImportFile(std::string_view tenant_id,
                                                       const std::string& path,
                                                       const AddressImportOptions& options) {
    GUICHET_TRY(source, OpenLineFile(path));
    return Import(tenant_id, *source, std::filesystem::path(path).filename().string(), options);
}

Result<AddressImportReport> AddressService::ImportText(std::string_view tenant_id,
                                                       std::string_view text,
                                                       const AddressImportOptions& options) {
    auto source = LinesOfText(text);
    return Import(tenant_id, *source, "texte", options);
}

Result<AddressImportReport> AddressService::Import(std::string_view tenant_id, LineSource& source,
                                                   const std::string& source_name,
                                                   const AddressImportOptions& options) {
    std::string line;
    bool too_long = false;
    GUICHET_TRY(has_header, source.Next(line, too_long));
    if (!has_header || too_long) {
        return Fail(ErrorCode::kInvalidArgument,
                    "Le fichier est vide ou sa première ligne n'est pas un en-tête de la Base "
                    "Adresse Nationale.",
                    "no BAN header", "invalid-file");
    }
    GUICHET_TRY(header, BanHeader::Parse(line));

    const std::set<std::string> communes(options.communes.begin(), options.communes.end());
    const std::string import_id = NewId(clock_.Now());
    // Leftovers of an import that did not finish (the process stopped) go first.
    GUICHET_CHECK(db_.Transaction([&](storage::Connection& c) -> Result<void> {
        GUICHET_TRY(stale, c.Query("SELECT id FROM address_imports WHERE tenant_id = $1 AND "
                                   "state <> 'active'",
                                   {std::string(tenant_id)}));
        for (const auto& row : stale) {
            for (const char* table : {"address_points", "address_words", "address_streets"}) {
                GUICHET_CHECK(c.Execute(
                    std::string("DELETE FROM ") + table + " WHERE import_id = $1", {row.Text(0)}));
            }
            GUICHET_CHECK(c.Execute("DELETE FROM address_imports WHERE id = $1", {row.Text(0)}));
        }
        GUICHET_CHECK(c.Execute(
            "INSERT INTO address_imports (id, tenant_id, state, source, started_at) "
            "VALUES ($1, $2, 'loading', $3, $4)",
            {import_id, std::string(tenant_id), source_name, ToUnixMillis(clock_.Now())}));
        return {};
    }));
    auto drop = [&] {
        (void)db_.Transaction([&](storage::Connection& c) -> Result<void> {
            for (const char* table : {"address_points", "address_words", "address_streets"})
                GUICHET_CHECK(c.Execute(
                    std::string("DELETE FROM ") + table + " WHERE import_id = $1", {import_id}));
            return c.Execute("DELETE FROM address_imports WHERE id = $1", {import_id})
                .map([](int64_t) {});
        });
    };

    struct Street {
        int64_t no = 0;
        std::string name, postcode, insee, commune;
        double sum_lat = 0, sum_lon = 0;
        int64_t count = 0;
    };
    std::unordered_map<std::string, Street> streets;
    struct Point {
        int64_t street_no, number;
        std::string rep;
        double lat, lon;
        std::string ban_id;
    };
    std::vector<Point> batch;
    batch.reserve(kBatchRows);
    AddressImportReport report;
    auto flush = [&]() -> Result<void> {
        if (batch.empty()) return {};
        GUICHET_CHECK(db_.Transaction([&](storage::Connection& c) -> Result<void> {
            for (const Point& p : batch) {
                GUICHET_CHECK(c.Execute(
                    "INSERT INTO address_points (import_id, street_no, number, rep, lat, lon, "
                    "cell, ban_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    {import_id, p.street_no, p.number, p.rep, p.lat, p.lon, CellOf(p.lat, p.lon),
                     p.ban_id}));
            }
            return {};
        }));
        batch.clear();
        return {};
    };
    auto refuse = [&](std::size_t line_no, std::string message) {
        ++report.refused;
        if (report.errors.size() < kMaxReportedErrors)
            report.errors.push_back({line_no, std::move(message)});
    };

    std::size_t line_no = 1;
    std::uint64_t last_progress = 0;
    Result<void> outcome = [&]() -> Result<void> {
        while (true) {
            GUICHET_TRY(more, source.Next(line, too_long));
            if (!more) break;
            ++line_no;
            if (too_long) {
                ++report.lines;
                refuse(line_no, "ligne de plus de " + std::to_string(kMaxBanLineBytes) + " octets");
                continue;
            }
            if (line.find_first_not_of(" \r\n") == std::string::npos) continue;  // Blank line.
            ++report.lines;
            auto row = header.ParseLine(line);
            if (!row) {
                refuse(line_no, row.error().message);
                continue;
            }
            if (!communes.empty() && !communes.contains(row->insee) &&
                !communes.contains(row->postcode)) {
                ++report.filtered;
                continue;
            }
            std::string key = row->insee + "|" +
                              (row->street_id.empty() ? row->street : row->street_id) + "|" +
                              row->postcode;
            auto [it, fresh] = streets.try_emplace(std::move(key));
            Street& s = it->second;
            if (fresh) {
                if (streets.size() > kMaxStreets) {
                    return Fail(ErrorCode::kInvalidArgument,
                                "Le fichier compte plus de " + std::to_string(kMaxStreets) +
                                    " voies : importez-le par département.",
                                "too many streets", "invalid-file");
                }
                s.no = static_cast<int64_t>(streets.size());
                s.name = row->street;
                s.postcode = row->postcode;
                s.insee = row->insee;
                s.commune = row->commune;
            }
            s.sum_lat += row->lat;
            s.sum_lon += row->lon;
            ++s.count;
            if (row->number) {
                batch.push_back(
                    {s.no, *row->number, row->rep, row->lat, row->lon, std::move(row->id)});
                ++report.imported;
                if (batch.size() >= kBatchRows) GUICHET_CHECK(flush());
            }
            if (options.progress && source.Done() - last_progress >= (1u << 20)) {
                last_progress = source.Done();
                options.progress(last_progress, source.Total());
            }
        }
        GUICHET_CHECK(flush());
        if (report.refused > 10 && report.refused * 100 > report.lines) {
            return Fail(ErrorCode::kInvalidArgument,
                        std::to_string(report.refused) + " lignes sur " +
                            std::to_string(report.lines) +
                            " sont incorrectes (plus de 1 %) : l'import est abandonné et les "
                            "adresses précédentes restent en place.",
                        "too many bad lines", "too-many-bad-lines");
        }
        if (report.imported == 0 && streets.empty()) {
            return Fail(ErrorCode::kInvalidArgument,
                        communes.empty()
                            ? "Le fichier ne contient aucune adresse : les adresses précédentes "
                              "restent en place."
                            : "Aucune adresse du fichier n'est dans les communes de la "
                              "collectivité : les adresses précédentes restent en place.",
                        "no address", "no-address");
        }
        // The streets and their words, then the switch, each in short transactions.
        std::vector<const Street*> ordered;
        ordered.reserve(streets.size());
        for (const auto& [key, s] : streets) ordered.push_back(&s);
        for (std::size_t i = 0; i < ordered.size(); i += kBatchRows / 4) {
            GUICHET_CHECK(db_.Transaction([&](storage::Connection& c) -> Result<void> {
                for (std::size_t j = i; j < std::min(ordered.size(), i + kBatchRows / 4); ++j) {
                    const Street& s = *ordered[j];
                    GUICHET_CHECK(c.Execute(
                        "INSERT INTO address_streets (import_id, street_no, name, postcode, "
                        "insee, commune, lat, lon) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                        {import_id, s.no, s.name, s.postcode, s.insee, s.commune,
                         s.sum_lat / static_cast<double>(s.count),
                         s.sum_lon / static_cast<double>(s.count)}));
                    std::vector<std::string> name_words = IndexWords(s.name);
                    for (const auto& w : name_words) {
                        GUICHET_CHECK(c.Execute(
                            "INSERT INTO address_words (import_id, word, loose, street_no, "
                            "in_name) VALUES ($1, $2, $3, $4, 1)",
                            {import_id, w, LooseKey(w), s.no}));
                    }
                    for (const auto& w : IndexWords(s.commune)) {
                        if (std::find(name_words.begin(), name_words.end(), w) != name_words.end())
                            continue;
                        GUICHET_CHECK(c.Execute(
                            "INSERT INTO address_words (import_id, word, loose, street_no, "
                            "in_name) VALUES ($1, $2, $3, $4, 0)",
                            {import_id, w, LooseKey(w), s.no}));
                    }
                }
                return {};
            }));
        }
        report.streets = streets.size();
        std::vector<std::string> previous;
        GUICHET_CHECK(db_.Transaction([&](storage::Connection& c) -> Result<void> {
            GUICHET_TRY(rows, c.Query("SELECT id FROM address_imports WHERE tenant_id = $1 AND "
                                      "state = 'active'",
                                      {std::string(tenant_id)}));
            for (const auto& r : rows) previous.push_back(r.Text(0));
            GUICHET_CHECK(
                c.Execute("UPDATE address_imports SET state = 'replaced' WHERE "
                          "tenant_id = $1 AND state = 'active'",
                          {std::string(tenant_id)}));
            GUICHET_CHECK(c.Execute(
                "UPDATE address_imports SET state = 'active', finished_at = $2, addresses = $3, "
                "streets = $4 WHERE id = $1",
                {import_id, ToUnixMillis(clock_.Now()), static_cast<int64_t>(report.imported),
                 static_cast<int64_t>(report.streets)}));
            return {};
        }));
        // The previous addresses are no longer read; deleting them is housekeeping (a failure
        // here leaves rows that the next import removes).
        for (const auto& old : previous) {
            (void)db_.Transaction([&](storage::Connection& c) -> Result<void> {
                for (const char* table : {"address_points", "address_words", "address_streets"})
                    GUICHET_CHECK(c.Execute(
                        std::string("DELETE FROM ") + table + " WHERE import_id = $1", {old}));
                return c.Execute("DELETE FROM address_imports WHERE id = $1", {old})
                    .map([](int64_t) {});
            });
        }
        return {};
    }();
    if (!outcome) {
        drop();
        return Fail(outcome.error());
    }
    if (options.progress) options.progress(source.Total(), source.Total());
    return report;
}

Result<std::optional<std::string>> AddressService::ActiveImport(storage::Connection& c,
                                                                std::string_view tenant_id) {
    GUICHET_TRY(row, c.QueryOne("SELECT id FROM address_imports WHERE tenant_id = $1 AND "
                                "state = 'active'",
                                {std::string(tenant_id)}));
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(row->Text(0));
}

Result<AddressIndexStatus> AddressService::Status(std::string_view tenant_id) {
    return db_.Read<AddressIndexStatus>([&](storage::Connection& c) -> Result<AddressIndexStatus> {
        GUICHET_TRY(row, c.QueryOne("SELECT addresses, streets, finished_at, source FROM "
                                    "address_imports WHERE tenant_id = $1 AND state = 'active'",
                                    {std::string(tenant_id)}));
        AddressIndexStatus s;
        if (!row) return s;
        s.addresses = static_cast<std::size_t>(row->Int(0));
        s.streets = static_cast<std::size_t>(row->Int(1));
        s.imported_at = row->OptTime(2);
        s.source = row->Text(3);
        return s;
    });
}

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
