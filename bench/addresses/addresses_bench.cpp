// The address index at the scale of a département (bench/addresses_bench.sh drives it; see
// bench/README.md).
//
//   addresses_bench --dir DIR [--count N] [--queries Q]
//
// Writes a synthetic BAN file of N addresses (default 1,000,000: a large département) in DIR,
// imports it with AddressService::ImportFile into a fresh SQLite database (timed, with the peak
// resident memory), then measures, on Q queries each (default 500):
//   - autocomplete (AddressService::Suggest) on prefixes of existing addresses as people type
//     them, against the baseline: SQLite LIKE '%word%' on a folded label column, one condition
//     per word, LIMIT 10 (what an index-less implementation does);
//   - reverse geocoding (AddressService::Reverse) at random points near addresses, against the
//     baseline: the nearest row by squared degrees, ORDER BY … LIMIT 1 over the whole table.
// It prints p50 and p99 of each, and the ratios.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "addresses/address_service.hpp"
#include "core/clock.hpp"
#include "search/fold.hpp"
#include "storage/migrations.hpp"
#include "storage/sqlite_database.hpp"

namespace {

using namespace guichet;
using Steady = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& message) {
    std::fprintf(stderr, "addresses_bench: %s\n", message.c_str());
    std::exit(1);
}

const char* kTypes[] = {"Rue",    "Avenue", "Boulevard", "Place",  "Impasse",
                        "Chemin", "Allée",  "Route",     "Square", "Quai"};
const char* kNames[] = {"des Tilleuls",
                        "Victor Hugo",
                        "Jean Jaurès",
                        "de la République",
                        "du Général de Gaulle",
                        "Pasteur",
                        "des Écoles",
                        "de l'Église",
                        "du Moulin",
                        "de la Gare",
                        "Gambetta",
                        "Jules Ferry",
                        "des Acacias",
                        "du Château",
                        "de la Fontaine",
                        "Émile Zola",
                        "Anatole France",
                        "des Lilas",
                        "du Stade",
                        "de Verdun",
                        "Saint-Exupéry",
                        "des Peupliers",
                        "de la Mairie",
                        "du Marché",
                        "Louis Pasteur",
                        "Georges Clemenceau",
                        "des Rosiers",
                        "de la Paix",
                        "du 8 Mai 1945",
                        "Marcel Pagnol",
                        "Paul Bert",
                        "des Vignes",
                        "de la Liberté",
                        "Aristide Briand",
                        "Carnot",
                        "des Prés",
                        "du Lavoir",
                        "de Paris",
                        "des Cerisiers",
                        "Henri Barbusse"};
const char* kCommunes[] = {"Saint-Martin", "Villeneuve", "Beaulieu", "Montigny", "Champagne",
                           "Fontenay",     "Bellevue",   "Neuville", "Chatenay", "Rosny",
                           "Vitry",        "Bréval",     "Auvers",   "Mériel",   "Presles"};

struct Sample {
    std::string label;
    double lat, lon;
};

double Percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))];
}

