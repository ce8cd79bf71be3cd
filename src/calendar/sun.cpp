// NOAA solar position: declination and equation of time from the Julian century, then the hour
// angle at which the sun's centre reaches the requested zenith. Each event is computed twice, the
// second time at the instant found the first time, which brings the error well under a minute.
#include "calendar/sun.hpp"

#include <cmath>

namespace guichet::calendar {
namespace {

constexpr double kPi = 3.14159265358979323846;
double Rad(double deg) { return deg * kPi / 180.0; }
double Deg(double rad) { return rad * 180.0 / kPi; }

struct SolarPosition {
    double declination;       // Radians.
    double equation_of_time;  // Minutes.
};

// `jd`: Julian day (UTC).
SolarPosition Position(double jd) {
    const double t = (jd - 2451545.0) / 36525.0;
    const double l0 = std::fmod(280.46646 + t * (36000.76983 + t * 0.0003032), 360.0);
    const double m = 357.52911 + t * (35999.05029 - 0.0001537 * t);
    const double e = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
    const double c = std::sin(Rad(m)) * (1.914602 - t * (0.004817 + 0.000014 * t)) +
                     std::sin(Rad(2 * m)) * (0.019993 - 0.000101 * t) +
                     std::sin(Rad(3 * m)) * 0.000289;
    const double true_long = l0 + c;
    const double omega = 125.04 - 1934.136 * t;
    const double lambda = true_long - 0.00569 - 0.00478 * std::sin(Rad(omega));
    const double eps0 =
        23.0 + (26.0 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60.0) / 60.0;
    const double eps = eps0 + 0.00256 * std::cos(Rad(omega));
    const double declination = std::asin(std::sin(Rad(eps)) * std::sin(Rad(lambda)));
    const double y = std::pow(std::tan(Rad(eps / 2.0)), 2);
    const double eq = y * std::sin(2 * Rad(l0)) - 2 * e * std::sin(Rad(m)) +
                      4 * e * y * std::sin(Rad(m)) * std::cos(2 * Rad(l0)) -
                      0.5 * y * y * std::sin(4 * Rad(l0)) - 1.25 * e * e * std::sin(2 * Rad(m));
    return {declination, 4.0 * Deg(eq)};
}

// Minutes after 00:00 UTC of the civil day whose 00:00 UTC is Julian day `jd0`, or nullopt.
std::optional<double> EventUtc(double jd0, double lat, double lon, double zenith, bool rising) {
    double minutes = 720.0 - 4.0 * lon;  // First guess: solar noon.
    for (int pass = 0; pass < 2; ++pass) {
        const SolarPosition p = Position(jd0 + minutes / 1440.0);
        const double cos_ha =
            std::cos(Rad(zenith)) / (std::cos(Rad(lat)) * std::cos(p.declination)) -
            std::tan(Rad(lat)) * std::tan(p.declination);
        if (cos_ha < -1.0 || cos_ha > 1.0) return std::nullopt;
        const double ha = Deg(std::acos(cos_ha));
        const double noon = 720.0 - 4.0 * lon - p.equation_of_time;
        minutes = rising ? noon - 4.0 * ha : noon + 4.0 * ha;
    }
    return minutes;
}

}  // namespace

SunTimes ComputeSunTimes(date::local_days day, double lat, double lon,
                         const date::time_zone* zone) {
    // Julian day at 00:00 UTC of the same civil date (1970-01-01 is JD 2440587.5).
    const double jd0 = 2440587.5 + static_cast<double>(day.time_since_epoch().count());
    const date::sys_seconds utc_midnight{
        std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch())};
    auto local = [&](std::optional<double> utc_minutes) -> std::optional<int> {
        if (!utc_minutes) return std::nullopt;
        const auto instant =
            utc_midnight +
            std::chrono::seconds(static_cast<long long>(std::floor(*utc_minutes * 60.0)));
        date::local_seconds wall{instant.time_since_epoch()};
        if (zone != nullptr) wall = zone->to_local(instant);
        const auto since = wall - date::local_seconds{day.time_since_epoch()};
        return static_cast<int>(std::floor(static_cast<double>(since.count()) / 60.0));
    };
    SunTimes out;
    out.dawn = local(EventUtc(jd0, lat, lon, 96.0, true));
    out.sunrise = local(EventUtc(jd0, lat, lon, 90.833, true));
    out.sunset = local(EventUtc(jd0, lat, lon, 90.833, false));
    out.dusk = local(EventUtc(jd0, lat, lon, 96.0, false));
    return out;
}

}  // namespace guichet::calendar
