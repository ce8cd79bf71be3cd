// Sun times against published values (NOAA solar calculator, minutes truncated).
#include <gtest/gtest.h>

#include "calendar/sun.hpp"

namespace guichet::calendar {
namespace {

using namespace date::literals;

TEST(SunTest, ParisAtTheSummerSolstice) {
    const auto* paris = date::locate_zone("Europe/Paris");
    const SunTimes t = ComputeSunTimes(date::local_days{2024_y / 6 / 21}, 48.8566, 2.3522, paris);
    ASSERT_TRUE(t.sunrise && t.sunset && t.dawn && t.dusk);
    // NOAA: sunrise 05:47, sunset 21:58, civil dawn 05:04, civil dusk 22:41 (local time).
    EXPECT_NEAR(*t.sunrise, 5 * 60 + 47, 1);
    EXPECT_NEAR(*t.sunset, 21 * 60 + 58, 1);
    EXPECT_NEAR(*t.dawn, 5 * 60 + 4, 2);
    EXPECT_NEAR(*t.dusk, 22 * 60 + 41, 2);
}

TEST(SunTest, PolarNightHasNoSunrise) {
    const SunTimes t = ComputeSunTimes(date::local_days{2024_y / 12 / 21}, 78.22, 15.65, nullptr);
    EXPECT_FALSE(t.sunrise);
    EXPECT_FALSE(t.sunset);
}

TEST(SunTest, WithoutZoneTimesAreUtc) {
    const SunTimes t = ComputeSunTimes(date::local_days{2024_y / 3 / 20}, 0.0, 0.0, nullptr);
    ASSERT_TRUE(t.sunrise && t.sunset);
    EXPECT_NEAR(*t.sunrise, 6 * 60 + 4, 2);
    EXPECT_NEAR(*t.sunset, 18 * 60 + 10, 2);
}

}  // namespace
}  // namespace guichet::calendar
