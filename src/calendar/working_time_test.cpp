#include "calendar/working_time.hpp"

#include <random>

#include <gtest/gtest.h>

namespace guichet::calendar {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

Day D(int y, unsigned m, unsigned d) { return date::year{y} / date::month{m} / date::day{d}; }

TimePoint Utc(int y, unsigned m, unsigned d, int hh, int mm = 0) {
    return date::sys_days{D(y, m, d)} + hours{hh} + minutes{mm};
}

std::string Iso(TimePoint t) {
    return date::format("%FT%TZ", date::floor<std::chrono::seconds>(t));
}

// Mon–Fri 08:30–12:00 and 13:30–17:00: seven hours a day.
WeeklyHours OfficeHours() {
    WeeklyHours hours;
    for (int d = 0; d < 5; ++d) hours[d] = {{8 * 60 + 30, 12 * 60}, {13 * 60 + 30, 17 * 60}};
    return hours;
}

WorkingCalendar Make(std::string zone = "Europe/Paris",
                     HolidayZone holidays = HolidayZone::kMetropole,
                     WeeklyHours hours = OfficeHours(), std::vector<Day> closures = {}) {
    WorkingCalendarSettings settings;
    settings.time_zone = std::move(zone);
    settings.holidays.zone = holidays;
    settings.business_hours = std::move(hours);
    settings.closures = std::move(closures);
    auto calendar = WorkingCalendar::Create(std::move(settings));
    EXPECT_TRUE(calendar) << calendar.error().message;
    return std::move(*calendar);
}

// A local wall-clock time of the calendar's zone.
TimePoint Local(const WorkingCalendar& c, int y, unsigned m, unsigned d, int hh, int mm = 0) {
    return c.time_zone()->to_sys(
        date::local_days{D(y, m, d).time_since_epoch()} + hours{hh} + minutes{mm},
        date::choose::earliest);
}

TimePoint EndOfDays(const WorkingCalendar& c, TimePoint received, int n, DayKind kind,
                    bool count_receipt_day = false) {
    auto result = c.AddDays(received, n, kind, count_receipt_day);
    EXPECT_TRUE(result) << result.error().message;
    return result ? *result : TimePoint{};
}

TimePoint PlusMinutes(const WorkingCalendar& c, TimePoint from, int m) {
    auto result = c.AddBusinessMinutes(from, minutes{m});
    EXPECT_TRUE(result) << result.error().message;
    return result ? *result : TimePoint{};
}

minutes Between(const WorkingCalendar& c, TimePoint a, TimePoint b,
                const std::vector<Pause>& pauses = {}) {
    auto result = c.BusinessTimeBetween(a, b, pauses);
    EXPECT_TRUE(result) << result.error().message;
    return result ? std::chrono::duration_cast<minutes>(*result) : minutes{-1};
}

// ---- Settings ----------------------------------------------------------------------------------

TEST(WorkingTimeSettings, RejectsUnknownZonesAndBadSlots) {
    WorkingCalendarSettings settings;
    settings.time_zone = "Europe/Villebelle";
    auto bad_zone = WorkingCalendar::Create(settings);
    ASSERT_FALSE(bad_zone);
    EXPECT_EQ(bad_zone.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(bad_zone.error().message,
              "Le fuseau horaire « Europe/Villebelle » est inconnu (exemple : Europe/Paris).");

    settings.time_zone = "Europe/Paris";
    settings.business_hours[2] = {{12 * 60, 8 * 60}};
    auto reversed = WorkingCalendar::Create(settings);
    ASSERT_FALSE(reversed);
    EXPECT_EQ(reversed.error().message,
              "Le créneau 12:00-08:00 du mercredi est invalide : la fin doit suivre le début.");

    settings.business_hours[2] = {{13 * 60, 17 * 60}, {8 * 60, 13 * 60 + 30}};
    auto overlap = WorkingCalendar::Create(settings);
    ASSERT_FALSE(overlap);
    EXPECT_EQ(overlap.error().message,
              "Les créneaux du mercredi se chevauchent (08:00-13:30 et 13:00-17:00).");

    settings.business_hours[2] = {{8 * 60, 25 * 60}};
    EXPECT_FALSE(WorkingCalendar::Create(settings));

    // Slots are sorted; touching slots and 24:00 are fine.
    settings.business_hours[2] = {{13 * 60, 24 * 60}, {0, 13 * 60}};
    auto ok = WorkingCalendar::Create(settings);
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->settings().business_hours[2].front().start_minute, 0);
}

TEST(WorkingTimeSettings, ParseAndFormatSlots) {
    auto slots = ParseBusinessSlots("13h30-17h, 8h30 – 12h");
    ASSERT_TRUE(slots) << slots.error().message;
    EXPECT_EQ(FormatBusinessSlots(*slots), "08:30-12:00,13:30-17:00");
    auto plain = ParseBusinessSlots("08:30-12:00;13:30-24:00");
    ASSERT_TRUE(plain);
    EXPECT_EQ((*plain)[1], (BusinessSlot{13 * 60 + 30, 24 * 60}));
    EXPECT_TRUE(ParseBusinessSlots("")->empty());
    auto bad = ParseBusinessSlots("08:30-12:00,14h");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message, "Le créneau « 14h » est illisible (attendu : 08:30-12:00).");
    EXPECT_FALSE(ParseBusinessSlots("08:60-12:00"));
    EXPECT_FALSE(ParseBusinessSlots("08:30-24:30"));
    EXPECT_FALSE(ParseBusinessSlots("10:00-12:00,11:00-13:00"));
}

