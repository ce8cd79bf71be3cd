// The C++ side of bench/opening_hours_vs_js.sh: the same values and windows as bench_js.mjs.
// Prints one JSON line: evaluations, seconds, intervals (a checksum to compare with the baseline).
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <date/tz.h>

#include "calendar/holidays.hpp"
#include "calendar/opening_hours.hpp"
#include "calendar/school_holidays.hpp"

using namespace guichet::calendar;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: oh_bench VALUES_FILE [MIN_SECONDS]\n";
        return 2;
    }
    const double min_seconds = argc > 2 ? std::stod(argv[2]) : 2.0;
    std::ifstream in(argv[1]);
    std::vector<OpeningHours> parsed;
    for (std::string line; std::getline(in, line);) {
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        auto oh = OpeningHours::Parse(line);
        if (!oh) {
            std::cerr << "does not parse: " << line << " (" << oh.error().message << ")\n";
            return 1;
        }
        parsed.push_back(std::move(*oh));
    }
    HolidayRules rules;
    rules.zone = HolidayZone::kMetropole;
    rules.school_holidays = ShippedSchoolHolidays(SchoolZone::kC);
    HolidayCalendar holidays(rules);
    OhContext context{&holidays, date::locate_zone("Europe/Paris"), 48.8566, 2.3522};
    std::vector<std::pair<date::local_seconds, date::local_seconds>> windows;
    const date::local_days first{date::year(2026) / date::January / 5};
    for (int i = 0; i < 52; ++i) {
        windows.emplace_back(first + date::days(7 * i), first + date::days(7 * i + 7));
    }
    auto pass = [&] {
        std::size_t intervals = 0;
        for (const auto& oh : parsed) {
            for (const auto& [from, to] : windows)
                intervals += oh.Intervals(from, to, context).size();
        }
        return intervals;
    };
    const std::size_t checksum = pass();
    std::size_t evaluations = 0;
    const auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    while (elapsed < min_seconds) {
        pass();
        evaluations += parsed.size() * windows.size();
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    std::cout << "{\"engine\":\"guichet\",\"evaluations\":" << evaluations
              << ",\"seconds\":" << elapsed << ",\"intervals\":" << checksum << "}\n";
    return 0;
}
