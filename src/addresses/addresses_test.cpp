// The addresses module: the BAN CSV reader, the query reading, the import's rule for bad lines
// and its replacement of the previous import, autocomplete (prefix, accents, misspellings,
// ranking, numbers) and reverse geocoding, and the tile settings — on a real database.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "addresses/address_service.hpp"
#include "addresses/address_text.hpp"
#include "addresses/ban_csv.hpp"
#include "addresses/map_tiles.hpp"
#include "storage/testing.hpp"

namespace guichet::addresses {
namespace {

using storage::testing::AllTestDatabases;
using storage::testing::TestDatabase;
using storage::testing::TestDatabaseName;

constexpr std::string_view kHeader =
    "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
    "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;"
    "libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;"
    "cad_parcelles";

std::string Line(std::string_view id, int numero, std::string_view rep, std::string_view voie,
                 std::string_view insee, std::string_view commune, double lon, double lat,
                 std::string_view postcode = "92340") {
    char buffer[1024];
    std::snprintf(buffer, sizeof buffer,
                  "%.*s;;%d;%.*s;%.*s;%.*s;%.*s;%.*s;;;650000;6850000;%.6f;%.6f;entrée;;;"
                  "VILLEBELLE;;commune;commune;1;",
                  int(id.size()), id.data(), numero, int(rep.size()), rep.data(), int(voie.size()),
                  voie.data(), int(postcode.size()), postcode.data(), int(insee.size()),
                  insee.data(), int(commune.size()), commune.data(), lon, lat);
    return buffer;
}

// A small commune: two streets with numbers, a lieu-dit, and a street of a neighbour commune.
std::string SmallFile() {
    std::string f(kHeader);
    f += "\n";
    f += Line("92999_0010_00001", 1, "", "Place du Marronnier", "92999", "Villebelle", 2.2498,
              48.7012) +
         "\n";
    f += Line("92999_0010_00004", 4, "", "Place du Marronnier", "92999", "Villebelle", 2.2502,
              48.7014) +
         "\n";
    f += Line("92999_0010_00004_bis", 4, "bis", "Place du Marronnier", "92999", "Villebelle",
              2.2503, 48.7015) +
         "\n";
    f += Line("92999_0020_00012", 12, "", "Rue de l'Église", "92999", "Villebelle", 2.2550,
              48.7040) +
         "\n";
    f += Line("92999_0020_00014", 14, "", "Rue de l'Église", "92999", "Villebelle", 2.2553,
              48.7042) +
         "\n";
    f += Line("92999_0030_00003", 3, "", "Avenue Victor Hugo", "92999", "Villebelle", 2.2400,
              48.6990) +
         "\n";
    f += Line("92999_0040_99999", 99999, "", "Les Prés Fleuris", "92999", "Villebelle", 2.2600,
              48.7100) +
         "\n";
    f += Line("92998_0050_00002", 2, "", "Rue de l'Église", "92998", "Montaval", 2.3000, 48.7500,
              "92350") +
         "\n";
    return f;
}

TEST(BanCsv, ReadsTheHeaderByNameAndALine) {
    auto header = BanHeader::Parse("\xEF\xBB\xBF" + std::string(kHeader));
    ASSERT_TRUE(header) << header.error().message;
    auto row = header->ParseLine(Line("92999_0010_00004_bis", 4, "bis", "Place du Marronnier",
                                      "92999", "Villebelle", 2.25, 48.7));
    ASSERT_TRUE(row) << row.error().message;
    EXPECT_EQ(row->number, 4);
    EXPECT_EQ(row->rep, "bis");
    EXPECT_EQ(row->street, "Place du Marronnier");
    EXPECT_EQ(row->insee, "92999");
    EXPECT_EQ(row->postcode, "92340");
    EXPECT_DOUBLE_EQ(row->lat, 48.7);
    // 99999 and 0 are "no number".
    auto ld = header->ParseLine(Line("x", 99999, "", "Les Prés", "92999", "Villebelle", 2.2, 48.7));
    ASSERT_TRUE(ld);
    EXPECT_FALSE(ld->number);
}

TEST(BanCsv, RefusesAHeaderWithoutTheRequiredColumnsAndNamesThem) {
    auto header = BanHeader::Parse("id,numero,nom_voie,code_insee,nom_commune,lon,lat");
    ASSERT_FALSE(header);
    EXPECT_EQ(header.error().type, "invalid-file");
    EXPECT_NE(header.error().message.find("numero, nom_voie"), std::string::npos)
        << header.error().message;
}

TEST(BanCsv, SaysWhatIsWrongWithALine) {
    auto header = BanHeader::Parse(kHeader);
    ASSERT_TRUE(header);
    auto message = [&](std::string line) {
        auto row = header->ParseLine(line);
        return row ? std::string("(accepted)") : row.error().message;
    };
    EXPECT_EQ(message("a;b;c"), "3 champs au lieu de 23 (séparés par des points-virgules)");
    EXPECT_EQ(message(Line("x", 1, "", "", "92999", "Villebelle", 2.2, 48.7)),
              "le nom de la voie (nom_voie) est vide");
    std::string bad_lat = Line("x", 1, "", "Rue", "92999", "Villebelle", 2.2, 48.7);
    bad_lat.replace(bad_lat.find("48.700000"), 9, "48,7");
    EXPECT_EQ(message(bad_lat), "la position (lon, lat) n'est pas un couple de nombres décimaux");
    EXPECT_EQ(message(Line("x", 1, "", "Rue", "92999", "Villebelle", 2.2, 98.7)),
              "la position (lon, lat) est hors des limites de la Terre");
    // Quoted fields may hold a semicolon.
    auto fields = SplitBanFields("\"a;b\";\"c \"\"d\"\"\";e");
    ASSERT_TRUE(fields);
    EXPECT_EQ(*fields, (std::vector<std::string>{"a;b", "c \"d\"", "e"}));
    EXPECT_FALSE(SplitBanFields("\"open;b"));
}

TEST(AddressText, ReadsNumbersSuffixesPostcodesAndAbbreviations) {
    AddressQuery q = ParseQuery("12 bis av. Victor-Hugo 92340 ");
    EXPECT_EQ(q.number, 12);
    EXPECT_EQ(q.suffix, "bis");
    EXPECT_EQ(q.postcode, "92340");
    EXPECT_EQ(q.words, (std::vector<std::string>{"avenue", "victor", "hugo"}));
    EXPECT_FALSE(q.last_is_prefix);
    // The small words are left out; a last word being typed stays a prefix, unexpanded.
    q = ParseQuery("Rue de l'Égl");
    EXPECT_EQ(q.words, (std::vector<std::string>{"rue", "egl"}));
    EXPECT_TRUE(q.last_is_prefix);
    EXPECT_EQ(ParseQuery("place st").words, (std::vector<std::string>{"place", "st"}));
    EXPECT_EQ(ParseQuery("place st ").words, (std::vector<std::string>{"place", "saint"}));
    EXPECT_EQ(IndexWords("Place du Marronnier, Villebelle"),
              (std::vector<std::string>{"place", "marronnier", "villebelle"}));
}

TEST(AddressText, LooseKeysForgiveCommonMisspellings) {
    EXPECT_EQ(LooseKey("marronier"), LooseKey("marronnier"));
    EXPECT_EQ(LooseKey("filipe"), LooseKey("philippe"));
    EXPECT_EQ(LooseKey("chateau"), LooseKey("chato"));
    EXPECT_NE(LooseKey("mairie"), LooseKey("marine"));
    EXPECT_EQ(PrefixEnd("abc"), "abd");
}

class AddressServiceTest : public ::testing::TestWithParam<TestDatabase> {
  protected:
    void SetUp() override {
        db_ = GetParam().open();
        const storage::MigrationSet sets[] = {{"addresses", AddressService::Migrations()}};
        ASSERT_TRUE(storage::Migrate(*db_, sets));
        service_ = std::make_unique<AddressService>(*db_, clock_);
    }
    std::vector<std::string> Labels(std::string_view query, std::string_view tenant = "t1") {
        auto found = service_->Suggest(tenant, query);
        EXPECT_TRUE(found) << found.error().message;
        std::vector<std::string> out;
        if (found)
            for (const auto& a : *found) out.push_back(a.Label());
        return out;
    }