// ---- AddDays -----------------------------------------------------------------------------------

TEST(WorkingTimeDays, FifteenJoursOuvresAndTheReceiptDay) {
    const auto c = Make();
    const TimePoint monday = Local(c, 2026, 3, 2, 10);
    // Day 1 is Tuesday 3 March; the 15th working day is Monday 23 March; the deadline ends at
    // 24:00 that day, i.e. 00:00 CET on the 24th = 23:00 UTC on the 23rd.
    EXPECT_EQ(EndOfDays(c, monday, 15, DayKind::kOuvres), Utc(2026, 3, 23, 23));
    EXPECT_EQ(*c.LastDay(D(2026, 3, 2), 15, DayKind::kOuvres, false), D(2026, 3, 23));
    // Counting the day of receipt: day 1 is Monday 2 March, the 15th Friday 20 March.
    EXPECT_EQ(EndOfDays(c, monday, 15, DayKind::kOuvres, true), Utc(2026, 3, 20, 23));
    // Received on a Saturday: the receipt day is not a working day, so counting it changes
    // nothing; day 1 is Monday.
    const TimePoint saturday = Local(c, 2026, 3, 7, 11);
    EXPECT_EQ(EndOfDays(c, saturday, 1, DayKind::kOuvres, true), Utc(2026, 3, 9, 23));
    EXPECT_EQ(EndOfDays(c, saturday, 1, DayKind::kOuvres, false), Utc(2026, 3, 9, 23));
    // n = 0: the end of the day of receipt.
    EXPECT_EQ(EndOfDays(c, monday, 0, DayKind::kOuvres), Utc(2026, 3, 2, 23));
}

TEST(WorkingTimeDays, TheReceiptDayIsLocal) {
    const auto c = Make();
    // 23:30 UTC on Monday is 00:30 on Tuesday in Paris: received on Tuesday.
    EXPECT_EQ(EndOfDays(c, Utc(2026, 3, 2, 23, 30), 1, DayKind::kOuvres), Utc(2026, 3, 4, 23));
    EXPECT_EQ(c.LocalDay(Utc(2026, 3, 2, 23, 30)), D(2026, 3, 3));
    EXPECT_EQ(c.LocalDay(Utc(2026, 3, 2, 22, 59)), D(2026, 3, 2));
}

TEST(WorkingTimeDays, OuvresOuvrablesCalendairesAroundEaster) {
    const auto c = Make();
    const TimePoint thursday = Local(c, 2026, 4, 2, 15);  // Easter Monday is 6 April 2026.
    // Ouvrés: Fri 3 (1), Mon 6 holiday, Tue 7 (2), Wed 8 (3).
    EXPECT_EQ(*c.LastDay(D(2026, 4, 2), 3, DayKind::kOuvres, false), D(2026, 4, 8));
    // Ouvrables: Fri 3 (1), Sat 4 (2), Mon 6 holiday, Tue 7 (3).
    EXPECT_EQ(*c.LastDay(D(2026, 4, 2), 3, DayKind::kOuvrables, false), D(2026, 4, 7));
    // Calendaires: Fri 3, Sat 4, Sun 5: ends on a Sunday, runs on past Easter Monday to Tuesday.
    EXPECT_EQ(*c.LastDay(D(2026, 4, 2), 3, DayKind::kCalendaires, false), D(2026, 4, 7));
    EXPECT_EQ(EndOfDays(c, thursday, 3, DayKind::kCalendaires), Utc(2026, 4, 7, 22));  // CEST.
    // Without the extension, plain calendar days.
    WorkingCalendarSettings plain;
    plain.extend_calendar_days = false;
    auto p = WorkingCalendar::Create(plain);
    ASSERT_TRUE(p);
    EXPECT_EQ(*p->LastDay(D(2026, 4, 2), 3, DayKind::kCalendaires, false), D(2026, 4, 5));
    EXPECT_EQ(*p->LastDay(D(2026, 4, 2), 3, DayKind::kCalendaires, true), D(2026, 4, 4));
}

