#include "knowledge/geometry.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include <boost/json/array.hpp>

namespace guichet::knowledge {
namespace {

// "Anneau extérieur", "Trou 2", "Polygone 3, anneau extérieur": where a reason applies.
std::string Where(const Geometry& g, std::size_t polygon, std::size_t ring) {
    const std::string what = ring == 0 ? "anneau extérieur" : "trou " + std::to_string(ring);
    if (g.multi) return "Polygone " + std::to_string(polygon + 1) + ", " + what;
    return static_cast<char>(std::toupper(what[0])) + what.substr(1);
}

std::optional<double> Number(const boost::json::value& v) {
    if (v.is_double()) return v.as_double();
    if (v.is_int64()) return static_cast<double>(v.as_int64());
    if (v.is_uint64()) return static_cast<double>(v.as_uint64());
    return std::nullopt;
}

// Twice the signed area of a closed ring (shoelace formula).
double SignedArea2(const Ring& ring) {
    double sum = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i)
        sum += ring[i].lon * ring[i + 1].lat - ring[i + 1].lon * ring[i].lat;
    return sum;
}

class Reader {
  public:
    explicit Reader(Geometry& g) : g_(g) {}

    Result<Ring> ReadRing(const boost::json::value& v, std::size_t polygon, std::size_t ring) {
        auto fail = [&](const std::string& reason) {
            return Invalid(Where(g_, polygon, ring) + " : " + reason);
        };
        if (!v.is_array()) return fail("un anneau doit être une liste de positions.");
        const boost::json::array& points = v.as_array();
        if (points.size() < 4)
            return fail(
                "un anneau compte au moins quatre positions (la dernière répète la "
                "première).");
        positions_ += points.size();
        if (positions_ > kMaxGeometryPositions)
            return Invalid("La géométrie dépasse " + std::to_string(kMaxGeometryPositions) +
                           " positions : simplifiez-la avant de l'importer.");
        Ring out;
        out.reserve(points.size());
        for (std::size_t i = 0; i < points.size(); ++i) {
            const std::string point = "point " + std::to_string(i + 1);
            const boost::json::value& p = points[i];
            if (!p.is_array() || p.as_array().size() < 2 || p.as_array().size() > 3)
                return fail(point + " : une position s'écrit [longitude, latitude].");
            auto lon = Number(p.as_array()[0]);
            auto lat = Number(p.as_array()[1]);
            if (!lon || !lat || !std::isfinite(*lon) || !std::isfinite(*lat))
                return fail(point + " : la longitude et la latitude doivent être des nombres.");
            if (p.as_array().size() == 3 && !Number(p.as_array()[2]))
                return fail(point + " : l'altitude doit être un nombre.");
            if (*lon < -180 || *lon > 180)
                return fail(point + " : la longitude doit être comprise entre -180 et 180.");
            if (*lat < -90 || *lat > 90)
                return fail(point +
                            " : la latitude doit être comprise entre -90 et 90 (les "
                            "positions s'écrivent [longitude, latitude]).");
            out.push_back({*lon, *lat});
        }
        if (out.front() != out.back())
            return fail(
                "l'anneau n'est pas fermé (sa dernière position doit répéter la "
                "première).");
        if (ring == 0 && SignedArea2(out) == 0) return fail("l'anneau n'a pas de surface.");
        return out;
    }

    Result<PolygonRings> ReadPolygon(const boost::json::value& v, std::size_t polygon) {
        if (!v.is_array() || v.as_array().empty()) {
            return Invalid(
                (g_.multi ? "Polygone " + std::to_string(polygon + 1) + " : " : std::string()) +
                "un polygone est une liste non vide d'anneaux.");
        }
        const boost::json::array& rings = v.as_array();
        if (rings.size() > kMaxPolygonRings)
            return Invalid("Un polygone compte au plus " + std::to_string(kMaxPolygonRings) +
                           " anneaux.");
        PolygonRings out;
        out.reserve(rings.size());
        for (std::size_t r = 0; r < rings.size(); ++r) {
            GUICHET_TRY(ring, ReadRing(rings[r], polygon, r));
            out.push_back(std::move(ring));
        }
        return out;
    }

