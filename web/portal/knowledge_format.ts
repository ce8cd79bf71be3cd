// Dates and times of the knowledge pages. The API gives local times of the commune with their
// offset ("2026-11-29T09:00:00+01:00"); their date and wall-clock parts are read as written, so
// that a visitor in another time zone sees the commune's hours, not converted ones.
import { addDays, frenchSpanEnd, frenchDate, frenchDayOf } from '../ui/french';
import { strings } from '../ui/strings';

const t = strings.portalTime;

// "2026-11-29" from a local ISO time (or a date).
export function datePart(iso: string): string {
  return iso.slice(0, 10);
}

// Minutes since midnight of a local ISO time.
export function minutesOf(iso: string): number {
  const hours = Number(iso.slice(11, 13));
  const minutes = Number(iso.slice(14, 16));
  return Number.isNaN(hours) || Number.isNaN(minutes) ? 0 : hours * 60 + minutes;
}

// "9 h", "9 h 30", "24 h".
export function formatMinutes(minutes: number): string {
  return frenchSpanEnd(minutes);
}

export function formatClock(iso: string): string {
  return formatMinutes(minutesOf(iso));
}

// "dimanche 29 novembre 2026".
export function formatDay(isoDate: string): string {
  return frenchDate(datePart(isoDate));
}

// Monday is 0, as in ui/api.ts WEEKDAYS.
export function weekdayIndex(isoDate: string): number {
  return (new Date(`${datePart(isoDate)}T00:00:00Z`).getUTCDay() + 6) % 7;
}

// A time as said in a sentence: "à 12 h" today, "demain à 9 h", "lundi 30 novembre à 9 h".
export function formatMoment(iso: string, today: string): string {
  const day = datePart(iso);
  const clock = formatClock(iso);
  if (day === today) return t.todayAt(clock);
  if (day === addDays(today, 1)) return t.tomorrowAt(clock);
  return t.dayAt(formatDay(day), clock);
}

// Minutes [from, to) within one day; `to` may be 1440 (midnight at the end of the day).
export type DaySpan = [number, number];

// Splits open intervals into the days they cover: an interval past midnight is cut in two.
export function spansByDay(intervals: Array<{ from: string; to: string }>, days: string[]): Map<string, DaySpan[]> {
  const result = new Map<string, DaySpan[]>(days.map((day) => [day, []]));
  for (const { from, to } of intervals) {
    const lastDay = datePart(to);
    let day = datePart(from);
    let start = minutesOf(from);
    // A bounded walk: intervals are at most a few days long.
    for (let guard = 0; guard < 400 && day <= lastDay; guard++) {
      const end = day === lastDay ? minutesOf(to) : 1440;
      if (end > start) result.get(day)?.push([start, end]);
      day = addDays(day, 1);
      start = 0;
    }
  }
  for (const spans of result.values()) spans.sort((a, b) => a[0] - b[0]);
  return result;
}

// "9 h – 12 h et 13 h 30 – 17 h 30", or the closed label.
export function formatSpans(spans: DaySpan[]): string {
  if (spans.length === 0) return t.closedAllDay;
  return spans.map(([from, to]) => t.range(formatMinutes(from), formatMinutes(to))).join(t.rangeSeparator);
}

// The date of an instant ("2026-11-28T17:06:13Z") in the commune's time zone: "28 novembre 2026".
export function formatInstantDate(iso: string, timeZone: string | undefined): string {
  return frenchDayOf(iso, timeZone, 'noWeekday');
}