TEST(WorkingTimeDays, AlsaceMoselleGoodFridayAndSaintStephen) {
    const auto paris = Make();
    const auto strasbourg = Make("Europe/Paris", HolidayZone::kAlsaceMoselle);
    // From Thursday 2 April 2026, 3 jours ouvrés: Good Friday is off in Alsace-Moselle.
    EXPECT_EQ(*paris.LastDay(D(2026, 4, 2), 3, DayKind::kOuvres, false), D(2026, 4, 8));
    EXPECT_EQ(*strasbourg.LastDay(D(2026, 4, 2), 3, DayKind::kOuvres, false), D(2026, 4, 9));
    // From Tuesday 23 December 2025: Christmas (Thu) everywhere, 26 December (Fri) in Alsace.
    EXPECT_EQ(*paris.LastDay(D(2025, 12, 23), 3, DayKind::kOuvres, false), D(2025, 12, 29));
    EXPECT_EQ(*strasbourg.LastDay(D(2025, 12, 23), 3, DayKind::kOuvres, false), D(2025, 12, 30));
    EXPECT_FALSE(strasbourg.IsOpenDay(D(2025, 12, 26)));
    EXPECT_TRUE(paris.IsOpenDay(D(2025, 12, 26)));
}

TEST(WorkingTimeDays, LastDayOfTheYear) {
    const auto c = Make();
    // From Wednesday 23 December 2026: Thu 24 (1), Fri 25 Christmas, Mon 28 … Thu 31 (5). The
    // deadline ends at midnight on New Year's Eve, 23:00 UTC.
    const TimePoint received = Local(c, 2026, 12, 23, 16);
    EXPECT_EQ(EndOfDays(c, received, 5, DayKind::kOuvres), Utc(2026, 12, 31, 23));
    // One more day skips New Year's Day (Friday) and the weekend.
    EXPECT_EQ(*c.LastDay(D(2026, 12, 23), 6, DayKind::kOuvres, false), D(2027, 1, 4));
    // 8 calendar days end on Thursday 31 December; 9 on 1 January, a holiday: Monday 4 January.
    EXPECT_EQ(*c.LastDay(D(2026, 12, 23), 8, DayKind::kCalendaires, false), D(2026, 12, 31));
    EXPECT_EQ(*c.LastDay(D(2026, 12, 23), 9, DayKind::kCalendaires, false), D(2027, 1, 4));
}

TEST(WorkingTimeDays, DeadlineEndsAtLocalMidnightAcrossDst) {
    const auto c = Make();
    // Friday 27 March 2026 (CET, +01:00); the clocks go forward on Sunday 29 March. One jour
    // ouvré: Monday 30 March, ending at 00:00 CEST (+02:00) on the 31st = 22:00 UTC.
    const TimePoint friday = Local(c, 2026, 3, 27, 10);
    EXPECT_EQ(EndOfDays(c, friday, 1, DayKind::kOuvres), Utc(2026, 3, 30, 22));
    // Back in October: Friday 23 October 2026 (CEST) -> Monday 26 (CET) ends at 23:00 UTC.
    EXPECT_EQ(EndOfDays(c, Local(c, 2026, 10, 23, 10), 1, DayKind::kOuvres), Utc(2026, 10, 26, 23));
    // Calendar days across the change: 2 days from Friday 27 March end on Sunday 29, a
    // Sunday, extended to Monday 30.
    EXPECT_EQ(EndOfDays(c, friday, 2, DayKind::kCalendaires), Utc(2026, 3, 30, 22));
}