    FakeClock clock_{FromUnixMillis(1'800'000'000'000)};
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<AddressService> service_;
};

TEST_P(AddressServiceTest, ImportsAFileAndSuggestsByPrefixWithoutAccents) {
    auto report = service_->ImportText("t1", SmallFile());
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->lines, 8u);
    EXPECT_EQ(report->imported, 7u);
    EXPECT_EQ(report->streets, 5u);
    EXPECT_EQ(report->refused, 0u);

    EXPECT_EQ(Labels("4 place du marr"),
              (std::vector<std::string>{"4 Place du Marronnier, 92340 Villebelle",
                                        "4 bis Place du Marronnier, 92340 Villebelle"}));
    EXPECT_EQ(Labels("4 bis pl marronnier"),
              (std::vector<std::string>{"4 bis Place du Marronnier, 92340 Villebelle"}));
    // Accents and case do not matter; the commune's words narrow; a street without the number
    // typed is still offered.
    EXPECT_EQ(Labels("12 RUE DE L'EGLISE villeb"),
              (std::vector<std::string>{"12 Rue de l'Église, 92340 Villebelle"}));
    EXPECT_EQ(Labels("eglise montaval"),
              (std::vector<std::string>{"Rue de l'Église, 92350 Montaval"}));
    EXPECT_EQ(Labels("église 92350"),
              (std::vector<std::string>{"Rue de l'Église, 92350 Montaval"}));
    // Words in any order; abbreviations; a misspelling.
    EXPECT_EQ(Labels("3 hugo av "),
              (std::vector<std::string>{"3 Avenue Victor Hugo, 92340 Villebelle"}));
    // A number the street does not have: the street, to pick and complete.
    EXPECT_EQ(Labels("5 hugo"), (std::vector<std::string>{"Avenue Victor Hugo, 92340 Villebelle"}));
    EXPECT_EQ(Labels("place du maronier").front(), "Place du Marronnier, 92340 Villebelle");
    EXPECT_EQ(Labels("pres fleuris"),
              (std::vector<std::string>{"Les Prés Fleuris, 92340 Villebelle"}));
    EXPECT_TRUE(Labels("").empty());
    EXPECT_TRUE(Labels("12").empty());
    EXPECT_TRUE(Labels("zzzz").empty());
    // Another tenant sees nothing.
    EXPECT_TRUE(Labels("marronnier", "t2").empty());
    // Too long.
    auto long_query = service_->Suggest("t1", std::string(201, 'a'));
    ASSERT_FALSE(long_query);
    EXPECT_EQ(long_query.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(AddressServiceTest, RanksTheStreetWhoseNameStartsWithTheWordFirst) {
    std::string f(kHeader);
    f += "\n" + Line("a", 1, "", "Rue de la Mairie", "92999", "Villebelle", 2.25, 48.70);
    f += "\n" +
         Line("b", 1, "", "Place de la Mairie Annexe Ouest", "92999", "Villebelle", 2.26, 48.70);
    f += "\n" + Line("c", 1, "", "Impasse Mairiette", "92999", "Villebelle", 2.27, 48.70) + "\n";
    ASSERT_TRUE(service_->ImportText("t1", f));
    auto labels = Labels("mairie");
    ASSERT_EQ(labels.size(), 3u);
    EXPECT_EQ(labels[0], "Rue de la Mairie, 92340 Villebelle");
    EXPECT_EQ(labels[2], "Impasse Mairiette, 92340 Villebelle");
}

TEST_P(AddressServiceTest, FindsTheNearestAddressOfAPoint) {
    ASSERT_TRUE(service_->ImportText("t1", SmallFile()));
    auto near = service_->Reverse("t1", 48.70141, 2.25021);
    ASSERT_TRUE(near) << near.error().message;
    ASSERT_TRUE(*near);
    EXPECT_EQ((*near)->address.Label(), "4 Place du Marronnier, 92340 Villebelle");
    EXPECT_LT((*near)->distance_m, 5);
    // Across a cell border, and a few hundred metres away: still found.
    near = service_->Reverse("t1", 48.7060, 2.2560);
    ASSERT_TRUE(near && *near);
    EXPECT_EQ((*near)->address.Label(), "14 Rue de l'Église, 92340 Villebelle");
    EXPECT_GT((*near)->distance_m, 150);
    // Far from everything: nothing; out of range: refused.
    near = service_->Reverse("t1", 45.0, 5.0);
    ASSERT_TRUE(near);
    EXPECT_FALSE(*near);
    EXPECT_FALSE(service_->Reverse("t1", 91, 2));
    auto other = service_->Reverse("t2", 48.7014, 2.2502);
    ASSERT_TRUE(other);
    EXPECT_FALSE(*other);
}

TEST_P(AddressServiceTest, SkipsBadLinesByNumberAndReplacesThePreviousImport) {
    ASSERT_TRUE(service_->ImportText("t1", SmallFile()));
    std::string f(kHeader);
    f += "\n" + Line("a", 7, "", "Rue Neuve", "92999", "Villebelle", 2.25, 48.70);
    f += "\nbroken;line\n";
    f += Line("b", 9, "", "Rue Neuve", "92999", "Villebelle", 2.2501, 48.7001) + "\n";
    auto report = service_->ImportText("t1", f);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->imported, 2u);
    EXPECT_EQ(report->refused, 1u);
    ASSERT_EQ(report->errors.size(), 1u);
    EXPECT_EQ(report->errors[0].line, 3u);
    // The previous addresses are gone, and nothing of them is left in the tables.
    EXPECT_TRUE(Labels("marronnier").empty());
    EXPECT_EQ(Labels("7 rue neuve"), (std::vector<std::string>{"7 Rue Neuve, 92340 Villebelle"}));
    auto status = service_->Status("t1");
    ASSERT_TRUE(status);
    EXPECT_EQ(status->addresses, 2u);
    auto count = db_->Read<int64_t>([](storage::Connection& c) -> Result<int64_t> {
        GUICHET_TRY(row, c.QueryOne("SELECT COUNT(*) FROM address_points"));
        return row->Int(0);
    });
    EXPECT_EQ(*count, 2);
}

TEST_P(AddressServiceTest, AbandonsAFileWithTooManyBadLinesAndKeepsThePreviousOne) {
    ASSERT_TRUE(service_->ImportText("t1", SmallFile()));
    std::string f(kHeader);
    f += "\n";
    for (int i = 0; i < 12; ++i) f += "bad;line\n";
    for (int i = 0; i < 100; ++i)
        f += Line("n", i + 1, "", "Rue Neuve", "92999", "Villebelle", 2.25, 48.70) + "\n";
    auto report = service_->ImportText("t1", f);
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().type, "too-many-bad-lines");
    EXPECT_EQ(report.error().message,
              "12 lignes sur 112 sont incorrectes (plus de 1 %) : l'import est abandonné et les "
              "adresses précédentes restent en place.");
    EXPECT_FALSE(Labels("marronnier").empty());
    EXPECT_TRUE(Labels("neuve").empty());
    // A file that is not a BAN file.
    auto other = service_->ImportText("t1", "nom,prenom\nDupont,Léa\n");
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().type, "invalid-file");
    EXPECT_FALSE(Labels("marronnier").empty());
}

