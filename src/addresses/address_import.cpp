// AddressService, the import of a Base Adresse Nationale file (declared in address_service.hpp):
// read line by line, checked, written in batches under a new import that becomes the active one
// only once complete.
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

}  // namespace guichet::addresses