TEST(WorkingTimeDays, OverseasZonesUseTheirHolidaysAndOffsets) {
    // Guyane: UTC-3 all year; 10 June is the abolition of slavery (Wednesday in 2026).
    const auto cayenne = Make("America/Cayenne", HolidayZone::kGuyane);
    const TimePoint tuesday = Local(cayenne, 2026, 6, 9, 9);
    EXPECT_EQ(EndOfDays(cayenne, tuesday, 1, DayKind::kOuvres), Utc(2026, 6, 12, 3));
    // 02:00 UTC on Tuesday 9 June is still Monday 8 June in Cayenne.
    EXPECT_EQ(cayenne.LocalDay(Utc(2026, 6, 9, 2)), D(2026, 6, 8));
    EXPECT_EQ(EndOfDays(cayenne, Utc(2026, 6, 9, 2), 1, DayKind::kOuvres), Utc(2026, 6, 10, 3));

    // La Réunion: UTC+4; 20 December (Friday in 2024).
    const auto reunion = Make("Indian/Reunion", HolidayZone::kLaReunion);
    EXPECT_EQ(EndOfDays(reunion, Local(reunion, 2024, 12, 19, 9), 1, DayKind::kOuvres),
              Utc(2024, 12, 23, 20));
    // Mayotte (27 April) and Martinique (22 May) with their own zones.
    const auto mayotte = Make("Indian/Mayotte", HolidayZone::kMayotte);
    EXPECT_FALSE(mayotte.IsCountedDay(D(2026, 4, 27), DayKind::kOuvres));
    const auto martinique = Make("America/Martinique", HolidayZone::kMartinique);
    EXPECT_FALSE(martinique.IsCountedDay(D(2026, 5, 22), DayKind::kOuvrables));
    EXPECT_TRUE(martinique.IsCountedDay(D(2026, 5, 27), DayKind::kOuvrables));
}

TEST(WorkingTimeDays, ClosuresAndTenantHolidays) {
    // A closure is not a jour ouvré, but stays a jour ouvrable; a tenant holiday is neither.
    WorkingCalendarSettings settings;
    settings.business_hours = OfficeHours();
    settings.closures = {D(2026, 5, 15)};                                   // Pont de l'Ascension.
    settings.holidays.extra_closures = {{D(2026, 6, 29), "Saint-Pierre"}};  // Patron saint.
    auto c = WorkingCalendar::Create(settings);
    ASSERT_TRUE(c);
    EXPECT_FALSE(c->IsCountedDay(D(2026, 5, 15), DayKind::kOuvres));
    EXPECT_TRUE(c->IsCountedDay(D(2026, 5, 15), DayKind::kOuvrables));
    EXPECT_FALSE(c->IsCountedDay(D(2026, 6, 29), DayKind::kOuvres));
    EXPECT_FALSE(c->IsCountedDay(D(2026, 6, 29), DayKind::kOuvrables));
    // Wed 13 May: Thu 14 Ascension, Fri 15 closed, Mon 18 (1).
    EXPECT_EQ(*c->LastDay(D(2026, 5, 13), 1, DayKind::kOuvres, false), D(2026, 5, 18));
}