TEST_P(AddressServiceTest, KeepsOnlyTheTenantsCommunesWhenTheyAreGiven) {
    auto report = service_->ImportText("t1", SmallFile(), {.communes = {"92998"}});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->imported, 1u);
    EXPECT_EQ(report->filtered, 7u);
    EXPECT_TRUE(Labels("marronnier").empty());
    EXPECT_EQ(Labels("eglise").size(), 1u);
    auto none = service_->ImportText("t1", SmallFile(), {.communes = {"75056"}});
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().type, "no-address");
}

TEST_P(AddressServiceTest, ReadsAGzipFileAndShowsProgress) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("adresses-test-" + std::to_string(::getpid()) + ".csv.gz");
    {
        gzFile f = gzopen(path.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        const std::string text = SmallFile();
        gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
        gzclose(f);
    }
    std::uint64_t last = 0, total = 0;
    auto report = service_->ImportFile("t1", path.string(),
                                       {.progress = [&](std::uint64_t d, std::uint64_t t) {
                                           last = d;
                                           total = t;
                                       }});
    std::filesystem::remove(path);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->imported, 7u);
    EXPECT_GT(total, 0u);
    EXPECT_EQ(last, total);
    auto missing = service_->ImportFile("t1", "/nonexistent/adresses.csv");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().type, "invalid-file");
}

