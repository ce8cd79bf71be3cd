#include "calendar/school_holidays.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <tuple>

#include <gtest/gtest.h>

namespace guichet::calendar {
namespace {

Day D(int y, unsigned m, unsigned d) { return date::year{y} / date::month{m} / date::day{d}; }

constexpr std::string_view kHeader =
    "Id;Country;StartDate;EndDate;Type;RegionalScope;Name;Subdivisions\n";

std::string Csv(std::string_view rows) { return std::string(kHeader) + std::string(rows); }

// The error message of a failed import, or a note that it did not fail.
template <typename T>
std::string ErrorOf(const Result<T>& result) {
    return result ? std::string("(no error)") : result.error().message;
}

// ---- Zones
// ---------------------------------------------------------------------------------------

TEST(SchoolHolidaysZones, NamesRoundTrip) {
    for (SchoolZone zone : AllSchoolZones()) {
        EXPECT_EQ(ParseSchoolZone(SchoolZoneName(zone)), zone) << SchoolZoneName(zone);
    }
    EXPECT_EQ(AllSchoolZones().size(), 10u);
    EXPECT_EQ(ParseSchoolZone("a"), SchoolZone::kA);
    EXPECT_EQ(ParseSchoolZone("corse"), SchoolZone::kCorse);
    EXPECT_EQ(ParseSchoolZone("la-reunion"), SchoolZone::kLaReunion);
    EXPECT_EQ(ParseSchoolZone("D"), std::nullopt);
    EXPECT_EQ(ParseSchoolZone(""), std::nullopt);
}

// ---- OpenHolidays CSV
// ----------------------------------------------------------------------------

TEST(SchoolHolidaysCsv, ImportsTheRowsOfTheZone) {
    const std::string csv = Csv(
        "1;FR;2026-02-07;2026-02-22;School;Regional;FR Vacances d'hiver,DE Winterferien,EN Winter "
        "Holidays;ZA,AR,BF,NA\n"
        "2;FR;2026-02-14;2026-03-01;School;Regional;FR Vacances d'hiver,DE Winterferien;ZB,BT\n"
        "3;FR;2026-05-14;2026-05-17;School;Regional;FR Pont de l'Ascension;ZA,ZB,ZC\n"
        "4;FR;2026-07-04;;EndOfLessons;Regional;FR Fin des cours;ZA,ZB,ZC\n"
        "5;FR;2026-06-01;;School;National;FR Journée pédagogique;\n");
    auto a = ImportOpenHolidaysCsv(csv, SchoolZone::kA);
    ASSERT_TRUE(a) << ErrorOf(a);
    ASSERT_EQ(a->size(), 3u);
    EXPECT_EQ((*a)[0].first, D(2026, 2, 7));
    EXPECT_EQ((*a)[0].last, D(2026, 2, 22));
    EXPECT_EQ((*a)[0].name, "Vacances d'hiver");
    EXPECT_EQ((*a)[1].name, "Pont de l'Ascension");
    // An empty EndDate is a single day; an empty Subdivisions the whole country.
    EXPECT_EQ((*a)[2].first, D(2026, 6, 1));
    EXPECT_EQ((*a)[2].last, D(2026, 6, 1));

    auto b = ImportOpenHolidaysCsv(csv, SchoolZone::kB);
    ASSERT_TRUE(b) << ErrorOf(b);
    ASSERT_EQ(b->size(), 3u);
    EXPECT_EQ((*b)[0].first, D(2026, 2, 14));

    auto guyane = ImportOpenHolidaysCsv(csv, SchoolZone::kGuyane);
    ASSERT_TRUE(guyane);
    EXPECT_EQ(guyane->size(), 1u);  // Only the national row.
}

TEST(SchoolHolidaysCsv, OldRowsNamingRegionsCountForTheirZone) {
    const std::string csv =
        Csv("1;FR;2019-02-10;2019-02-24;School;Regional;FR Vacances d'hiver;BT,CV,GE,HF,NO,PC,PL\n"
            "2;FR;2019-02-24;2019-03-10;School;Regional;FR Vacances d'hiver;IF,OC\n");
    auto c = ImportOpenHolidaysCsv(csv, SchoolZone::kC);
    ASSERT_TRUE(c) << ErrorOf(c);
    ASSERT_EQ(c->size(), 1u);
    EXPECT_EQ(c->front().first, D(2019, 2, 24));
    auto a = ImportOpenHolidaysCsv(csv, SchoolZone::kA);
    ASSERT_TRUE(a);
    EXPECT_TRUE(a->empty());
}

TEST(SchoolHolidaysCsv, AcceptsBomCrlfQuotesAndColumnsInAnyOrder) {
    const std::string csv =
        "\xEF\xBB\xBFSubdivisions;Name;Type;EndDate;StartDate;Extra\r\n"
        "GP,BL,MF;\"FR Carnaval, semaine 1;2,DE Karneval\";School;2026-02-22;"
        "2026-02-08;x\r\n"
        "\r\n"
        "MQ;FR Vacances de Pâques;School;2026-04-12;2026-03-28;\r\n";
    auto gp = ImportOpenHolidaysCsv(csv, SchoolZone::kGuadeloupe);
    ASSERT_TRUE(gp) << ErrorOf(gp);
    ASSERT_EQ(gp->size(), 1u);
    // The quoted field keeps its `;`; a comma not followed by a language tag stays in the name.
    EXPECT_EQ(gp->front().name, "Carnaval, semaine 1;2");
    EXPECT_EQ(gp->front().last, D(2026, 2, 22));
    auto mq = ImportOpenHolidaysCsv(csv, SchoolZone::kMartinique);
    ASSERT_TRUE(mq) << ErrorOf(mq);
    ASSERT_EQ(mq->size(), 1u);
    EXPECT_EQ(mq->front().name, "Vacances de Pâques");
}

TEST(SchoolHolidaysCsv, NameWithoutLanguagePrefixAndDuplicates) {
    const std::string csv =
        Csv("1;FR;2025-05-26;;School;Regional;Semaine en Mai;GP,BL\n"
            "2;FR;2025-05-26;;School;Regional;FR Semaine en Mai,EN May week;GP,BL,MF\n");
    auto gp = ImportOpenHolidaysCsv(csv, SchoolZone::kGuadeloupe);
    ASSERT_TRUE(gp) << ErrorOf(gp);
    ASSERT_EQ(gp->size(), 1u);  // The same period twice is kept once.
    EXPECT_EQ(gp->front().name, "Semaine en Mai");
}

TEST(SchoolHolidaysCsv, ErrorsNameTheLine) {
    struct Case {
        std::string csv;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"", "Le fichier est vide"},
        {"StartDate,EndDate,Type,Name,Subdivisions\n", "ligne 1 : colonne « StartDate » absente"},
        {"StartDate;EndDate;Type;Name\n", "ligne 1 : colonne « Subdivisions » absente"},
        {Csv("1;FR;2026-02-07;2026-02-22;School;Regional;FR Hiver;ZA\n"
             "2;FR;2026-02-30;2026-03-01;School;Regional;FR Hiver;ZB\n"),
         "ligne 3 : date de début invalide « 2026-02-30 » (attendu : AAAA-MM-JJ)"},
        {Csv("1;FR;07/02/2026;;School;Regional;FR Hiver;ZA\n"),
         "ligne 2 : date de début invalide « 07/02/2026 »"},
        {Csv("1;FR;2026-02-07;2026-2-22;School;Regional;FR Hiver;ZA\n"),
         "ligne 2 : date de fin invalide « 2026-2-22 »"},
        {Csv("1;FR;2026-02-22;2026-02-07;School;Regional;FR Hiver;ZA\n"),
         "ligne 2 : la date de fin 2026-02-07 précède la date de début 2026-02-22"},
        {Csv("1;FR;2026-02-07;2026-02-22;School\n"), "ligne 2 : 5 champ(s) au lieu d'au moins 8"},
        {Csv("\n\n1;FR;2026-02-07;2026-02-22;;Regional;FR Hiver;ZA\n"), "ligne 4 : type absent"},
        {Csv("1;FR;2026-02-07;2026-02-22;School;Regional;\"FR Hiver;ZA\n"),
         "ligne 2 : guillemet ouvrant sans guillemet fermant"},
        {Csv("1;FR;2026-02-07;2026-02-22;School;Regional;DE Winterferien;ZA\n"),
         "ligne 2 : nom absent"},
    };
    for (const Case& c : cases) {
        auto result = ImportOpenHolidaysCsv(c.csv, SchoolZone::kA);
        ASSERT_FALSE(result) << c.csv;
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(result.error().message.rfind(c.message, 0), 0u)
            << "got: " << result.error().message << "\nwanted: " << c.message;
    }
}

TEST(SchoolHolidaysCsv, ABadRowForAnotherZoneStillFailsTheImport) {
    const std::string csv =
        Csv("1;FR;2026-02-07;2026-02-22;School;Regional;FR Hiver;ZA\n"
            "2;FR;2026-13-01;;School;Regional;FR Hiver;RU\n");
    auto a = ImportOpenHolidaysCsv(csv, SchoolZone::kA);
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().message.rfind("ligne 3 : ", 0), 0u) << a.error().message;
}

