#include "calendar/holidays.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace guichet::calendar {
namespace {

using date::April;
using date::August;
using date::December;
using date::January;
using date::July;
using date::June;
using date::May;
using date::November;
using date::October;

struct ZoneName {
    HolidayZone zone;
    std::string_view name;
};

constexpr std::array<ZoneName, 10> kZoneNames = {{
    {HolidayZone::kMetropole, "metropole"},
    {HolidayZone::kAlsaceMoselle, "alsace-moselle"},
    {HolidayZone::kGuadeloupe, "guadeloupe"},
    {HolidayZone::kMartinique, "martinique"},
    {HolidayZone::kGuyane, "guyane"},
    {HolidayZone::kLaReunion, "la-reunion"},
    {HolidayZone::kMayotte, "mayotte"},
    {HolidayZone::kSaintBarthelemy, "saint-barthelemy"},
    {HolidayZone::kSaintMartin, "saint-martin"},
    {HolidayZone::kSaintPierreEtMiquelon, "saint-pierre-et-miquelon"},
}};

// Until 2017 Saint-Martin kept Guadeloupe's date (27 May, decree of 1983, from the time it was a
// commune of Guadeloupe); the collectivité has set its own date since 2018.
constexpr int kSaintMartinOwnDateSince = 2018;

constexpr std::string_view kAbolition = "Abolition de l'esclavage";

// The day of the abolition of slavery of an overseas zone, if it has one.
std::optional<date::month_day> AbolitionDay(const HolidayRules& rules, int year) {
    switch (rules.zone) {
        case HolidayZone::kGuadeloupe:
            return May / 27;
        case HolidayZone::kMartinique:
            return May / 22;
        case HolidayZone::kGuyane:
            return June / 10;
        case HolidayZone::kLaReunion:
            return December / 20;
        case HolidayZone::kMayotte:
            return April / 27;
        case HolidayZone::kSaintBarthelemy:
            return October / 9;
        case HolidayZone::kSaintMartin:
            return year < kSaintMartinOwnDateSince ? May / 27 : rules.saint_martin_abolition;
        case HolidayZone::kMetropole:
        case HolidayZone::kAlsaceMoselle:
        case HolidayZone::kSaintPierreEtMiquelon:
            return std::nullopt;
    }
    return std::nullopt;
}

bool IsTwoDigits(std::string_view s) {
    return s.size() == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9';
}

}  // namespace

std::optional<HolidayZone> ParseHolidayZone(std::string_view name) {
    for (const ZoneName& z : kZoneNames) {
        if (z.name == name) return z.zone;
    }
    return std::nullopt;
}

std::string_view HolidayZoneName(HolidayZone zone) {
    for (const ZoneName& z : kZoneNames) {
        if (z.zone == zone) return z.name;
    }
    return "metropole";
}

std::optional<HolidayZone> ZoneOfDepartment(std::string_view department) {
    if (department == "57" || department == "67" || department == "68") {
        return HolidayZone::kAlsaceMoselle;
    }
    if (department == "2A" || department == "2B" || department == "2a" || department == "2b") {
        return HolidayZone::kMetropole;
    }
    if (IsTwoDigits(department)) {
        // 01–95; "20" has not been a department since Corsica was split in 1976.
        int number = (department[0] - '0') * 10 + (department[1] - '0');
        if (number >= 1 && number <= 95 && number != 20) return HolidayZone::kMetropole;
        return std::nullopt;
    }
    static constexpr std::array<std::pair<std::string_view, HolidayZone>, 8> kOverseas = {{
        {"971", HolidayZone::kGuadeloupe},
        {"972", HolidayZone::kMartinique},
        {"973", HolidayZone::kGuyane},
        {"974", HolidayZone::kLaReunion},
        {"975", HolidayZone::kSaintPierreEtMiquelon},
        {"976", HolidayZone::kMayotte},
        {"977", HolidayZone::kSaintBarthelemy},
        {"978", HolidayZone::kSaintMartin},
    }};
    for (const auto& [code, zone] : kOverseas) {
        if (code == department) return zone;
    }
    return std::nullopt;
}

