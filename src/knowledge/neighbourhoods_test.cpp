// GeoJSON geometries of neighbourhoods (validation, point inside) and NeighbourhoodService
// (import with its per-feature errors, locate) on a real database.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "knowledge/geometry.hpp"
#include "knowledge/knowledge_test_support.hpp"
#include "knowledge/neighbourhood_service.hpp"

namespace guichet::knowledge {
namespace {

using storage::testing::AllTestDatabases;
using storage::testing::TestDatabaseName;
using testing::KnowledgeTest;

Result<Geometry> Read(std::string_view json) {
    return GeometryFromGeoJson(boost::json::parse(json));
}

std::string ErrorOf(std::string_view json) {
    auto g = Read(json);
    return g ? std::string("(accepted)") : g.error().message;
}

// A 10 x 10 square with a 2 x 2 hole in its middle, and a second square far east.
constexpr std::string_view kSquareWithHole = R"({"type": "MultiPolygon", "coordinates": [
  [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]],
  [[[20, 0], [22, 0], [22, 2], [20, 2], [20, 0]]]
]})";

TEST(Geometry, ReadsPolygonsAndMultiPolygonsAndWritesThemBack) {
    auto square = Read(R"({"type": "Polygon", "coordinates": [[[2.3, 48.8], [2.31, 48.8, 35],
        [2.31, 48.81], [2.3, 48.81], [2.3, 48.8]]]})");
    ASSERT_TRUE(square) << square.error().message;
    EXPECT_FALSE(square->multi);
    ASSERT_EQ(square->polygons.size(), 1u);
    EXPECT_EQ(square->polygons[0][0].size(), 5u);
    const BoundingBox box = BoundsOf(*square);
    EXPECT_DOUBLE_EQ(box.south, 48.8);
    EXPECT_DOUBLE_EQ(box.east, 2.31);
    // The altitude is dropped; the rest reads back the same.
    auto again = GeometryFromGeoJson(GeometryToGeoJson(*square));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->polygons, square->polygons);

    auto multi = Read(kSquareWithHole);
    ASSERT_TRUE(multi) << multi.error().message;
    EXPECT_TRUE(multi->multi);
    EXPECT_EQ(multi->polygons.size(), 2u);
    EXPECT_EQ(boost::json::serialize(GeometryToGeoJson(*multi)["type"]), "\"MultiPolygon\"");
    EXPECT_DOUBLE_EQ(PlanarArea(*multi), 100 - 4 + 4);
}

TEST(Geometry, RefusesWhatIsNotAClosedPolygonWithinTheEarthsRanges) {
    EXPECT_EQ(ErrorOf(R"({"type": "Point", "coordinates": [2.3, 48.8]})"),
              "La géométrie doit être de type Polygon ou MultiPolygon.");
    EXPECT_EQ(ErrorOf(R"([1, 2])"), "La géométrie manque ou n'est pas un objet GeoJSON.");
    EXPECT_EQ(ErrorOf(R"({"type": "Polygon"})"),
              "La géométrie n'a pas de coordonnées (« coordinates »).");
    EXPECT_EQ(ErrorOf(R"({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]})"),
              "Anneau extérieur : l'anneau n'est pas fermé (sa dernière position doit répéter la "
              "première).");
    EXPECT_EQ(ErrorOf(R"({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]})"),
              "Anneau extérieur : un anneau compte au moins quatre positions (la dernière répète "
              "la première).");
    EXPECT_EQ(ErrorOf(R"({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [2, 0], [0, 0]]]})"),
              "Anneau extérieur : l'anneau n'a pas de surface.");
    // Latitude first by mistake: 48.8 is a fine longitude but 2.3 then 148.8 is not a latitude.
    EXPECT_EQ(ErrorOf(R"({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]],
        [[0.1, 0.1], [0.2, 148.8], [0.2, 0.2], [0.1, 0.1]]]})"),
              "Trou 1 : point 2 : la latitude doit être comprise entre -90 et 90 (les positions "
              "s'écrivent [longitude, latitude]).");
    EXPECT_EQ(ErrorOf(R"({"type": "MultiPolygon", "coordinates": [
        [[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[0, 0], [181, 0], [1, 1], [0, 0]]]]})"),
              "Polygone 2, anneau extérieur : point 2 : la longitude doit être comprise entre -180 "
              "et 180.");
    EXPECT_EQ(
        ErrorOf(R"({"type": "Polygon", "coordinates": [[[0, 0], ["1", 0], [1, 1], [0, 0]]]})"),
        "Anneau extérieur : point 2 : la longitude et la latitude doivent être des nombres.");
    EXPECT_EQ(ErrorOf(R"({"type": "MultiPolygon", "coordinates": []})"),
              "Le MultiPolygon ne contient aucun polygone.");

    // Bounded size: one ring of more positions than a neighbourhood may have.
    boost::json::array ring;
    for (std::size_t i = 0; i <= kMaxGeometryPositions; ++i)
        ring.push_back(boost::json::array{0.001 * static_cast<double>(i % 1000),
                                          0.001 * static_cast<double>(i / 1000)});
    ring.push_back(ring.front());
    boost::json::object big{{"type", "Polygon"}, {"coordinates", boost::json::array{ring}}};
    auto refused = GeometryFromGeoJson(big);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("20000 positions"), std::string::npos);
}