// ---- iCalendar
// -----------------------------------------------------------------------------------

std::string Ics(std::string_view events) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//FR\r\n" + std::string(events) +
           "END:VCALENDAR\r\n";
}

TEST(SchoolHolidaysICalendar, DtendIsExclusive) {
    const std::string ics =
        Ics("BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20260404\r\nDTEND;VALUE=DATE:20260420\r\n"
            "SUMMARY:Vacances de printemps - Zone A\r\nEND:VEVENT\r\n"
            "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20260207\r\nDTEND;VALUE=DATE:20260223\r\n"
            "SUMMARY:Vacances d'hiver\\, zone A\r\nEND:VEVENT\r\n"
            "BEGIN:VEVENT\r\nUID:3\r\nDTSTART;VALUE=DATE:20260515\r\nEND:VEVENT\r\n"
            "BEGIN:VEVENT\r\nUID:4\r\nDTSTART;VALUE=DATE:20261017\r\nDURATION:P16D\r\n"
            "SUMMARY:Vacances de la Toussaint\r\nEND:VEVENT\r\n");
    auto periods = ImportICalendar(ics);
    ASSERT_TRUE(periods) << ErrorOf(periods);
    ASSERT_EQ(periods->size(), 4u);
    EXPECT_EQ((*periods)[0].first, D(2026, 2, 7));
    EXPECT_EQ((*periods)[0].last, D(2026, 2, 22));
    EXPECT_EQ((*periods)[0].name, "Vacances d'hiver, zone A");
    EXPECT_EQ((*periods)[1].first, D(2026, 4, 4));
    EXPECT_EQ((*periods)[1].last, D(2026, 4, 19));
    EXPECT_EQ((*periods)[1].name, "Vacances de printemps - Zone A");
    // No DTEND: one day; no SUMMARY: a default name.
    EXPECT_EQ((*periods)[2].first, D(2026, 5, 15));
    EXPECT_EQ((*periods)[2].last, D(2026, 5, 15));
    EXPECT_EQ((*periods)[2].name, "Vacances scolaires");
    EXPECT_EQ((*periods)[3].first, D(2026, 10, 17));
    EXPECT_EQ((*periods)[3].last, D(2026, 11, 1));
}

