// Areas on a map: the GeoJSON Polygon and MultiPolygon geometries of neighbourhoods (quartiers),
// checked when read, and the tests the rest of the product needs (does a point lie inside, what
// box holds it).
//
// Coordinates are WGS 84 longitude/latitude in degrees, in GeoJSON order ([lon, lat]). Computation
// is planar on those degrees: right for areas the size of a commune, not for continents or for
// shapes that cross the antimeridian (refused, since longitudes must stay within -180..180).
// Thread-safety: values and pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/result.hpp"

namespace guichet::knowledge {

struct LonLat {
    double lon = 0;
    double lat = 0;
    bool operator==(const LonLat&) const = default;
};

// A closed ring: at least four positions, the last one equal to the first.
using Ring = std::vector<LonLat>;

// An outer ring followed by its holes.
using PolygonRings = std::vector<Ring>;

// The smallest box holding a geometry; empty (south > north) until something is added.
struct BoundingBox {
    double south = 90, west = 180, north = -90, east = -180;

    bool Empty() const { return south > north; }
    void Add(LonLat p);
    void Add(const BoundingBox& other);
    bool Contains(double lat, double lon) const {
        return !Empty() && lat >= south && lat <= north && lon >= west && lon <= east;
    }
};

// A Polygon (one entry in `polygons`) or a MultiPolygon (one or more), as validated.
struct Geometry {
    bool multi = false;  // Written back as "MultiPolygon" when true.
    std::vector<PolygonRings> polygons;
};

// Limits that keep one neighbourhood small enough to send to a phone with the map.
inline constexpr std::size_t kMaxGeometryPositions = 20000;
inline constexpr std::size_t kMaxGeometryPolygons = 500;
inline constexpr std::size_t kMaxPolygonRings = 100;

// Reads a GeoJSON geometry object. Refused with kInvalidArgument and a French reason naming the
// polygon, ring and point at fault (counted from 1): a type other than Polygon or MultiPolygon, a
// position that is not two or three finite numbers, a longitude outside -180..180 or a latitude
// outside -90..90, a ring of fewer than four positions or not closed, an outer ring with no area,
// more than the limits above. A third coordinate (altitude) is accepted and dropped. Rings are
// not checked for self-intersection.
Result<Geometry> GeometryFromGeoJson(const boost::json::value& geometry);

// The GeoJSON geometry object ({"type", "coordinates"}).
boost::json::object GeometryToGeoJson(const Geometry& geometry);

// Whether the point lies inside: inside an outer ring and not in one of its holes (even-odd rule
// over the rings of each polygon). A point exactly on an edge may fall on either side.
bool Contains(const Geometry& geometry, double lat, double lon);

BoundingBox BoundsOf(const Geometry& geometry);

// Area in square degrees (outer rings minus holes), to prefer the smaller of two overlapping
// neighbourhoods; not a surface in square metres.
double PlanarArea(const Geometry& geometry);

}  // namespace guichet::knowledge
