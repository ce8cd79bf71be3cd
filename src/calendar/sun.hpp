// Sunrise, sunset and civil twilight (dawn, dusk) for a place and a civil date.
//
// NOAA's solar-position approximations (the "General Solar Position Calculations" of the NOAA
// Global Monitoring Division): accurate to about a minute between latitudes ±72°. Pure
// computation; thread-safe.
#pragma once

#include <optional>

#include <date/date.h>
#include <date/tz.h>

namespace guichet::calendar {

// Minutes after local midnight of the given day (may be negative or beyond 1440 near the date
// line). Each is nullopt when the event does not happen that day (polar day or night).
struct SunTimes {
    std::optional<int> dawn;     // Civil dawn: the sun 6° below the horizon, rising.
    std::optional<int> sunrise;  // Upper limb on the horizon, with refraction (90.833°).
    std::optional<int> sunset;
    std::optional<int> dusk;  // Civil dusk: 6° below the horizon, setting.
};

// The sun times of `day` at latitude `lat` and longitude `lon` (degrees, east positive), as local
// wall-clock minutes in `zone` (UTC when `zone` is null). Minutes are truncated, not rounded.
SunTimes ComputeSunTimes(date::local_days day, double lat, double lon, const date::time_zone* zone);

}  // namespace guichet::calendar