TEST(WorkingTimeDays, RejectsBadCounts) {
    const auto c = Make();
    auto negative = c.AddDays(Utc(2026, 1, 5, 9), -1, DayKind::kOuvres, false);
    ASSERT_FALSE(negative);
    EXPECT_EQ(negative.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(negative.error().message,
              "Le nombre de jours doit être compris entre 0 et 36500 (reçu : -1).");
    EXPECT_FALSE(c.AddDays(Utc(2026, 1, 5, 9), 36501, DayKind::kCalendaires, false));
}

// ---- AddBusinessMinutes ------------------------------------------------------------------------

TEST(WorkingTimeMinutes, UsesWholeSlots) {
    const auto c = Make();
    // Monday 2 March 2026, CET.
    EXPECT_EQ(PlusMinutes(c, Local(c, 2026, 3, 2, 11, 30), 60), Local(c, 2026, 3, 2, 14));
    // Ending exactly at the end of a slot gives the slot's end, not the next slot's start.
    EXPECT_EQ(PlusMinutes(c, Local(c, 2026, 3, 2, 11), 60), Local(c, 2026, 3, 2, 12));
    // Before opening, and during the lunch break.
    EXPECT_EQ(PlusMinutes(c, Local(c, 2026, 3, 2, 7), 30), Local(c, 2026, 3, 2, 9));
    EXPECT_EQ(PlusMinutes(c, Local(c, 2026, 3, 2, 12, 40), 10), Local(c, 2026, 3, 2, 13, 40));
    // Zero minutes: the instant itself, even outside business hours.
    EXPECT_EQ(PlusMinutes(c, Local(c, 2026, 3, 1, 7), 0), Local(c, 2026, 3, 1, 7));
    // Friday afternoon to Monday morning.
    EXPECT_EQ(PlusMinutes(c, Local(c, 2026, 3, 6, 16, 30), 60), Local(c, 2026, 3, 9, 9));
    // A whole week is 35 hours: from Monday's opening to Friday's closing.
    EXPECT_EQ(PlusMinutes(c, Local(c, 2026, 3, 2, 8, 30), 35 * 60), Local(c, 2026, 3, 6, 17));
    // A year of business time, fast (day by day).
    const TimePoint far = PlusMinutes(c, Local(c, 2026, 1, 2, 8, 30), 250 * 7 * 60);
    EXPECT_GT(far, Local(c, 2026, 12, 1, 0));
    EXPECT_EQ(Between(c, Local(c, 2026, 1, 2, 8, 30), far), minutes{250 * 7 * 60});
}

TEST(WorkingTimeMinutes, SkipsHolidaysAndClosures) {
    const auto c = Make();
    // Friday 3 April 2026 16:00 + 2 h: 1 h on Friday, Easter Monday off, 1 h on Tuesday.
    EXPECT_EQ(PlusMinutes(c, Local(c, 2026, 4, 3, 16), 120), Local(c, 2026, 4, 7, 9, 30));
    // In Alsace-Moselle Good Friday itself is off.
    const auto alsace = Make("Europe/Paris", HolidayZone::kAlsaceMoselle);
    EXPECT_EQ(PlusMinutes(alsace, Local(alsace, 2026, 4, 2, 16), 120),
              Local(alsace, 2026, 4, 7, 9, 30));
    // With Tuesday 7 April closed too.
    const auto closed =
        Make("Europe/Paris", HolidayZone::kMetropole, OfficeHours(), {D(2026, 4, 7)});
    EXPECT_EQ(PlusMinutes(closed, Local(closed, 2026, 4, 3, 16), 120),
              Local(closed, 2026, 4, 8, 9, 30));
    // Christmas and New Year in one go: Wed 24 Dec 2025 16:00 + 8 h.
    // 1 h on the 24th, 7 h on Fri 26th (not in Alsace).
    EXPECT_EQ(PlusMinutes(c, Local(c, 2025, 12, 24, 16), 8 * 60), Local(c, 2025, 12, 26, 17));
    EXPECT_EQ(PlusMinutes(alsace, Local(alsace, 2025, 12, 24, 16), 8 * 60),
              Local(alsace, 2025, 12, 29, 17));
}

TEST(WorkingTimeMinutes, AcrossTheDstWeekend) {
    const auto c = Make();
    // Friday 27 March 2026 16:00 CET (15:00 UTC) + 2 h: 1 h on Friday, then Monday 08:30 CEST
    // (06:30 UTC) + 1 h.
    EXPECT_EQ(PlusMinutes(c, Utc(2026, 3, 27, 15), 120), Utc(2026, 3, 30, 7, 30));
    EXPECT_EQ(Between(c, Utc(2026, 3, 27, 15), Utc(2026, 3, 30, 7, 30)), minutes{120});
}

// A Sunday-night slot 01:30–03:30, on the nights the clocks change.
WeeklyHours NightSlot() {
    WeeklyHours hours;
    hours[6] = {{90, 210}};
    return hours;
}

TEST(WorkingTimeMinutes, SlotCrossingTheSpringGapLastsOneHour) {
    const auto c = Make("Europe/Paris", HolidayZone::kMetropole, NightSlot());
    // Sunday 29 March 2026: 01:30 CET = 00:30 UTC; 02:00 CET jumps to 03:00 CEST; 03:30 CEST =
    // 01:30 UTC. One real hour.
    const TimePoint start = Utc(2026, 3, 29, 0, 30);
    EXPECT_EQ(Local(c, 2026, 3, 29, 1, 30), start);
    EXPECT_EQ(Between(c, Utc(2026, 3, 28, 0), Utc(2026, 3, 30, 0)), minutes{60});
    EXPECT_EQ(PlusMinutes(c, start, 60), Utc(2026, 3, 29, 1, 30));
    EXPECT_EQ(PlusMinutes(c, start, 30), Utc(2026, 3, 29, 1));  // 03:00 CEST.
    // One more minute is on the next Sunday (5 April, CEST): 01:31 CEST = 23:31 UTC on the 4th.
    EXPECT_EQ(PlusMinutes(c, start, 61), Utc(2026, 4, 4, 23, 31));
    // An ordinary Sunday has the full two hours.
    EXPECT_EQ(Between(c, Utc(2026, 4, 4, 0), Utc(2026, 4, 6, 0)), minutes{120});
    // From the jump (03:00 CEST) on: the last half hour of the slot.
    EXPECT_EQ(Between(c, Utc(2026, 3, 29, 1), Utc(2026, 3, 29, 2)), minutes{30});
}

TEST(WorkingTimeMinutes, SlotCrossingTheAutumnRepeatLastsThreeHours) {
    const auto c = Make("Europe/Paris", HolidayZone::kMetropole, NightSlot());
    // Sunday 25 October 2026: 01:30 CEST = 23:30 UTC (24th); 03:00 CEST falls back to 02:00
    // CET; 03:30 CET = 02:30 UTC. The hour 02:00–03:00 is worked twice.
    EXPECT_EQ(Between(c, Utc(2026, 10, 24, 0), Utc(2026, 10, 26, 0)), minutes{180});
    EXPECT_EQ(PlusMinutes(c, Utc(2026, 10, 24, 23, 30), 180), Utc(2026, 10, 25, 2, 30));
    // A slot ending inside the repeated hour (01:30–02:30) covers both passes of 02:00–02:30:
    // from 01:30 CEST (23:30 UTC) to 02:30 CET (01:30 UTC).
    WeeklyHours half;
    half[6] = {{90, 150}};
    const auto h = Make("Europe/Paris", HolidayZone::kMetropole, half);
    EXPECT_EQ(Between(h, Utc(2026, 10, 24, 0), Utc(2026, 10, 26, 0)), minutes{120});
    EXPECT_EQ(Between(h, Utc(2026, 11, 8, 0), Utc(2026, 11, 9, 0)), minutes{60});
    // A slot ending where the repeated hour begins (00:00–02:00) ends at the first 02:00.
    WeeklyHours early;
    early[6] = {{0, 120}};
    const auto e = Make("Europe/Paris", HolidayZone::kMetropole, early);
    EXPECT_EQ(Between(e, Utc(2026, 10, 24, 0), Utc(2026, 10, 26, 0)), minutes{120});
}

TEST(WorkingTimeMinutes, OverseasWithoutDst) {
    const auto c = Make("America/Cayenne", HolidayZone::kGuyane);
    // Tuesday 9 June 2026 16:00 (19:00 UTC) + 2 h: 1 h, Wednesday 10 June is a holiday, then
    // Thursday 08:30 + 1 h = 09:30 (12:30 UTC).
    EXPECT_EQ(PlusMinutes(c, Utc(2026, 6, 9, 19), 120), Utc(2026, 6, 11, 12, 30));
    // The same instants in Paris are another story: 19:00 UTC is 21:00 CEST, after closing.
    const auto paris = Make();
    EXPECT_EQ(PlusMinutes(paris, Utc(2026, 6, 9, 19), 120), Utc(2026, 6, 10, 8, 30));
}

TEST(WorkingTimeMinutes, RejectsBadInput) {
    const auto c = Make();
    auto negative = c.AddBusinessMinutes(Utc(2026, 1, 5, 9), minutes{-5});
    ASSERT_FALSE(negative);
    EXPECT_EQ(negative.error().code, ErrorCode::kInvalidArgument);
    const auto never = Make("Europe/Paris", HolidayZone::kMetropole, WeeklyHours{});
    auto none = never.AddBusinessMinutes(Utc(2026, 1, 5, 9), minutes{5});
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::kFailedPrecondition);
}