long PeakRssKib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // Each result as soon as it is measured.
    std::string dir;
    long count = 1'000'000, queries = 500;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--dir")
            dir = value;
        else if (key == "--count")
            count = std::stol(value);
        else if (key == "--queries")
            queries = std::stol(value);
        else
            Die("unknown option " + key);
    }
    if (dir.empty()) Die("usage: addresses_bench --dir DIR [--count N] [--queries Q]");
    std::filesystem::create_directories(dir);
    const std::string csv = dir + "/adresses-bench.csv";

    // The file: communes of about 60 streets, streets of about 40 numbers, spread over a square of
    // about 100 km like a département.
    std::mt19937 random(42);
    std::vector<Sample> samples;
    {
        std::ofstream out(csv);
        out << "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
               "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;"
               "nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;"
               "certification_commune;cad_parcelles\n";
        std::uniform_real_distribution<double> unit(0, 1);
        long written = 0;
        for (int commune = 0; written < count; ++commune) {
            const std::string name = std::string(kCommunes[commune % std::size(kCommunes)]) +
                                     (commune >= static_cast<int>(std::size(kCommunes))
                                          ? "-" + std::to_string(commune / std::size(kCommunes))
                                          : "");
            const std::string insee = std::to_string(91000 + commune);
            const std::string postcode = std::to_string(91100 + commune % 900);
            const double clat = 48.2 + unit(random) * 0.9, clon = 1.9 + unit(random) * 1.3;
            for (int street = 0; street < 60 && written < count; ++street) {
                const std::string voie = std::string(kTypes[random() % std::size(kTypes)]) + " " +
                                         kNames[(street * 7 + commune) % std::size(kNames)];
                const double slat = clat + (unit(random) - 0.5) * 0.03;
                const double slon = clon + (unit(random) - 0.5) * 0.04;
                const double dlat = (unit(random) - 0.5) * 0.004,
                             dlon = (unit(random) - 0.5) * 0.006;
                const int numbers = 20 + static_cast<int>(random() % 40);
                for (int n = 1; n <= numbers && written < count; ++n, ++written) {
                    const double lat = slat + dlat * n / numbers, lon = slon + dlon * n / numbers;
                    char line[512];
                    std::snprintf(line, sizeof line,
                                  "%s_%04d_%05d;%s_%04d;%d;;%s;%s;%s;%s;;;;;%.6f;%.6f;entrée;;;;;"
                                  "commune;commune;1;\n",
                                  insee.c_str(), street, n, insee.c_str(), street, n, voie.c_str(),
                                  postcode.c_str(), insee.c_str(), name.c_str(), lon, lat);
                    out << line;
                    if (random() % 997 == 0)
                        samples.push_back({std::to_string(n) + " " + voie + " " + name, lat, lon});
                }
            }
        }
    }
    std::printf("file: %ld addresses, %.0f MiB\n", count,
                std::filesystem::file_size(csv) / 1048576.0);

    const std::string db_path = dir + "/bench.db";
    std::filesystem::remove(db_path);
    auto db = storage::OpenSqlite({.path = db_path, .pool_size = 2, .lease_timeout_ms = 600000});
    if (!db) Die(db.error().message);
    const storage::MigrationSet sets[] = {{"addresses", addresses::AddressService::Migrations()}};
    if (auto m = storage::Migrate(**db, sets); !m) Die(m.error().message);
    SystemClock clock;
    addresses::AddressService service(**db, clock);

    const long rss_before = PeakRssKib();
    auto t0 = Steady::now();
    auto report = service.ImportFile("bench", csv);
    if (!report) Die(report.error().message);
    const double import_s = std::chrono::duration<double>(Steady::now() - t0).count();
    std::printf(
        "import: %zu addresses, %zu streets in %.1f s (%.0f lines/s); peak RSS %.0f MiB "
        "(%.0f MiB before)\n",
        report->imported, report->streets, import_s, report->lines / import_s,
        PeakRssKib() / 1024.0, rss_before / 1024.0);

    // The baseline's table: one folded label per address.
    t0 = Steady::now();
    auto built = (*db)->Transaction([&](storage::Connection& c) -> Result<void> {
        GUICHET_CHECK(
            c.ExecuteScript("CREATE TABLE baseline (label TEXT NOT NULL, lat DOUBLE PRECISION, lon "
                            "DOUBLE PRECISION);"));
        GUICHET_TRY(
            rows,
            c.Query(
                "SELECT p.number, s.name, s.commune, p.lat, p.lon FROM address_points p JOIN "
                "address_streets s ON s.import_id = p.import_id AND s.street_no = p.street_no"));
        for (const auto& r : rows) {
            GUICHET_CHECK(c.Execute(
                "INSERT INTO baseline (label, lat, lon) VALUES ($1, $2, $3)",
                {search::Fold(std::to_string(r.Int(0)) + " " + r.Text(1) + " " + r.Text(2)),
                 r.Real(3), r.Real(4)}));
        }
        return {};
    });
    if (!built) Die(built.error().message);
    std::printf("baseline table built in %.1f s\n",
                std::chrono::duration<double>(Steady::now() - t0).count());

    // Queries as people type them: the number, then the street's words cut short.
    std::vector<std::string> typed;
    std::shuffle(samples.begin(), samples.end(), random);
    for (const auto& s : samples) {
        if (static_cast<long>(typed.size()) >= queries) break;
        std::string q = s.label;
        q.resize(std::max<std::size_t>(8, q.size() * 2 / 3));
        typed.push_back(q);
    }
    std::vector<double> ours, base;
    std::size_t found = 0;
    for (const auto& q : typed) {
        auto a = Steady::now();
        auto got = service.Suggest("bench", q);
        ours.push_back(std::chrono::duration<double, std::milli>(Steady::now() - a).count());
        if (got && !got->empty()) ++found;
        std::string sql = "SELECT label FROM baseline WHERE 1";
        storage::Params params;
        for (const auto& w : search::FoldedWords(q)) {
            params.push_back("%" + w + "%");
            sql += " AND label LIKE $" + std::to_string(params.size());
        }
        sql += " LIMIT 10";
        a = Steady::now();
        auto rows = (*db)->Read<std::vector<storage::Row>>(
            [&](storage::Connection& c) { return c.Query(sql, params); });
        base.push_back(std::chrono::duration<double, std::milli>(Steady::now() - a).count());
    }
    std::printf(
        "autocomplete (%zu queries, %zu with suggestions): ours p50 %.2f ms p99 %.2f ms; "
        "LIKE baseline p50 %.2f ms p99 %.2f ms; ratio p50 x%.0f\n",
        typed.size(), found, Percentile(ours, 0.5), Percentile(ours, 0.99), Percentile(base, 0.5),
        Percentile(base, 0.99), Percentile(base, 0.5) / std::max(1e-6, Percentile(ours, 0.5)));

    ours.clear();
    base.clear();
    std::uniform_real_distribution<double> jitter(-0.0015, 0.0015);
    for (long i = 0; i < std::min<long>(queries, static_cast<long>(samples.size())); ++i) {
        const double lat = samples[i].lat + jitter(random), lon = samples[i].lon + jitter(random);
        auto a = Steady::now();
        auto near = service.Reverse("bench", lat, lon);
        ours.push_back(std::chrono::duration<double, std::milli>(Steady::now() - a).count());
        if (!near) Die(near.error().message);
        a = Steady::now();
        auto rows = (*db)->Read<std::vector<storage::Row>>([&](storage::Connection& c) {
            return c.Query(
                "SELECT label FROM baseline ORDER BY (lat - $1) * (lat - $1) + "
                "(lon - $2) * (lon - $2) LIMIT 1",
                {lat, lon});
        });
        base.push_back(std::chrono::duration<double, std::milli>(Steady::now() - a).count());
    }
    std::printf(
        "reverse (%zu points): ours p50 %.2f ms p99 %.2f ms; full-scan baseline p50 %.2f ms "
        "p99 %.2f ms; ratio p50 x%.0f\n",
        ours.size(), Percentile(ours, 0.5), Percentile(ours, 0.99), Percentile(base, 0.5),
        Percentile(base, 0.99), Percentile(base, 0.5) / std::max(1e-6, Percentile(ours, 0.5)));
    return 0;
}
