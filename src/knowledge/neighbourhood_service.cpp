#include "knowledge/neighbourhood_service.hpp"

#include <algorithm>
#include <cmath>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/ids.hpp"
#include "core/text.hpp"
#include "search/fold.hpp"

namespace guichet::knowledge {
namespace {

using storage::Connection;
using storage::Row;

constexpr std::string_view kColumns =
    "SELECT id, tenant_id, external_id, name, geometry, south, west, north, east, updated_at "
    "FROM neighbourhoods ";

tl::unexpected<Error> BadFile(std::string message) {
    return Fail(ErrorCode::kInvalidArgument, message, message, "invalid-file");
}

Result<Neighbourhood> FromRow(const Row& r) {
    Neighbourhood n;
    n.id = r.Text(0);
    n.tenant_id = r.Text(1);
    n.external_id = r.Text(2);
    n.name = r.Text(3);
    boost::system::error_code ec;
    const boost::json::value geometry = boost::json::parse(r.Text(4), ec);
    if (ec) return Fail(ErrorCode::kInternal, "Quartier illisible.", "neighbourhood " + n.id);
    auto read = GeometryFromGeoJson(geometry);
    if (!read)
        return Fail(ErrorCode::kInternal, "Quartier illisible.",
                    "neighbourhood " + n.id + ": " + read.error().message);
    n.geometry = std::move(*read);
    n.bounds = {r.Real(5), r.Real(6), r.Real(7), r.Real(8)};
    n.updated_at = FromUnixMillis(r.Int(9));
    return n;
}

Result<std::vector<Neighbourhood>> FromRows(const std::vector<Row>& rows) {
    std::vector<Neighbourhood> out;
    out.reserve(rows.size());
    for (const Row& r : rows) {
        GUICHET_TRY(n, FromRow(r));
        out.push_back(std::move(n));
    }
    return out;
}

// A property as text: strings as they are, integers written out (ids such as `c_qu: 23`).
std::optional<std::string> PropertyText(const boost::json::object* properties,
                                        std::string_view key) {
    if (properties == nullptr) return std::nullopt;
    const boost::json::value* v = properties->if_contains(key);
    if (v == nullptr) return std::nullopt;
    if (v->is_string()) return std::string(v->as_string());
    if (v->is_int64()) return std::to_string(v->as_int64());
    if (v->is_uint64()) return std::to_string(v->as_uint64());
    return std::nullopt;
}

const boost::json::object* PropertiesOf(const boost::json::value& feature) {
    if (!feature.is_object()) return nullptr;
    const boost::json::value* p = feature.as_object().if_contains("properties");
    return p != nullptr && p->is_object() ? &p->as_object() : nullptr;
}

std::string Slug(std::string_view name) {
    std::string slug;
    for (const std::string& word : search::FoldedWords(name)) {
        if (!slug.empty()) slug += '-';
        slug += word;
    }
    return slug;
}

bool HasType(const boost::json::object& o, std::string_view type) {
    const boost::json::value* v = o.if_contains("type");
    return v != nullptr && v->is_string() && v->as_string() == type;
}

// The name property of a file: the one asked for, else the first known one that some feature
// carries as text.
Result<std::string> NameProperty(const boost::json::array& features,
                                 const NeighbourhoodImportOptions& options) {
    if (!options.name_property.empty()) return options.name_property;
    for (std::string_view candidate : kNameProperties) {
        for (const auto& f : features) {
            const boost::json::object* p = PropertiesOf(f);
            if (p == nullptr) continue;
            const boost::json::value* v = p->if_contains(candidate);
            if (v != nullptr && v->is_string()) return std::string(candidate);
        }
    }
    std::string known;
    for (std::string_view candidate : kNameProperties)
        known += (known.empty() ? "" : ", ") + std::string(candidate);
    return BadFile("Aucune propriété ne donne le nom des quartiers (cherchées : " + known +
                   ") : indiquez laquelle utiliser.");
}

struct Parsed {
    Neighbourhood neighbourhood;
    std::size_t feature = 0;
};

Result<Neighbourhood> ParseFeature(const boost::json::value& f, const std::string& name_property,
                                   const NeighbourhoodImportOptions& options) {
    if (!f.is_object() || !HasType(f.as_object(), "Feature"))
        return Invalid("L'entité n'est pas un objet GeoJSON de type Feature.");
    const boost::json::object& o = f.as_object();
    const boost::json::object* properties = PropertiesOf(f);
    Neighbourhood n;
    auto name = PropertyText(properties, name_property);
    if (!name || IsBlank(*name))
        return Invalid("La propriété « " + name_property + " » (le nom du quartier) manque.");
    if (name->size() > 200) return Invalid("Le nom du quartier dépasse 200 caractères.");
    n.name = std::move(*name);

    std::optional<std::string> id;
    if (!options.id_property.empty()) {
        id = PropertyText(properties, options.id_property);
        if (!id)
            return Invalid("La propriété « " + options.id_property +
                           " » (l'identifiant du quartier) manque.");
    } else if (const boost::json::value* own = o.if_contains("id");
               own != nullptr && (own->is_string() || own->is_int64() || own->is_uint64())) {
        id = own->is_string() ? std::string(own->as_string())
                              : boost::json::serialize(*own);  // An integer, written out.
    } else {
        for (std::string_view candidate : kIdProperties)
            if ((id = PropertyText(properties, candidate))) break;
        if (!id) id = Slug(n.name);
    }
    if (IsBlank(*id) || id->size() > 100)
        return Invalid("L'identifiant du quartier est vide ou dépasse 100 caractères.");
    n.external_id = std::move(*id);

    const boost::json::value* geometry = o.if_contains("geometry");
    if (geometry == nullptr || geometry->is_null())
        return Invalid("L'entité n'a pas de géométrie.");
    GUICHET_TRY(g, GeometryFromGeoJson(*geometry));
    n.geometry = std::move(g);
    n.bounds = BoundsOf(n.geometry);
    return n;
}

Result<void> Write(Connection& c, const Neighbourhood& n, bool insert) {
    const storage::Params params{n.name,
                                 boost::json::serialize(GeometryToGeoJson(n.geometry)),
                                 n.bounds.south,
                                 n.bounds.west,
                                 n.bounds.north,
                                 n.bounds.east,
                                 ToUnixMillis(n.updated_at),
                                 n.id,
                                 n.tenant_id,
                                 n.external_id};
    if (insert) {
        GUICHET_CHECK(c.Execute(
            "INSERT INTO neighbourhoods (name, geometry, south, west, north, east, updated_at, id, "
            "tenant_id, external_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            params));
    } else {
        GUICHET_CHECK(
            c.Execute("UPDATE neighbourhoods SET name = $1, geometry = $2, south = $3, west = $4, "
                      "north = $5, east = $6, updated_at = $7 WHERE id = $8 AND tenant_id = $9",
                      storage::Params(params.begin(), params.end() - 1)));
    }
    return {};
}

}  // namespace

Result<std::vector<Neighbourhood>> NeighbourhoodService::List(std::string_view tenant_id) {
    return db_.Read<std::vector<Neighbourhood>>(
        [&](Connection& c) -> Result<std::vector<Neighbourhood>> {
            GUICHET_TRY(rows, c.Query(std::string(kColumns) +
                                          "WHERE tenant_id = $1 ORDER BY name, external_id",
                                      {std::string(tenant_id)}));
            return FromRows(rows);
        });
}

Result<std::optional<Neighbourhood>> NeighbourhoodService::Locate(std::string_view tenant_id,
                                                                  double lat, double lon) {
    if (!std::isfinite(lat) || lat < -90 || lat > 90)
        return BadParameter("La latitude doit être comprise entre -90 et 90.");
    if (!std::isfinite(lon) || lon < -180 || lon > 180)
        return BadParameter("La longitude doit être comprise entre -180 et 180.");
    // The bounding boxes in columns narrow the search to a few candidates before their shapes
    // are read.
    GUICHET_TRY(candidates, db_.Read<std::vector<Neighbourhood>>(
                                [&](Connection& c) -> Result<std::vector<Neighbourhood>> {
                                    GUICHET_TRY(rows, c.Query(std::string(kColumns) +
                                                                  "WHERE tenant_id = $1 AND "
                                                                  "south <= $2 AND north >= $2 "
                                                                  "AND west <= $3 AND east >= $3 "
                                                                  "ORDER BY name, external_id",
                                                              {std::string(tenant_id), lat, lon}));
                                    return FromRows(rows);
                                }));
    std::optional<Neighbourhood> best;
    double best_area = 0;
    for (Neighbourhood& n : candidates) {
        if (!Contains(n.geometry, lat, lon)) continue;
        const double area = PlanarArea(n.geometry);
        if (!best || area < best_area) {
            best_area = area;
            best = std::move(n);
        }
    }
    return best;
}

Result<ImportReport> NeighbourhoodService::Import(std::string_view tenant_id, std::string_view text,
                                                  const NeighbourhoodImportOptions& options) {
    boost::system::error_code ec;
    const boost::json::value root = boost::json::parse(text, ec);
    if (ec) return BadFile("Le fichier n'est pas du JSON valide (" + ec.message() + ").");
    const boost::json::object* collection = root.is_object() ? &root.as_object() : nullptr;
    const boost::json::value* features =
        collection != nullptr ? collection->if_contains("features") : nullptr;
    if (collection == nullptr || !HasType(*collection, "FeatureCollection") ||
        features == nullptr || !features->is_array()) {
        return BadFile(
            "Le fichier doit être une FeatureCollection GeoJSON (« type »: "
            "« FeatureCollection » et une liste « features »).");
    }
    const boost::json::array& list = features->as_array();
    if (list.size() > kMaxNeighbourhoodFeatures)
        return BadFile("Le fichier compte " + std::to_string(list.size()) +
                       " entités ; un import en accepte " +
                       std::to_string(kMaxNeighbourhoodFeatures) + " au plus.");
    GUICHET_TRY(name_property, NameProperty(list, options));

    ImportReport report;
    std::vector<Parsed> good;
    for (std::size_t i = 0; i < list.size(); ++i) {
        auto parsed = ParseFeature(list[i], name_property, options);
        if (!parsed) {
            report.errors.push_back({0, parsed.error().message, i});
            continue;
        }
        auto earlier = std::find_if(good.begin(), good.end(), [&](const Parsed& p) {
            return p.neighbourhood.external_id == parsed->external_id;
        });
        if (earlier != good.end()) {
            report.errors.push_back({0,
                                     "Le quartier « " + parsed->external_id +
                                         " » figure déjà à l'entité " +
                                         std::to_string(earlier->feature) + ".",
                                     i});
            continue;
        }
        good.push_back({std::move(*parsed), i});
    }

    const TimePoint now = clock_.Now();
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        for (Parsed& p : good) {
            Neighbourhood& n = p.neighbourhood;
            n.tenant_id = std::string(tenant_id);
            n.updated_at = now;
            GUICHET_TRY(existing, c.QueryOne("SELECT id FROM neighbourhoods WHERE tenant_id = $1 "
                                             "AND external_id = $2",
                                             {n.tenant_id, n.external_id}));
            if (existing) {
                n.id = existing->Text(0);
                GUICHET_CHECK(Write(c, n, false));
                ++report.updated;
            } else {
                n.id = NewId(now);
                GUICHET_CHECK(Write(c, n, true));
                ++report.created;
            }
        }
        return {};
    }));
    if (!good.empty()) changes_.Publish(tenant_id, Change::kNeighbourhoods);
    return report;
}

}  // namespace guichet::knowledge