// ---- BusinessTimeBetween -----------------------------------------------------------------------

TEST(WorkingTimeBetween, CountsSlotsOnly) {
    const auto c = Make();
    EXPECT_EQ(Between(c, Local(c, 2026, 3, 2, 8), Local(c, 2026, 3, 2, 18)), hours{7});
    EXPECT_EQ(Between(c, Local(c, 2026, 3, 6, 16), Local(c, 2026, 3, 9, 10)), minutes{150});
    EXPECT_EQ(Between(c, Local(c, 2026, 3, 2, 10), Local(c, 2026, 3, 2, 10)), minutes{0});
    // A week with Easter Monday: 4 days.
    EXPECT_EQ(Between(c, Local(c, 2026, 4, 6, 0), Local(c, 2026, 4, 13, 0)), hours{28});
    // Over New Year: 24 Dec 2026 → 4 Jan 2027: Thu 24, Mon 28 … Thu 31 = 5 days.
    EXPECT_EQ(Between(c, Local(c, 2026, 12, 24, 0), Local(c, 2027, 1, 4, 0)), hours{35});
}

TEST(WorkingTimeBetween, ExcludesPauses) {
    const auto c = Make();
    const TimePoint a = Local(c, 2026, 3, 2, 9);   // Monday.
    const TimePoint b = Local(c, 2026, 3, 6, 17);  // Friday.
    // Mon 6.5 h + Tue–Fri 4 × 7 h.
    EXPECT_EQ(Between(c, a, b), minutes{34 * 60 + 30});
    // Waiting for the citizen from Tuesday 00:00 to Wednesday 12:00: Tuesday and Wednesday
    // morning do not count. An overlapping pause inside counts once; pauses outside, not at all.
    const std::vector<Pause> pauses = {
        {Local(c, 2026, 3, 3, 10), Local(c, 2026, 3, 3, 15)},
        {Local(c, 2026, 3, 3, 0), Local(c, 2026, 3, 4, 12)},
        {Local(c, 2026, 2, 1, 0), Local(c, 2026, 2, 2, 0)},
        {Local(c, 2026, 3, 5, 9), Local(c, 2026, 3, 5, 9)},  // Empty.
    };
    EXPECT_EQ(Between(c, a, b, pauses), minutes{34 * 60 + 30 - 7 * 60 - 3 * 60 - 30});
    // A pause straddling the start, and one straddling the end.
    EXPECT_EQ(Between(c, a, b,
                      {{Local(c, 2026, 3, 1, 0), Local(c, 2026, 3, 2, 10)},
                       {Local(c, 2026, 3, 6, 16), Local(c, 2026, 3, 9, 0)}}),
              minutes{34 * 60 + 30 - 60 - 60});
    // Paused all along.
    EXPECT_EQ(Between(c, a, b, {{a - hours{1}, b + hours{1}}}), minutes{0});
}

