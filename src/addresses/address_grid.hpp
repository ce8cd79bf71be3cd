// The addresses module's shared arithmetic (internal: included by address_import.cpp and
// address_lookup.cpp only): the grid cells of the nearest-point search, distances, the text of a
// house number, and the import's batch limits. Pure functions; thread-safe.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

namespace guichet::addresses::detail {

// The grid of the nearest-point search: cells of kCellDegrees (about 220 m north-south, 150 m
// east-west in metropolitan France), numbered row * kCellRowStride + column.
inline constexpr double kCellDegrees = 0.002;
inline constexpr int64_t kCellRowStride = 1'000'000;

inline int64_t CellRow(double lat) {
    return static_cast<int64_t>(std::floor((lat + 90) / kCellDegrees));
}
inline int64_t CellColumn(double lon) {
    return static_cast<int64_t>(std::floor((lon + 180) / kCellDegrees));
}
inline int64_t CellOf(double lat, double lon) {
    return CellRow(lat) * kCellRowStride + CellColumn(lon);
}

// Equirectangular distance: exact enough within a few kilometres.
inline double DistanceMetres(double lat1, double lon1, double lat2, double lon2) {
    constexpr double kPi = 3.14159265358979323846;
    const double x = (lon2 - lon1) * std::cos((lat1 + lat2) / 2 * kPi / 180) * 111320.0;
    const double y = (lat2 - lat1) * 110540.0;
    return std::sqrt(x * x + y * y);
}

inline constexpr std::size_t kBatchRows = 5000;
inline constexpr std::size_t kMaxStreets = 2'000'000;

inline std::string NumberText(int64_t number, const std::string& rep) {
    return rep.empty() ? std::to_string(number) : std::to_string(number) + " " + rep;
}

}  // namespace guichet::addresses::detail