Day EasterSunday(int year) {
    // The anonymous Gregorian computus (Meeus/Jones/Butcher), exact for every Gregorian year.
    const int a = year % 19;
    const int b = year / 100;
    const int c = year % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = ((h + l - 7 * m + 114) % 31) + 1;
    return date::year{year} / static_cast<unsigned>(month) / static_cast<unsigned>(day);
}

Day FeastDay(Feast feast, int year) {
    const date::year y(year);
    auto fixed = [&](unsigned m, unsigned d) { return Day(y / date::month(m) / date::day(d)); };
    auto easter = [&](int offset) { return EasterSunday(year) + date::days(offset); };
    switch (feast) {
        case Feast::kNewYear:
            return fixed(1, 1);
        case Feast::kEpiphany:
            return fixed(1, 6);
        case Feast::kCandlemas:
            return fixed(2, 2);
        case Feast::kValentine:
            return fixed(2, 14);
        case Feast::kShroveTuesday:
            return easter(-47);
        case Feast::kAshWednesday:
            return easter(-46);
        case Feast::kPalmSunday:
            return easter(-7);
        case Feast::kGoodFriday:
            return easter(-2);
        case Feast::kEaster:
            return easter(0);
        case Feast::kEasterMonday:
            return easter(1);
        case Feast::kLabourDay:
            return fixed(5, 1);
        case Feast::kVictory1945:
            return fixed(5, 8);
        case Feast::kAscension:
            return easter(39);
        case Feast::kPentecost:
            return easter(49);
        case Feast::kWhitMonday:
            return easter(50);
        case Feast::kMothersDay: {
            const Day last_sunday(y / date::May / date::Sunday[date::last]);
            return last_sunday == easter(49) ? last_sunday + date::days(7) : last_sunday;
        }
        case Feast::kFathersDay:
            return Day(y / date::June / date::Sunday[3]);
        case Feast::kMusicDay:
            return fixed(6, 21);
        case Feast::kSaintJohn:
            return fixed(6, 24);
        case Feast::kBastilleDay:
            return fixed(7, 14);
        case Feast::kAssumption:
            return fixed(8, 15);
        case Feast::kAllSaints:
            return fixed(11, 1);
        case Feast::kAllSouls:
            return fixed(11, 2);
        case Feast::kArmistice:
            return fixed(11, 11);
        case Feast::kSaintCatherine:
            return fixed(11, 25);
        case Feast::kSaintNicholas:
            return fixed(12, 6);
        case Feast::kChristmasEve:
            return fixed(12, 24);
        case Feast::kChristmas:
            return fixed(12, 25);
        case Feast::kSaintStephen:
            return fixed(12, 26);
        case Feast::kNewYearsEve:
            return fixed(12, 31);
    }
    return fixed(1, 1);
}

std::string_view FeastName(Feast feast) {
    switch (feast) {
        case Feast::kNewYear:
            return "le jour de l'An";
        case Feast::kEpiphany:
            return "l'Épiphanie";
        case Feast::kCandlemas:
            return "la Chandeleur";
        case Feast::kValentine:
            return "la Saint-Valentin";
        case Feast::kShroveTuesday:
            return "Mardi gras";
        case Feast::kAshWednesday:
            return "le mercredi des Cendres";
        case Feast::kPalmSunday:
            return "les Rameaux";
        case Feast::kGoodFriday:
            return "le Vendredi saint";
        case Feast::kEaster:
            return "Pâques";
        case Feast::kEasterMonday:
            return "le lundi de Pâques";
        case Feast::kLabourDay:
            return "le 1er Mai";
        case Feast::kVictory1945:
            return "le 8 Mai";
        case Feast::kAscension:
            return "l'Ascension";
        case Feast::kPentecost:
            return "la Pentecôte";
        case Feast::kWhitMonday:
            return "le lundi de Pentecôte";
        case Feast::kMothersDay:
            return "la fête des mères";
        case Feast::kFathersDay:
            return "la fête des pères";
        case Feast::kMusicDay:
            return "la fête de la musique";
        case Feast::kSaintJohn:
            return "la Saint-Jean";
        case Feast::kBastilleDay:
            return "le 14 Juillet";
        case Feast::kAssumption:
            return "l'Assomption";
        case Feast::kAllSaints:
            return "la Toussaint";
        case Feast::kAllSouls:
            return "le jour des Défunts";
        case Feast::kArmistice:
            return "le 11 Novembre";
        case Feast::kSaintCatherine:
            return "la Sainte-Catherine";
        case Feast::kSaintNicholas:
            return "la Saint-Nicolas";
        case Feast::kChristmasEve:
            return "la veille de Noël";
        case Feast::kChristmas:
            return "Noël";
        case Feast::kSaintStephen:
            return "la Saint-Étienne";
        case Feast::kNewYearsEve:
            return "la Saint-Sylvestre";
    }
    return "";
}