TEST(Geometry, ContainsWhatIsInsideButNotInAHole) {
    auto g = Read(kSquareWithHole);
    ASSERT_TRUE(g);
    EXPECT_TRUE(Contains(*g, 2, 2));    // lat 2, lon 2: in the big square.
    EXPECT_FALSE(Contains(*g, 5, 5));   // In the hole.
    EXPECT_TRUE(Contains(*g, 1, 21));   // In the second polygon.
    EXPECT_FALSE(Contains(*g, 1, 15));  // Between the two.
    EXPECT_FALSE(Contains(*g, 11, 5));  // North of everything.
    EXPECT_FALSE(Contains(*g, -1, 5));  // South of everything.

    // A concave L: the notch is outside.
    auto l = Read(R"({"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2],
        [0, 2], [0, 0]]]})");
    ASSERT_TRUE(l);
    EXPECT_TRUE(Contains(*l, 1.5, 0.5));
    EXPECT_TRUE(Contains(*l, 0.5, 1.5));
    EXPECT_FALSE(Contains(*l, 1.5, 1.5));
}

class NeighbourhoodsTest : public KnowledgeTest {
  protected:
    void SetUp() override {
        KnowledgeTest::SetUp();
        neighbourhoods_ = std::make_unique<NeighbourhoodService>(*db_, clock_);
    }
    std::unique_ptr<NeighbourhoodService> neighbourhoods_;
};

// Three quartiers side by side along the equator (1 degree each), the middle one refused, and a
// small one inside the first.
constexpr std::string_view kQuartiers = R"({"type": "FeatureCollection", "features": [
  {"type": "Feature", "id": "ouest", "properties": {"nom": "Ouest"},
   "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}},
  {"type": "Feature", "properties": {"nom": "Milieu"},
   "geometry": {"type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 1]]]}},
  {"type": "Feature", "properties": {"nom": "Les Prés-Fleuris"},
   "geometry": {"type": "Polygon", "coordinates": [[[2, 0], [3, 0], [3, 1], [2, 1], [2, 0]]]}},
  {"type": "Feature", "properties": {"nom": "Îlot"},
   "geometry": {"type": "Polygon", "coordinates": [[[0.2, 0.2], [0.4, 0.2], [0.4, 0.4],
                                                    [0.2, 0.4], [0.2, 0.2]]]}},
  {"type": "Feature", "properties": {"nom": ""}, "geometry": null}
]})";

TEST_P(NeighbourhoodsTest, ImportWritesTheGoodFeaturesAndNamesTheBadOnesByIndex) {
    auto report = neighbourhoods_->Import(tenant_, kQuartiers);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->created, 3u);
    ASSERT_EQ(report->errors.size(), 2u);
    EXPECT_EQ(report->errors[0].feature, 1u);
    EXPECT_EQ(report->errors[0].message,
              "Anneau extérieur : l'anneau n'est pas fermé (sa dernière position doit répéter la "
              "première).");
    EXPECT_EQ(report->errors[1].feature, 4u);
    EXPECT_EQ(report->errors[1].message, "La propriété « nom » (le nom du quartier) manque.");

    auto list = neighbourhoods_->List(tenant_);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 3u);
    EXPECT_EQ((*list)[0].name, "Les Prés-Fleuris");
    EXPECT_EQ((*list)[0].external_id, "les-pres-fleuris");  // No id: a slug of the name.
    EXPECT_EQ((*list)[1].name, "Ouest");
    EXPECT_EQ((*list)[1].external_id, "ouest");  // The feature's own id.
    EXPECT_EQ((*list)[2].external_id, "ilot");

    // Re-importing replaces by id: nothing is duplicated.
    auto again = neighbourhoods_->Import(tenant_, kQuartiers);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->created, 0u);
    EXPECT_EQ(again->updated, 3u);
    EXPECT_EQ(neighbourhoods_->List(tenant_)->size(), 3u);

    // Another tenant sees none of them.
    const std::string other = MakeTenant("autre");
    EXPECT_TRUE(neighbourhoods_->List(other)->empty());
}

