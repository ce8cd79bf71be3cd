// libFuzzer target of the opening_hours parser: parses arbitrary bytes; a value that parses is
// evaluated over a week (with and without coordinates), prettified, and the prettified form must
// parse again and prettify to itself.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "calendar/opening_hours.hpp"

using namespace guichet::calendar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 4096) return 0;
    const std::string_view value(reinterpret_cast<const char*>(data), size);
    const auto oh = OpeningHours::Parse(value, size % 2 == 0 ? OhMode::kTimeRanges : OhMode::kBoth);
    if (!oh) {
        if (oh.error().position > value.size()) std::abort();
        return 0;
    }
    using namespace date::literals;
    const date::local_seconds from = date::local_days{2024_y / 12 / 28};
    const date::local_seconds to = from + date::days{7};
    OhContext plain;
    OhContext sunny;
    sunny.lat = size % 3 == 0 ? 69.65 : 48.85;  // Tromsø has polar nights.
    sunny.lon = 2.35;
    for (const OhContext* context : {&plain, &sunny}) {
        const auto intervals = oh->Intervals(from, to, *context);
        for (const auto& i : intervals)
            if (i.from >= i.to || i.from < from || i.to > to) std::abort();
        (void)oh->StateAt(from + std::chrono::hours(13), *context);
        (void)oh->NextChange(from, *context, from + date::days{40});
    }
    const std::string pretty = oh->Prettified();
    const auto again =
        OpeningHours::Parse(pretty, size % 2 == 0 ? OhMode::kTimeRanges : OhMode::kBoth);
    if (!again) std::abort();
    if (again->Prettified() != pretty) std::abort();
    return 0;
}
