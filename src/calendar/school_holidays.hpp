// School holidays by school zone: importers (OpenHolidays CSV, iCalendar) and the copy of the
// current school years that ships with Guichet.
//
// Pure functions over text: no file access (callers read files), no clock. Thread-safe.
// The dates are facts published by the Ministère de l'Éducation nationale.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "calendar/holidays.hpp"
#include "core/result.hpp"

namespace guichet::calendar {

// The school-holiday zones: the three metropolitan zones, Corsica and the overseas académies.
// Saint-Barthélemy and Saint-Martin belong to the académie de Guadeloupe.
enum class SchoolZone {
    kA,
    kB,
    kC,
    kCorse,
    kGuadeloupe,
    kMartinique,
    kGuyane,
    kLaReunion,
    kMayotte,
    kSaintPierreEtMiquelon,
};

// "A", "B", "C" (also lower case), "corse", "guadeloupe", "martinique", "guyane", "la-reunion",
// "mayotte", "saint-pierre-et-miquelon"; nullopt for anything else.
std::optional<SchoolZone> ParseSchoolZone(std::string_view name);
// The canonical name ("A", "corse", "la-reunion").
std::string_view SchoolZoneName(SchoolZone zone);
// Every school zone, in declaration order.
const std::vector<SchoolZone>& AllSchoolZones();

// Imports the school holidays of `zone` from a CSV in the format of the OpenHolidays API data
// (github.com/openpotato/openholidaysapi.data): `;`-separated, a header line naming at least the
// columns StartDate, EndDate, Type, Name and Subdivisions (in any order; more columns are ignored),
// fields optionally in double quotes, UTF-8 with or without a BOM, LF or CRLF line ends.
//
// - Only rows of Type "School" are periods; other types ("EndOfLessons", "Public"…) are skipped.
// - StartDate and EndDate are the first and last days off (YYYY-MM-DD); an empty EndDate means a
//   single day.
// - Name is a list of "<language> <text>" entries ("FR Vacances d'hiver,DE Winterferien,…"); the
//   French entry is the name (the whole field when it has no language prefix).
// - A row applies to `zone` when Subdivisions names the zone's code (ZA, ZB, ZC, CO, GP, MQ,
//   GY, RU, YT, SP), or, for zones A/B/C, one of the regions that lie wholly in the zone (rows
//   before 2020 name regions only), or when Subdivisions is empty (the whole country). A row
//   naming only some académies of a zone does not apply to the whole zone and is skipped.
//
// Returns the periods sorted by first day, exact duplicates removed. Errors: kInvalidArgument with
// a French message naming the line at fault ("ligne 12 : date de début invalide « 2025-02-30 »").
Result<std::vector<SchoolHoliday>> ImportOpenHolidaysCsv(std::string_view csv, SchoolZone zone);

// Imports every VEVENT of an iCalendar file (RFC 5545) as a school-holiday period: DTSTART is the
// first day off, DTEND (exclusive, as RFC 5545 says) the day after the last one; an event without
// DTEND or DURATION lasts one day; SUMMARY is the name ("Vacances scolaires" when absent).
// DTSTART/DTEND must be dates (VALUE=DATE); date-times are accepted only at midnight exactly, and
// are then read as the date they name. Recurring events (RRULE) are refused.
// Returns the periods sorted by first day. Errors: kInvalidArgument with a French message naming
// the line of the event at fault ("ligne 8 : DTEND (2025-02-01) n'est pas après DTSTART …").
Result<std::vector<SchoolHoliday>> ImportICalendar(std::string_view ics);

// The school holidays of `zone` for the school years 2024-2025, 2025-2026 and 2026-2027, as shipped
// with Guichet (src/calendar/data/school_holidays.csv, embedded at build time), so that a fresh
// instance knows SH without any download. Periods published later are not known: import them.
std::vector<SchoolHoliday> ShippedSchoolHolidays(SchoolZone zone);

// The raw shipped CSV (OpenHolidays format), e.g. for an export or a test.
std::string_view ShippedSchoolHolidaysCsv();

}  // namespace guichet::calendar