TEST_P(AddressServiceTest, StoresTheTileSourceAndItsOrigins) {
    MapTilesService tiles(*db_, clock_);
    auto none = tiles.Get("t1");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->source, TileSource::kNone);
    EXPECT_TRUE(tiles.TileOrigins().empty());
    auto ign = tiles.Set("t1", {TileSource::kIgnPlan, "", ""});
    ASSERT_TRUE(ign) << ign.error().message;
    EXPECT_EQ(ign->attribution, "© IGN");
    EXPECT_EQ(tiles.TileOrigins(), (std::vector<std::string>{"https://data.geopf.fr"}));
    auto bad = [&](std::string url, std::string attribution = "Moi") {
        auto r = tiles.Set("t1", {TileSource::kCustom, url, attribution});
        return r ? std::string("(accepted)") : r.error().message;
    };
    EXPECT_EQ(bad("http://tiles.example.fr/{z}/{x}/{y}.png"),
              "L'adresse des tuiles doit commencer par https:// (http:// n'est accepté que pour "
              "un serveur de cette machine).");
    EXPECT_EQ(bad("https://tiles.example.fr/{z}/{x}.png"),
              "L'adresse des tuiles doit contenir {z}, {x} et {y}.");
    EXPECT_NE(bad("https://a.example.fr/{z}/{x}/{y}.png; script-src *"), "(accepted)");
    EXPECT_NE(bad("https://a.example.fr/{z}/{x}/{y}.png", ""), "(accepted)");
    EXPECT_EQ(bad("http://127.0.0.1:9999/{z}/{x}/{y}.png"), "(accepted)");
    EXPECT_EQ(tiles.TileOrigins(), (std::vector<std::string>{"http://127.0.0.1:9999"}));
    ASSERT_TRUE(tiles.Set("t1", {TileSource::kNone, "", ""}));
    EXPECT_TRUE(tiles.TileOrigins().empty());
}