  private:
    Geometry& g_;
    std::size_t positions_ = 0;
};

// Even-odd crossing test of one ring (closed: the last position repeats the first).
bool Crosses(const Ring& ring, double lat, double lon) {
    bool inside = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const LonLat& a = ring[i];
        const LonLat& b = ring[j];
        if ((a.lat > lat) != (b.lat > lat) &&
            lon < (b.lon - a.lon) * (lat - a.lat) / (b.lat - a.lat) + a.lon)
            inside = !inside;
    }
    return inside;
}

}  // namespace

void BoundingBox::Add(LonLat p) {
    south = std::min(south, p.lat);
    north = std::max(north, p.lat);
    west = std::min(west, p.lon);
    east = std::max(east, p.lon);
}

void BoundingBox::Add(const BoundingBox& other) {
    if (other.Empty()) return;
    Add(LonLat{other.west, other.south});
    Add(LonLat{other.east, other.north});
}

Result<Geometry> GeometryFromGeoJson(const boost::json::value& v) {
    if (!v.is_object()) return Invalid("La géométrie manque ou n'est pas un objet GeoJSON.");
    const boost::json::object& o = v.as_object();
    const boost::json::value* type = o.if_contains("type");
    const boost::json::value* coordinates = o.if_contains("coordinates");
    Geometry g;
    if (type == nullptr || !type->is_string() ||
        (type->as_string() != "Polygon" && type->as_string() != "MultiPolygon")) {
        return Invalid("La géométrie doit être de type Polygon ou MultiPolygon.");
    }
    g.multi = type->as_string() == "MultiPolygon";
    if (coordinates == nullptr || !coordinates->is_array())
        return Invalid("La géométrie n'a pas de coordonnées (« coordinates »).");
    Reader reader(g);
    if (!g.multi) {
        GUICHET_TRY(polygon, reader.ReadPolygon(*coordinates, 0));
        g.polygons.push_back(std::move(polygon));
        return g;
    }
    const boost::json::array& polygons = coordinates->as_array();
    if (polygons.empty()) return Invalid("Le MultiPolygon ne contient aucun polygone.");
    if (polygons.size() > kMaxGeometryPolygons)
        return Invalid("Un MultiPolygon compte au plus " + std::to_string(kMaxGeometryPolygons) +
                       " polygones.");
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        GUICHET_TRY(polygon, reader.ReadPolygon(polygons[i], i));
        g.polygons.push_back(std::move(polygon));
    }
    return g;
}

boost::json::object GeometryToGeoJson(const Geometry& g) {
    auto polygon_json = [](const PolygonRings& polygon) {
        boost::json::array rings;
        for (const Ring& ring : polygon) {
            boost::json::array points;
            points.reserve(ring.size());
            for (const LonLat& p : ring) points.push_back(boost::json::array{p.lon, p.lat});
            rings.push_back(std::move(points));
        }
        return rings;
    };
    boost::json::value coordinates;
    if (g.multi) {
        boost::json::array polygons;
        for (const auto& polygon : g.polygons) polygons.push_back(polygon_json(polygon));
        coordinates = std::move(polygons);
    } else if (!g.polygons.empty()) {
        coordinates = polygon_json(g.polygons.front());
    } else {
        coordinates = boost::json::array();
    }
    return {{"type", g.multi ? "MultiPolygon" : "Polygon"},
            {"coordinates", std::move(coordinates)}};
}

bool Contains(const Geometry& g, double lat, double lon) {
    for (const PolygonRings& polygon : g.polygons) {
        bool inside = false;
        for (const Ring& ring : polygon)
            if (Crosses(ring, lat, lon)) inside = !inside;
        if (inside) return true;
    }
    return false;
}

BoundingBox BoundsOf(const Geometry& g) {
    BoundingBox box;
    for (const PolygonRings& polygon : g.polygons)
        if (!polygon.empty())
            for (const LonLat& p : polygon.front()) box.Add(p);
    return box;
}

double PlanarArea(const Geometry& g) {
    double area = 0;
    for (const PolygonRings& polygon : g.polygons) {
        for (std::size_t r = 0; r < polygon.size(); ++r) {
            const double a = std::abs(SignedArea2(polygon[r])) / 2;
            area += r == 0 ? a : -a;
        }
    }
    return std::max(0.0, area);
}

}  // namespace guichet::knowledge
