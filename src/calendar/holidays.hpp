// French public holidays by zone, school holidays, and the per-tenant holiday calendar.
//
// Pure computation: no I/O, no clock. Days are civil dates (date::sys_days, i.e. a day count, no
// time zone): "is 14 July a holiday" does not depend on where the question is asked.
// Thread-safety: HolidayCalendar is immutable after construction apart from an internal per-year
// cache guarded by a mutex; it is safe to share between threads.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

namespace guichet::calendar {

using Day = date::sys_days;

// The public-holiday zones of France (as named in the CLI, the API and the tenant settings).
enum class HolidayZone {
    kMetropole,
    kAlsaceMoselle,  // Departments 57, 67, 68: adds Good Friday and 26 December.
    kGuadeloupe,
    kMartinique,
    kGuyane,
    kLaReunion,
    kMayotte,
    kSaintBarthelemy,
    kSaintMartin,
    kSaintPierreEtMiquelon,
};

std::optional<HolidayZone> ParseHolidayZone(std::string_view name);  // "alsace-moselle"
std::string_view HolidayZoneName(HolidayZone zone);
// The zone of a French department code ("57" -> Alsace-Moselle, "971" -> Guadeloupe, "75" ->
// Metropole); nullopt for a code that is not a department.
std::optional<HolidayZone> ZoneOfDepartment(std::string_view department);

struct Holiday {
    Day day;
    std::string name;  // French: "Fête nationale", "Abolition de l'esclavage", …
};

// A school-holiday period, both ends included (the first and last full days off).
struct SchoolHoliday {
    Day first;
    Day last;
    std::string name;  // "Vacances d'hiver"
};

struct HolidayRules {
    HolidayZone zone = HolidayZone::kMetropole;
    // Saint-Martin's day of the abolition of slavery is set by the collectivité; 28 May by default.
    // It applies from 2018, when the collectivité chose its own date; until 2017 Saint-Martin kept
    // Guadeloupe's 27 May (as the official data set records).
    date::month_day saint_martin_abolition = date::May / 28;
    // Tenant closure days on top of the law (a "pont", a patron saint's day, Mayotte's lunar
    // holidays): they count as public holidays (PH) everywhere.
    std::vector<Holiday> extra_closures;
    // The school holidays of the tenant's school zone (SH).
    std::vector<SchoolHoliday> school_holidays;
};

// The public holidays of `zone` in `year`, sorted by day (several names on one day stay separate
// entries, e.g. Ascension on 1 May 2008). Easter-based days use the Gregorian computus. The names
// are those of the official data set "Jours fériés en France" (etalab, data.gouv.fr): "1er
// janvier", "Lundi de Pâques", "Vendredi saint", "2ème jour de Noël", "Abolition de
// l'esclavage"… Only days set by law are listed: Good Friday only in Alsace-Moselle (in the
// Antilles and Guyane it is customary, not a public holiday; so is Mi-Carême), Mayotte's lunar
// holidays not at all; tenants add such days as `extra_closures`, which are included here.
std::vector<Holiday> PublicHolidays(const HolidayRules& rules, int year);

// Easter Sunday of `year` (Gregorian calendar).
Day EasterSunday(int year);

// Named days of the French calendar that people use to say a date ("le jour de l'An", "la
// Toussaint", "le lundi de Pentecôte", "la fête des mères"), public holidays or not. FeastDay is
// the civil date of `feast` in `year` (Easter-based days by the Gregorian computus; "fête des
// mères": last Sunday of May, or the first Sunday of June when that is Pentecost; "fête des pères":
// third Sunday of June). FeastName is French with its article: "la Toussaint", "le 14 Juillet".
enum class Feast {
    kNewYear,        // 1 January
    kEpiphany,       // 6 January
    kCandlemas,      // 2 February (Chandeleur)
    kValentine,      // 14 February
    kShroveTuesday,  // Easter - 47 (Mardi gras)
    kAshWednesday,   // Easter - 46
    kPalmSunday,     // Easter - 7 (Rameaux)
    kGoodFriday,     // Easter - 2
    kEaster,         // Pâques
    kEasterMonday,   // Easter + 1
    kLabourDay,      // 1 May
    kVictory1945,    // 8 May
    kAscension,      // Easter + 39
    kPentecost,      // Easter + 49
    kWhitMonday,     // Easter + 50
    kMothersDay,
    kFathersDay,
    kMusicDay,        // 21 June
    kSaintJohn,       // 24 June
    kBastilleDay,     // 14 July
    kAssumption,      // 15 August
    kAllSaints,       // 1 November
    kAllSouls,        // 2 November
    kArmistice,       // 11 November
    kSaintCatherine,  // 25 November
    kSaintNicholas,   // 6 December
    kChristmasEve,    // 24 December
    kChristmas,       // 25 December
    kSaintStephen,    // 26 December
    kNewYearsEve,     // 31 December (Saint-Sylvestre)
};
Day FeastDay(Feast feast, int year);
std::string_view FeastName(Feast feast);

class HolidayCalendar {
  public:
    explicit HolidayCalendar(HolidayRules rules);

    // The holiday's name when `day` is a public holiday (law or tenant closure), else nullopt.
    // When several holidays fall on one day the names are joined: "1er mai, Ascension".
    std::optional<std::string> PublicHoliday(Day day) const;
    // Whether `day` is a public holiday (law or tenant closure); PublicHoliday without the name.
    bool IsPublicHoliday(Day day) const;
    // The period's name when `day` is in a school holiday, else nullopt.
    std::optional<std::string> SchoolHolidayName(Day day) const;

    const HolidayRules& rules() const { return rules_; }

  private:
    const std::map<Day, std::string>& Year(int year) const;

    HolidayRules rules_;
    mutable std::mutex mutex_;
    mutable std::map<int, std::map<Day, std::string>> by_year_;
};

}  // namespace guichet::calendar