std::vector<Holiday> PublicHolidays(const HolidayRules& rules, int year) {
    const date::year y{year};
    const Day easter = EasterSunday(year);
    const bool alsace_moselle = rules.zone == HolidayZone::kAlsaceMoselle;

    // Names as the official data set "Jours fériés en France" (etalab, data.gouv.fr) writes them.
    std::vector<Holiday> out = {
        {y / January / 1, "1er janvier"},
        {easter + date::days{1}, "Lundi de Pâques"},
        {y / May / 1, "1er mai"},
        {y / May / 8, "8 mai"},
        {easter + date::days{39}, "Ascension"},
        {easter + date::days{50}, "Lundi de Pentecôte"},
        {y / July / 14, "14 juillet"},
        {y / August / 15, "Assomption"},
        {y / November / 1, "Toussaint"},
        {y / November / 11, "11 novembre"},
        {y / December / 25, "Jour de Noël"},
    };
    if (alsace_moselle) {
        // Local law of Alsace-Moselle (Code du travail, art. L3134-13).
        out.push_back({easter - date::days{2}, "Vendredi saint"});
        out.push_back({y / December / 26, "2ème jour de Noël"});
    }
    if (auto abolition = AbolitionDay(rules, year)) {
        out.push_back({y / *abolition, std::string(kAbolition)});
    }
    for (const Holiday& closure : rules.extra_closures) {
        if (date::year_month_day{closure.day}.year() == y) out.push_back(closure);
    }
    // Stable: on a day with several holidays, the law's order (then the tenant's) is kept.
    std::stable_sort(out.begin(), out.end(),
                     [](const Holiday& a, const Holiday& b) { return a.day < b.day; });
    return out;
}

HolidayCalendar::HolidayCalendar(HolidayRules rules) : rules_(std::move(rules)) {
    // Sorted by first day so that SchoolHolidayName can stop early.
    std::stable_sort(
        rules_.school_holidays.begin(), rules_.school_holidays.end(),
        [](const SchoolHoliday& a, const SchoolHoliday& b) { return a.first < b.first; });
}

const std::map<Day, std::string>& HolidayCalendar::Year(int year) const {
    std::lock_guard lock(mutex_);
    auto it = by_year_.find(year);
    if (it != by_year_.end()) return it->second;
    std::map<Day, std::string> days;
    for (Holiday& holiday : PublicHolidays(rules_, year)) {
        auto [pos, inserted] = days.emplace(holiday.day, holiday.name);
        // Two holidays on one day (1 May and Ascension in 2008): one name listing both.
        if (!inserted && pos->second != holiday.name) pos->second += ", " + holiday.name;
    }
    // std::map never moves its nodes, so the reference stays valid after the lock is released.
    return by_year_.emplace(year, std::move(days)).first->second;
}

std::optional<std::string> HolidayCalendar::PublicHoliday(Day day) const {
    const int year = static_cast<int>(date::year_month_day{day}.year());
    const auto& days = Year(year);
    auto it = days.find(day);
    if (it == days.end()) return std::nullopt;
    return it->second;
}

bool HolidayCalendar::IsPublicHoliday(Day day) const {
    const int year = static_cast<int>(date::year_month_day{day}.year());
    return Year(year).count(day) > 0;
}

std::optional<std::string> HolidayCalendar::SchoolHolidayName(Day day) const {
    for (const SchoolHoliday& period : rules_.school_holidays) {
        if (period.first > day) break;
        if (day <= period.last) return period.name;
    }
    return std::nullopt;
}

}  // namespace guichet::calendar