// A tenant that chose no tiles gets the configuration's; a choice wins over them; the CSP always
// allows the configured origin, and only an https:// one.
TEST_P(AddressServiceTest, TenantTilesWinOverTheConfiguredOnes) {
    MapTilesService tiles(*db_, clock_,
                          {"https://{s}.tiles.example.org/{z}/{x}/{y}.png", "© Exemple"});
    auto configured = tiles.TilesFor("t1");
    ASSERT_TRUE(configured);
    EXPECT_EQ(configured->url, "https://{s}.tiles.example.org/{z}/{x}/{y}.png");
    EXPECT_EQ(configured->attribution, "© Exemple");
    EXPECT_EQ(tiles.ConfiguredTileOrigins(),
              (std::vector<std::string>{"https://*.tiles.example.org"}));
    ASSERT_TRUE(tiles.Set("t1", {TileSource::kIgnPlan, "", ""}));
    auto chosen = tiles.TilesFor("t1");
    ASSERT_TRUE(chosen);
    EXPECT_EQ(chosen->url, kIgnPlanUrl);
    EXPECT_EQ(chosen->attribution, "© IGN");
    auto other = tiles.TilesFor("t2");
    ASSERT_TRUE(other);
    EXPECT_EQ(other->attribution, "© Exemple");

    MapTilesService plain(*db_, clock_, {"http://tiles.example.org/{z}/{x}/{y}.png", "x"});
    EXPECT_TRUE(plain.ConfiguredTileOrigins().empty());
    MapTilesService none(*db_, clock_);
    auto outline = none.TilesFor("t2");
    ASSERT_TRUE(outline);
    EXPECT_TRUE(outline->url.empty());
}

// The choice is versioned: of two administrators who read the same version, the second is
// refused and changes nothing; the origins' generation moves only when the origins change.
TEST_P(AddressServiceTest, TileChoicesNeedTheCurrentVersion) {
    MapTilesService tiles(*db_, clock_);
    ASSERT_TRUE(tiles.LoadTileOrigins());
    const uint64_t start = tiles.TileOriginsGeneration();
    EXPECT_EQ(tiles.Get("t1")->version, 1);
    auto ign = tiles.Set("t1", {TileSource::kIgnPlan, "", ""}, 1);
    ASSERT_TRUE(ign) << ign.error().message;
    EXPECT_EQ(ign->version, 2);
    EXPECT_EQ(tiles.TileOriginsGeneration(), start + 1);
    auto stale = tiles.Set("t1", {TileSource::kNone, "", ""}, 1);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().type, "stale-version");
    EXPECT_EQ(tiles.Get("t1")->source, TileSource::kIgnPlan);
    EXPECT_EQ(tiles.Get("t1")->version, 2);
    // Another tenant choosing the same origin does not change the list, nor its generation.
    ASSERT_TRUE(tiles.Set("t2", {TileSource::kIgnPlan, "", ""}, 1));
    EXPECT_EQ(tiles.TileOriginsGeneration(), start + 1);
    EXPECT_EQ(tiles.Set("t1", {TileSource::kNone, "", ""}, std::nullopt)->version, 3);
}

INSTANTIATE_TEST_SUITE_P(Drivers, AddressServiceTest, ::testing::ValuesIn(AllTestDatabases()),
                         TestDatabaseName());

}  // namespace
}  // namespace guichet::addresses