TEST(SchoolHolidaysICalendar, MidnightDateTimesReadAsDates) {
    auto periods =
        ImportICalendar(Ics("BEGIN:VEVENT\nDTSTART:20251220T000000\nDTEND:20260105T000000\nSUMMARY:"
                            "Noël\nEND:VEVENT\n"));
    ASSERT_TRUE(periods) << ErrorOf(periods);
    ASSERT_EQ(periods->size(), 1u);
    EXPECT_EQ(periods->front().first, D(2025, 12, 20));
    EXPECT_EQ(periods->front().last, D(2026, 1, 4));
}

TEST(SchoolHolidaysICalendar, EmptyCalendarIsNoPeriod) {
    auto periods = ImportICalendar(Ics(""));
    ASSERT_TRUE(periods) << ErrorOf(periods);
    EXPECT_TRUE(periods->empty());
}

TEST(SchoolHolidaysICalendar, ErrorsNameTheEventLine) {
    struct Case {
        std::string ics;
        std::string message;
    };
    const std::string ok =
        "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260207\r\nDTEND;VALUE=DATE:20260223\r\n"
        "SUMMARY:Hiver\r\nEND:VEVENT\r\n";
    // The second event starts on line 9 (3 header lines, 5 lines of the first event).
    const std::vector<Case> cases = {
        {"", "Le fichier n'est pas un calendrier iCalendar"},
        {"Id;Country;StartDate\n1;FR;2026-01-01\n", "Le fichier n'est pas un calendrier"},
        {Ics(ok + "BEGIN:VEVENT\r\nSUMMARY:Sans date\r\nEND:VEVENT\r\n"),
         "ligne 9 : événement sans DTSTART"},
        {Ics(ok + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260301\r\n"
                  "DTEND;VALUE=DATE:20260301\r\nEND:VEVENT\r\n"),
         "ligne 9 : DTEND (2026-03-01) n'est pas après DTSTART (2026-03-01)"},
        {Ics(ok + "BEGIN:VEVENT\r\nDTSTART:20260301T083000\r\nEND:VEVENT\r\n"),
         "ligne 9 : DTSTART doit être une date"},
        {Ics(ok + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260301\r\n"
                  "DTEND:20260302T120000\r\nEND:VEVENT\r\n"),
         "ligne 9 : DTEND doit être une date"},
        {Ics(ok + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260301\r\nDURATION:PT3H\r\nEND:VEVENT\r\n"),
         "ligne 9 : DURATION doit être un nombre entier de jours"},
        {Ics(ok + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260301\r\nRRULE:FREQ=YEARLY\r\n"
                  "END:VEVENT\r\n"),
         "ligne 9 : les événements récurrents (RRULE) ne sont pas pris en charge"},
        {Ics(ok + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:hier\r\nEND:VEVENT\r\n"), "ligne 9 : "},
        {Ics(ok + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260230\r\nEND:VEVENT\r\n"),
         "ligne 9 : DTSTART doit être une date"},
        {Ics(ok + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260301\r\nGARBAGE\r\nEND:VEVENT\r\n"),
         "ligne 9 : événement illisible"},
        {"BEGIN:VCALENDAR\r\n" + ok, "Le calendrier iCalendar est illisible ou incomplet"},
        {Ics("GARBAGE\r\n" + ok), "Le calendrier contient une ligne illisible"},
    };
    for (const Case& c : cases) {
        auto result = ImportICalendar(c.ics);
        ASSERT_FALSE(result) << c.ics;
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(result.error().message.rfind(c.message, 0), 0u)
            << "got: " << result.error().message << "\nwanted: " << c.message;
    }
}

// ---- The shipped copy and the reference files ---------------------------------------------------

TEST(SchoolHolidaysShipped, CoversEveryZoneForThreeSchoolYears) {
    for (SchoolZone zone : AllSchoolZones()) {
        const auto periods = ShippedSchoolHolidays(zone);
        ASSERT_FALSE(periods.empty()) << SchoolZoneName(zone);
        EXPECT_GE(periods.front().first, D(2024, 9, 1)) << SchoolZoneName(zone);
        EXPECT_LE(periods.back().first, D(2027, 8, 31)) << SchoolZoneName(zone);
        // Toussaint and Christmas of each of the three school years at least.
        EXPECT_GE(periods.size(), 6u) << SchoolZoneName(zone);
    }
    auto check = ImportOpenHolidaysCsv(ShippedSchoolHolidaysCsv(), SchoolZone::kA);
    ASSERT_TRUE(check) << ErrorOf(check);

    // Spot checks against the published calendar.
    const auto a = ShippedSchoolHolidays(SchoolZone::kA);
    const SchoolHoliday winter_a{D(2026, 2, 8), D(2026, 2, 22), "Vacances d'hiver"};
    EXPECT_NE(std::find_if(a.begin(), a.end(),
                           [&](const SchoolHoliday& h) {
                               return h.first == winter_a.first && h.last == winter_a.last &&
                                      h.name == winter_a.name;
                           }),
              a.end());
    HolidayRules rules;
    rules.school_holidays = ShippedSchoolHolidays(SchoolZone::kC);
    HolidayCalendar calendar(rules);
    EXPECT_EQ(calendar.SchoolHolidayName(D(2025, 12, 25)), "Vacances de Noël");
    EXPECT_EQ(calendar.SchoolHolidayName(D(2026, 3, 1)), "Vacances d'hiver");
    EXPECT_EQ(calendar.SchoolHolidayName(D(2026, 3, 9)), std::nullopt);
}

std::optional<std::filesystem::path> SharedOpenHolidays() {
    const char* root = std::getenv("GUICHET_SHARED_DATA");
    if (root == nullptr) return std::nullopt;
    std::filesystem::path dir = std::filesystem::path(root) / "holidays" / "openholidays";
    if (!std::filesystem::is_directory(dir)) return std::nullopt;
    return dir;
}

std::string SkipReason() {
    const char* root = std::getenv("GUICHET_SHARED_DATA");
    return std::string("../shared/data not found: GUICHET_SHARED_DATA=") +
           (root ? root : "(unset)") + " has no holidays/openholidays/ folder";
}

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

const std::vector<std::string> kSchoolFiles = {
    "fr_holidays.school.csv",    "fr_holidays.school.co.csv", "fr_holidays.school.gp.csv",
    "fr_holidays.school.gy.csv", "fr_holidays.school.mq.csv", "fr_holidays.school.ru.csv",
    "fr_holidays.school.sp.csv", "fr_holidays.school.yt.csv"};

// Every school-holiday period of `zone` in the reference files.
std::vector<SchoolHoliday> Reference(const std::filesystem::path& dir, SchoolZone zone) {
    std::vector<SchoolHoliday> out;
    for (const std::string& file : kSchoolFiles) {
        auto periods = ImportOpenHolidaysCsv(ReadFile(dir / file), zone);
        EXPECT_TRUE(periods) << file << ": " << ErrorOf(periods);
        if (periods) out.insert(out.end(), periods->begin(), periods->end());
    }
    return out;
}

TEST(SchoolHolidaysShared, ImportsEveryReferenceFile) {
    auto dir = SharedOpenHolidays();
    if (!dir) GTEST_SKIP() << SkipReason();
    std::size_t total = 0;
    for (SchoolZone zone : AllSchoolZones()) {
        const auto periods = Reference(*dir, zone);
        EXPECT_GE(periods.size(), 20u) << SchoolZoneName(zone);
        total += periods.size();
        for (const SchoolHoliday& h : periods) {
            EXPECT_LE(h.first, h.last);
            EXPECT_FALSE(h.name.empty());
        }
    }
    // Known periods: zone B's winter 2025 and La Réunion's austral summer 2025-2026.
    const auto b = Reference(*dir, SchoolZone::kB);
    EXPECT_TRUE(std::any_of(b.begin(), b.end(), [](const SchoolHoliday& h) {
        return h.first == D(2025, 2, 9) && h.last == D(2025, 2, 23) && h.name == "Vacances d'hiver";
    }));
    const auto ru = Reference(*dir, SchoolZone::kLaReunion);
    EXPECT_TRUE(std::any_of(ru.begin(), ru.end(), [](const SchoolHoliday& h) {
        return h.first == D(2025, 12, 20) && h.last == D(2026, 1, 20) &&
               h.name == "Vacances d'été austral";
    }));
    std::cout << "[ reference ] openholidays school CSVs: " << total
              << " periods over 10 school zones\n";
}

TEST(SchoolHolidaysShared, ShippedCopyAgreesWithTheReference) {
    auto dir = SharedOpenHolidays();
    if (!dir) GTEST_SKIP() << SkipReason();
    std::size_t compared = 0;
    for (SchoolZone zone : AllSchoolZones()) {
        std::vector<SchoolHoliday> expected;
        for (SchoolHoliday& h : Reference(*dir, zone)) {
            if (h.first >= D(2024, 9, 1) && h.first <= D(2027, 8, 31)) expected.push_back(h);
        }
        std::sort(expected.begin(), expected.end(), [](const auto& x, const auto& y) {
            return std::tie(x.first, x.last, x.name) < std::tie(y.first, y.last, y.name);
        });
        expected.erase(std::unique(expected.begin(), expected.end(),
                                   [](const auto& x, const auto& y) {
                                       return std::tie(x.first, x.last, x.name) ==
                                              std::tie(y.first, y.last, y.name);
                                   }),
                       expected.end());
        const auto shipped = ShippedSchoolHolidays(zone);
        ASSERT_EQ(shipped.size(), expected.size()) << SchoolZoneName(zone);
        for (std::size_t i = 0; i < shipped.size(); ++i) {
            EXPECT_EQ(shipped[i].first, expected[i].first) << SchoolZoneName(zone) << " #" << i;
            EXPECT_EQ(shipped[i].last, expected[i].last) << SchoolZoneName(zone) << " #" << i;
            EXPECT_EQ(shipped[i].name, expected[i].name) << SchoolZoneName(zone) << " #" << i;
        }
        compared += shipped.size();
    }
    std::cout << "[ reference ] shipped school holidays 2024-2027: " << compared
              << " periods equal to the reference\n";
}

}  // namespace
}  // namespace guichet::calendar