TEST(WorkingTimeBetween, RejectsBadInput) {
    const auto c = Make();
    const TimePoint a = Utc(2026, 3, 2, 9);
    auto reversed = c.BusinessTimeBetween(a, a - hours{1});
    ASSERT_FALSE(reversed);
    EXPECT_EQ(reversed.error().message, "La fin de la période précède son début.");
    auto bad_pause = c.BusinessTimeBetween(a, a + hours{1}, {{a + hours{1}, a}});
    ASSERT_FALSE(bad_pause);
    EXPECT_EQ(bad_pause.error().message, "Une suspension se termine avant de commencer.");
    EXPECT_FALSE(c.BusinessTimeBetween(a, a + date::years{101}));
}

TEST(WorkingTimeBetween, InvertsAddBusinessMinutes) {
    // Random instants and amounts, in a zone with DST and one without: adding m minutes then
    // measuring gives m back.
    std::mt19937 random(20260329);
    for (const char* zone : {"Europe/Paris", "America/Cayenne", "Indian/Reunion"}) {
        WeeklyHours hours = OfficeHours();
        hours[5] = {{9 * 60, 12 * 60}};
        hours[6] = NightSlot()[6];
        const auto c = Make(zone, HolidayZone::kAlsaceMoselle, hours, {D(2026, 7, 13)});
        for (int i = 0; i < 300; ++i) {
            const TimePoint from = Utc(2025, 12, 1, 0) + minutes{random() % (400 * 24 * 60)};
            const int amount = static_cast<int>(random() % (20 * 7 * 60));
            const TimePoint to = PlusMinutes(c, from, amount);
            ASSERT_EQ(Between(c, from, to), minutes{amount}) << zone << " " << Iso(from);
            if (amount > 0) {
                ASSERT_LT(Between(c, from, to - minutes{1}), minutes{amount}) << Iso(from);
            }
        }
    }
}

}  // namespace
}  // namespace guichet::calendar