TEST_P(NeighbourhoodsTest, ABrokenFileIsRefusedWholeAndWritesNothing) {
    for (std::string_view text :
         {std::string_view("{\"type\": \"FeatureCollection\", \"features\": ["),
          std::string_view("[]"), std::string_view(R"({"type": "Feature", "features": []})"),
          std::string_view(R"({"type": "FeatureCollection", "features": [
             {"type": "Feature", "properties": {"label": "x"}, "geometry": null}]})")}) {
        auto report = neighbourhoods_->Import(tenant_, text);
        ASSERT_FALSE(report) << text;
        EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(report.error().type, "invalid-file");
    }
    EXPECT_TRUE(neighbourhoods_->List(tenant_)->empty());
}

TEST_P(NeighbourhoodsTest, PropertiesOfParisOpenDataAndNamedOnes) {
    constexpr std::string_view kParis = R"({"type": "FeatureCollection", "features": [
      {"type": "Feature", "properties": {"c_qu": "23", "l_qu": "Notre-Dame-des-Champs", "c_ar": 6},
       "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}},
      {"type": "Feature", "properties": {"c_qu": 24, "l_qu": "Saint-Germain-des-Prés", "c_ar": 6},
       "geometry": {"type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 0]]]}}
    ]})";
    auto report = neighbourhoods_->Import(tenant_, kParis);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->created, 2u);
    auto list = neighbourhoods_->List(tenant_);
    EXPECT_EQ((*list)[0].name, "Notre-Dame-des-Champs");
    EXPECT_EQ((*list)[0].external_id, "23");
    EXPECT_EQ((*list)[1].external_id, "24");

    // Named properties win over detection; a missing one is the feature's error.
    auto named =
        neighbourhoods_->Import(tenant_, kParis, {.name_property = "c_ar", .id_property = "c_qu"});
    ASSERT_TRUE(named);
    EXPECT_EQ(named->updated, 2u);
    EXPECT_EQ(neighbourhoods_->List(tenant_)->front().name, "6");
    auto missing = neighbourhoods_->Import(tenant_, kParis, {.id_property = "n_sq_qu"});
    ASSERT_TRUE(missing);
    ASSERT_EQ(missing->errors.size(), 2u);
    EXPECT_EQ(missing->errors[0].message,
              "La propriété « n_sq_qu » (l'identifiant du quartier) manque.");
}

TEST_P(NeighbourhoodsTest, LocateFindsTheSmallestNeighbourhoodHoldingThePoint) {
    ASSERT_TRUE(neighbourhoods_->Import(tenant_, kQuartiers));
    auto in_ilot = neighbourhoods_->Locate(tenant_, 0.3, 0.3);
    ASSERT_TRUE(in_ilot);
    ASSERT_TRUE(in_ilot->has_value());
    EXPECT_EQ((*in_ilot)->name, "Îlot");
    auto in_ouest = neighbourhoods_->Locate(tenant_, 0.8, 0.8);
    ASSERT_TRUE(in_ouest && in_ouest->has_value());
    EXPECT_EQ((*in_ouest)->name, "Ouest");
    auto east = neighbourhoods_->Locate(tenant_, 0.5, 2.5);
    ASSERT_TRUE(east && east->has_value());
    EXPECT_EQ((*east)->name, "Les Prés-Fleuris");
    // The refused middle one was not written; outside everything is nowhere.
    EXPECT_FALSE(neighbourhoods_->Locate(tenant_, 0.5, 1.5)->has_value());
    EXPECT_FALSE(neighbourhoods_->Locate(tenant_, 5, 5)->has_value());
    EXPECT_FALSE(neighbourhoods_->Locate(MakeTenant("autre"), 0.3, 0.3)->has_value());
    auto bad = neighbourhoods_->Locate(tenant_, 91, 0);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Drivers, NeighbourhoodsTest, ::testing::ValuesIn(AllTestDatabases()),
                         TestDatabaseName());

}  // namespace
}  // namespace guichet::knowledge
