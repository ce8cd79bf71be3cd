#include "calendar/holidays.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <utility>

#include <gtest/gtest.h>
#include <boost/json.hpp>

namespace guichet::calendar {
namespace {

using date::April;
using date::December;
using date::June;
using date::March;
using date::May;
using date::October;

Day D(int y, unsigned m, unsigned d) { return date::year{y} / date::month{m} / date::day{d}; }

std::string Iso(Day day) { return date::format("%F", day); }

std::set<std::pair<Day, std::string>> AsSet(const std::vector<Holiday>& holidays) {
    std::set<std::pair<Day, std::string>> out;
    for (const Holiday& h : holidays) out.emplace(h.day, h.name);
    return out;
}

HolidayRules Rules(HolidayZone zone) {
    HolidayRules rules;
    rules.zone = zone;
    return rules;
}

std::optional<std::string> Name(HolidayZone zone, Day day) {
    return HolidayCalendar(Rules(zone)).PublicHoliday(day);
}

TEST(HolidaysEaster, KnownYears) {
    EXPECT_EQ(EasterSunday(1818), D(1818, 3, 22));  // The earliest possible date.
    EXPECT_EQ(EasterSunday(1943), D(1943, 4, 25));  // The latest possible date.
    EXPECT_EQ(EasterSunday(2000), D(2000, 4, 23));
    EXPECT_EQ(EasterSunday(2008), D(2008, 3, 23));
    EXPECT_EQ(EasterSunday(2011), D(2011, 4, 24));
    EXPECT_EQ(EasterSunday(2019), D(2019, 4, 21));
    EXPECT_EQ(EasterSunday(2024), D(2024, 3, 31));
    EXPECT_EQ(EasterSunday(2025), D(2025, 4, 20));
    EXPECT_EQ(EasterSunday(2026), D(2026, 4, 5));
    EXPECT_EQ(EasterSunday(2027), D(2027, 3, 28));
    EXPECT_EQ(EasterSunday(2038), D(2038, 4, 25));
    EXPECT_EQ(EasterSunday(2285), D(2285, 3, 22));
    for (int year = 1583; year < 2500; ++year) {
        const Day easter = EasterSunday(year);
        ASSERT_EQ(date::weekday{easter}, date::Sunday) << year;
        ASSERT_GE(easter, date::year{year} / March / 22) << year;
        ASSERT_LE(easter, date::year{year} / April / 25) << year;
    }
}

TEST(HolidaysZones, MetropoleHasElevenDays) {
    const auto holidays = PublicHolidays(Rules(HolidayZone::kMetropole), 2026);
    ASSERT_EQ(holidays.size(), 11u);
    EXPECT_EQ(holidays.front().day, D(2026, 1, 1));
    EXPECT_EQ(holidays.front().name, "1er janvier");
    EXPECT_EQ(Name(HolidayZone::kMetropole, D(2026, 4, 6)), "Lundi de Pâques");
    EXPECT_EQ(Name(HolidayZone::kMetropole, D(2026, 5, 14)), "Ascension");
    EXPECT_EQ(Name(HolidayZone::kMetropole, D(2026, 5, 25)), "Lundi de Pentecôte");
    EXPECT_EQ(Name(HolidayZone::kMetropole, D(2026, 7, 14)), "14 juillet");
    EXPECT_EQ(Name(HolidayZone::kMetropole, D(2026, 12, 25)), "Jour de Noël");
    EXPECT_EQ(Name(HolidayZone::kMetropole, D(2026, 4, 3)), std::nullopt);  // Good Friday.
    EXPECT_EQ(Name(HolidayZone::kMetropole, D(2026, 12, 26)), std::nullopt);
    EXPECT_EQ(Name(HolidayZone::kMetropole, D(2026, 4, 5)), std::nullopt);  // Easter Sunday.
    EXPECT_TRUE(std::is_sorted(holidays.begin(), holidays.end(),
                               [](const Holiday& a, const Holiday& b) { return a.day < b.day; }));
}

TEST(HolidaysZones, AlsaceMoselleAddsGoodFridayAndSaintStephen) {
    const auto holidays = PublicHolidays(Rules(HolidayZone::kAlsaceMoselle), 2026);
    EXPECT_EQ(holidays.size(), 13u);
    EXPECT_EQ(Name(HolidayZone::kAlsaceMoselle, D(2026, 4, 3)), "Vendredi saint");
    EXPECT_EQ(Name(HolidayZone::kAlsaceMoselle, D(2025, 4, 18)), "Vendredi saint");
    EXPECT_EQ(Name(HolidayZone::kAlsaceMoselle, D(2026, 12, 26)), "2ème jour de Noël");
}

TEST(HolidaysZones, EachOverseasZoneHasItsAbolitionDay) {
    const std::string abolition = "Abolition de l'esclavage";
    EXPECT_EQ(Name(HolidayZone::kGuadeloupe, D(2026, 5, 27)), abolition);
    EXPECT_EQ(Name(HolidayZone::kMartinique, D(2026, 5, 22)), abolition);
    EXPECT_EQ(Name(HolidayZone::kGuyane, D(2026, 6, 10)), abolition);
    EXPECT_EQ(Name(HolidayZone::kLaReunion, D(2026, 12, 20)), abolition);
    EXPECT_EQ(Name(HolidayZone::kMayotte, D(2026, 4, 27)), abolition);
    EXPECT_EQ(Name(HolidayZone::kSaintBarthelemy, D(2026, 10, 9)), abolition);
    EXPECT_EQ(Name(HolidayZone::kSaintMartin, D(2026, 5, 28)), abolition);
    // Each day is its own zone's only: Martinique's 22 May is no holiday in Guadeloupe.
    EXPECT_EQ(Name(HolidayZone::kGuadeloupe, D(2026, 5, 22)), std::nullopt);
    EXPECT_EQ(Name(HolidayZone::kMetropole, D(2026, 5, 27)), std::nullopt);
    // Saint-Pierre-et-Miquelon has the metropolitan list.
    EXPECT_EQ(PublicHolidays(Rules(HolidayZone::kSaintPierreEtMiquelon), 2026).size(), 11u);
    for (HolidayZone zone : {HolidayZone::kGuadeloupe, HolidayZone::kMartinique,
                             HolidayZone::kGuyane, HolidayZone::kLaReunion, HolidayZone::kMayotte,
                             HolidayZone::kSaintBarthelemy, HolidayZone::kSaintMartin}) {
        EXPECT_EQ(PublicHolidays(Rules(zone), 2026).size(), 12u) << HolidayZoneName(zone);
        // The official list has no Good Friday overseas (it is customary in the Antilles).
        EXPECT_EQ(Name(zone, D(2026, 4, 3)), std::nullopt) << HolidayZoneName(zone);
    }
}

TEST(HolidaysZones, SaintMartinDateIsASettingSince2018) {
    EXPECT_EQ(Name(HolidayZone::kSaintMartin, D(2017, 5, 27)), "Abolition de l'esclavage");
    EXPECT_EQ(Name(HolidayZone::kSaintMartin, D(2017, 5, 28)), std::nullopt);
    EXPECT_EQ(Name(HolidayZone::kSaintMartin, D(2018, 5, 28)), "Abolition de l'esclavage");
    HolidayRules rules = Rules(HolidayZone::kSaintMartin);
    rules.saint_martin_abolition = May / 27;
    HolidayCalendar calendar(rules);
    EXPECT_EQ(calendar.PublicHoliday(D(2026, 5, 27)), "Abolition de l'esclavage");
    EXPECT_EQ(calendar.PublicHoliday(D(2026, 5, 28)), std::nullopt);
}

TEST(HolidaysZones, AscensionOnFirstOfMay2008IsTwoHolidays) {
    const auto holidays = PublicHolidays(Rules(HolidayZone::kMetropole), 2008);
    EXPECT_EQ(holidays.size(), 11u);
    const auto set = AsSet(holidays);
    EXPECT_TRUE(set.count({D(2008, 5, 1), "1er mai"}));
    EXPECT_TRUE(set.count({D(2008, 5, 1), "Ascension"}));
    EXPECT_EQ(Name(HolidayZone::kMetropole, D(2008, 5, 1)), "1er mai, Ascension");
}

TEST(HolidaysZones, ExtraClosuresArePublicHolidays) {
    HolidayRules rules = Rules(HolidayZone::kMayotte);
    rules.extra_closures = {{D(2026, 3, 20), "Aïd el-Fitr"},
                            {D(2026, 5, 15), "Pont de l'Ascension"},
                            {D(2026, 7, 14), "Fête du village"},
                            {D(2027, 1, 2), "Pont du Nouvel An"}};
    const auto holidays = PublicHolidays(rules, 2026);
    EXPECT_EQ(holidays.size(), 15u);  // 12 by law + 3 of the tenant's in 2026.
    HolidayCalendar calendar(rules);
    EXPECT_EQ(calendar.PublicHoliday(D(2026, 3, 20)), "Aïd el-Fitr");
    EXPECT_EQ(calendar.PublicHoliday(D(2026, 5, 15)), "Pont de l'Ascension");
    EXPECT_EQ(calendar.PublicHoliday(D(2026, 7, 14)), "14 juillet, Fête du village");
    EXPECT_EQ(calendar.PublicHoliday(D(2027, 1, 2)), "Pont du Nouvel An");
    EXPECT_EQ(calendar.PublicHoliday(D(2026, 3, 21)), std::nullopt);
    EXPECT_TRUE(calendar.IsPublicHoliday(D(2026, 3, 20)));
    EXPECT_TRUE(calendar.IsPublicHoliday(D(2026, 4, 27)));
    EXPECT_FALSE(calendar.IsPublicHoliday(D(2026, 3, 21)));
}

TEST(HolidaysZones, NamesRoundTrip) {
    for (const char* name :
         {"metropole", "alsace-moselle", "guadeloupe", "martinique", "guyane", "la-reunion",
          "mayotte", "saint-barthelemy", "saint-martin", "saint-pierre-et-miquelon"}) {
        auto zone = ParseHolidayZone(name);
        ASSERT_TRUE(zone) << name;
        EXPECT_EQ(HolidayZoneName(*zone), name);
    }
    EXPECT_EQ(ParseHolidayZone("Metropole"), std::nullopt);
    EXPECT_EQ(ParseHolidayZone("nouvelle-caledonie"), std::nullopt);
    EXPECT_EQ(ParseHolidayZone(""), std::nullopt);
}

TEST(HolidaysZones, ZoneOfDepartment) {
    EXPECT_EQ(ZoneOfDepartment("57"), HolidayZone::kAlsaceMoselle);
    EXPECT_EQ(ZoneOfDepartment("67"), HolidayZone::kAlsaceMoselle);
    EXPECT_EQ(ZoneOfDepartment("68"), HolidayZone::kAlsaceMoselle);
    EXPECT_EQ(ZoneOfDepartment("971"), HolidayZone::kGuadeloupe);
    EXPECT_EQ(ZoneOfDepartment("972"), HolidayZone::kMartinique);
    EXPECT_EQ(ZoneOfDepartment("973"), HolidayZone::kGuyane);
    EXPECT_EQ(ZoneOfDepartment("974"), HolidayZone::kLaReunion);
    EXPECT_EQ(ZoneOfDepartment("975"), HolidayZone::kSaintPierreEtMiquelon);
    EXPECT_EQ(ZoneOfDepartment("976"), HolidayZone::kMayotte);
    EXPECT_EQ(ZoneOfDepartment("977"), HolidayZone::kSaintBarthelemy);
    EXPECT_EQ(ZoneOfDepartment("978"), HolidayZone::kSaintMartin);
    for (const char* code : {"01", "13", "19", "21", "2A", "2B", "54", "69", "75", "91", "95"}) {
        EXPECT_EQ(ZoneOfDepartment(code), HolidayZone::kMetropole) << code;
    }
    for (const char* code : {"", "0", "00", "1", "20", "96", "99", "970", "979", "980", "2C", "750",
                             "7", "ab", "57 "}) {
        EXPECT_EQ(ZoneOfDepartment(code), std::nullopt) << "'" << code << "'";
    }
}

TEST(HolidaysCalendar, SchoolHolidayName) {
    HolidayRules rules;
    rules.school_holidays = {{D(2026, 4, 18), D(2026, 5, 3), "Vacances de printemps"},
                             {D(2026, 2, 7), D(2026, 2, 22), "Vacances d'hiver"}};
    HolidayCalendar calendar(rules);
    EXPECT_EQ(calendar.SchoolHolidayName(D(2026, 2, 7)), "Vacances d'hiver");
    EXPECT_EQ(calendar.SchoolHolidayName(D(2026, 2, 22)), "Vacances d'hiver");
    EXPECT_EQ(calendar.SchoolHolidayName(D(2026, 2, 23)), std::nullopt);
    EXPECT_EQ(calendar.SchoolHolidayName(D(2026, 4, 20)), "Vacances de printemps");
    EXPECT_EQ(calendar.SchoolHolidayName(D(2026, 1, 1)), std::nullopt);
}

TEST(HolidaysCalendar, IsSafeToShareBetweenThreads) {
    HolidayCalendar calendar(Rules(HolidayZone::kAlsaceMoselle));
    std::vector<std::thread> threads;
    std::vector<int> counts(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (Day day = D(2000, 1, 1); day < D(2040, 1, 1); day += date::days{1}) {
                if (calendar.PublicHoliday(day)) ++counts[t];
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (int count : counts) EXPECT_EQ(count, 40 * 13 - 1);  // 1 May = Ascension in 2008.
}

// ---- Conformance with the reference data in ../shared/data/holidays -----------------------------

std::optional<std::filesystem::path> SharedHolidays() {
    const char* root = std::getenv("GUICHET_SHARED_DATA");
    if (root == nullptr) return std::nullopt;
    std::filesystem::path dir = std::filesystem::path(root) / "holidays";
    if (!std::filesystem::is_directory(dir)) return std::nullopt;
    return dir;
}

std::string SkipReason() {
    const char* root = std::getenv("GUICHET_SHARED_DATA");
    return std::string("../shared/data not found: GUICHET_SHARED_DATA=") +
           (root ? root : "(unset)") + " has no holidays/ folder";
}

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> Split(const std::string& s, char separator) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream in(s);
    while (std::getline(in, item, separator)) out.push_back(item);
    if (!s.empty() && s.back() == separator) out.emplace_back();
    return out;
}

Day ParseIso(const std::string& s) {
    std::istringstream in(s);
    Day day;
    in >> date::parse("%F", day);
    EXPECT_FALSE(in.fail()) << s;
    return day;
}

// The zones of the reference files that we support, by their spelling there.
const std::map<std::string, HolidayZone>& EtalabZones() {
    static const std::map<std::string, HolidayZone> zones = {
        {"Métropole", HolidayZone::kMetropole},
        {"Alsace-Moselle", HolidayZone::kAlsaceMoselle},
        {"Guadeloupe", HolidayZone::kGuadeloupe},
        {"Martinique", HolidayZone::kMartinique},
        {"Guyane", HolidayZone::kGuyane},
        {"La Réunion", HolidayZone::kLaReunion},
        {"Mayotte", HolidayZone::kMayotte},
        {"Saint-Barthélémy", HolidayZone::kSaintBarthelemy},
        {"Saint-Martin", HolidayZone::kSaintMartin},
        {"Saint-Pierre-et-Miquelon", HolidayZone::kSaintPierreEtMiquelon},
    };
    return zones;
}

TEST(HolidaysConformance, EtalabCsv2006To2031AllZones) {
    auto dir = SharedHolidays();
    if (!dir) GTEST_SKIP() << SkipReason();
    const std::string csv = ReadFile(*dir / "etalab" / "jours_feries.csv");
    ASSERT_FALSE(csv.empty()) << "cannot read etalab/jours_feries.csv";

    // (date, name) per zone, both ways.
    std::map<HolidayZone, std::set<std::pair<Day, std::string>>> reference;
    std::set<std::string> unsupported;
    std::istringstream lines(csv);
    std::string line;
    std::getline(lines, line);
    ASSERT_EQ(line.substr(0, 25), "date,nom_jour_ferie,zones");
    int rows = 0;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const auto fields = Split(line, ',');
        ASSERT_EQ(fields.size(), 3u) << line;
        ++rows;
        const Day day = ParseIso(fields[0]);
        for (const std::string& zone : Split(fields[2], '|')) {
            auto it = EtalabZones().find(zone);
            if (it == EtalabZones().end()) {
                unsupported.insert(zone);
                continue;
            }
            reference[it->second].emplace(day, fields[1]);
        }
    }
    EXPECT_EQ(unsupported, (std::set<std::string>{"Nouvelle-Calédonie", "Polynésie Française",
                                                  "Wallis-et-Futuna"}));
    ASSERT_EQ(reference.size(), 10u);

    std::size_t compared = 0;
    std::size_t distinct_days = 0;
    for (const auto& [zone, expected] : reference) {
        std::set<std::pair<Day, std::string>> ours;
        for (int year = 2006; year <= 2031; ++year) {
            for (auto& entry : AsSet(PublicHolidays(Rules(zone), year))) ours.insert(entry);
        }
        for (const auto& [day, name] : expected) {
            EXPECT_TRUE(ours.count({day, name})) << HolidayZoneName(zone) << ": reference has "
                                                 << Iso(day) << " " << name << ", we do not";
        }
        for (const auto& [day, name] : ours) {
            EXPECT_TRUE(expected.count({day, name}))
                << HolidayZoneName(zone) << ": we have " << Iso(day) << " " << name
                << ", the reference does not";
        }
        std::set<Day> days;
        for (const auto& entry : expected) days.insert(entry.first);
        compared += expected.size();
        distinct_days += days.size();
    }
    std::cout << "[ conformance ] etalab jours_feries.csv, " << rows << " rows, 2006-2031, "
              << reference.size() << " zones: " << compared << " (zone, date, name) entries on "
              << distinct_days << " zone-dates compared both ways"
              << (HasFailure() ? ", DIFFERENCES above" : ", 100 % equal") << "\n";
}

TEST(HolidaysConformance, EtalabJsonDatesPerZone) {
    auto dir = SharedHolidays();
    if (!dir) GTEST_SKIP() << SkipReason();
    // The JSON files keep one name per date (see the data's README): compare dates only.
    const std::map<std::string, HolidayZone> files = {
        {"metropole", HolidayZone::kMetropole},
        {"alsace-moselle", HolidayZone::kAlsaceMoselle},
        {"guadeloupe", HolidayZone::kGuadeloupe},
        {"martinique", HolidayZone::kMartinique},
        {"guyane", HolidayZone::kGuyane},
        {"la-reunion", HolidayZone::kLaReunion},
        {"mayotte", HolidayZone::kMayotte},
        {"saint-barthelemy", HolidayZone::kSaintBarthelemy},
        {"saint-martin", HolidayZone::kSaintMartin},
        {"saint-pierre-et-miquelon", HolidayZone::kSaintPierreEtMiquelon},
    };
    for (const auto& [file, zone] : files) {
        const std::string text = ReadFile(*dir / "etalab" / "json" / (file + ".json"));
        ASSERT_FALSE(text.empty()) << file;
        std::set<Day> expected;
        int first_year = 9999;
        int last_year = 0;
        const boost::json::value json = boost::json::parse(text);
        for (const auto& entry : json.as_object()) {
            const Day day = ParseIso(std::string(entry.key()));
            expected.insert(day);
            const int year = static_cast<int>(date::year_month_day{day}.year());
            first_year = std::min(first_year, year);
            last_year = std::max(last_year, year);
        }
        std::set<Day> ours;
        for (int year = first_year; year <= last_year; ++year) {
            for (const Holiday& h : PublicHolidays(Rules(zone), year)) ours.insert(h.day);
        }
        EXPECT_EQ(ours, expected) << file << " " << first_year << "-" << last_year;
    }
}

TEST(HolidaysConformance, OpenHolidaysPublicCsv2020To2030) {
    auto dir = SharedHolidays();
    if (!dir) GTEST_SKIP() << SkipReason();
    std::string csv = ReadFile(*dir / "openholidays" / "fr_holidays.public.csv");
    ASSERT_FALSE(csv.empty());
    if (csv.rfind("\xEF\xBB\xBF", 0) == 0) csv.erase(0, 3);

    // Subdivision codes of the OpenHolidays data; an empty list means the whole country.
    const std::map<HolidayZone, std::set<std::string>> codes = {
        {HolidayZone::kMetropole, {}},
        {HolidayZone::kAlsaceMoselle, {"GE-MO", "GE-BR", "GE-HR"}},
        {HolidayZone::kGuadeloupe, {"GP"}},
        {HolidayZone::kMartinique, {"MQ"}},
        {HolidayZone::kGuyane, {"GY"}},
        {HolidayZone::kLaReunion, {"RU"}},
        {HolidayZone::kMayotte, {"YT"}},
        {HolidayZone::kSaintBarthelemy, {"BL"}},
        {HolidayZone::kSaintMartin, {"MF"}},
        {HolidayZone::kSaintPierreEtMiquelon, {"SP"}},
    };
    std::map<HolidayZone, std::set<Day>> expected;
    std::istringstream lines(csv);
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const auto fields = Split(line, ';');
        ASSERT_GE(fields.size(), 8u) << line;
        if (fields[4] != "Public") continue;
        const Day day = ParseIso(fields[2]);
        const auto subdivisions = Split(fields[7], ',');
        for (const auto& [zone, zone_codes] : codes) {
            bool applies = subdivisions.empty();
            for (const std::string& code : subdivisions) applies |= zone_codes.count(code) > 0;
            if (applies) expected[zone].insert(day);
        }
    }
    std::size_t compared = 0;
    for (const auto& [zone, days] : expected) {
        HolidayRules rules = Rules(zone);
        // OpenHolidays still gives Saint-Martin Guadeloupe's 27 May; the official data set (and
        // the collectivité since 2018) 28 May. With the setting at 27 May, both agree.
        if (zone == HolidayZone::kSaintMartin) rules.saint_martin_abolition = May / 27;
        std::set<Day> ours;
        for (int year = 2020; year <= 2030; ++year) {
            for (const Holiday& h : PublicHolidays(rules, year)) ours.insert(h.day);
        }
        EXPECT_EQ(ours, days) << HolidayZoneName(zone);
        compared += days.size();
    }
    EXPECT_EQ(expected.size(), 10u);
    std::cout << "[ conformance ] openholidays fr_holidays.public.csv, 2020-2030, "
              << expected.size() << " zones: " << compared << " zone-dates"
              << (HasFailure() ? ", DIFFERENCES above" : ", 100 % equal") << "\n";
}

TEST(Feasts, NamedDaysOfTheFrenchCalendar) {
    const auto d = [](int y, unsigned m, unsigned day) {
        return Day(date::year(y) / date::month(m) / date::day(day));
    };
    EXPECT_EQ(FeastDay(Feast::kEaster, 2027), d(2027, 3, 28));
    EXPECT_EQ(FeastDay(Feast::kEasterMonday, 2026), d(2026, 4, 6));
    EXPECT_EQ(FeastDay(Feast::kAscension, 2027), d(2027, 5, 6));
    EXPECT_EQ(FeastDay(Feast::kWhitMonday, 2027), d(2027, 5, 17));
    EXPECT_EQ(FeastDay(Feast::kShroveTuesday, 2027), d(2027, 2, 9));
    // Mother's day moves to June when Pentecost is on the last Sunday of May (2020).
    EXPECT_EQ(FeastDay(Feast::kMothersDay, 2020), d(2020, 6, 7));
    EXPECT_EQ(FeastDay(Feast::kMothersDay, 2026), d(2026, 5, 31));
    EXPECT_EQ(FeastDay(Feast::kFathersDay, 2026), d(2026, 6, 21));
    EXPECT_EQ(FeastDay(Feast::kNewYearsEve, 2026), d(2026, 12, 31));
    EXPECT_EQ(FeastDay(Feast::kAllSaints, 2027), d(2027, 11, 1));
    EXPECT_EQ(FeastName(Feast::kAllSaints), "la Toussaint");
}

}  // namespace
}  // namespace guichet::calendar
