// Dates and times for components that show one value; the rules are in ./french.ts.
import { frenchDate, frenchTime } from './french';

// An ISO-8601 instant as a time in the tenant's zone, « 14 h 05 ». Null for a value that is not a
// date, so that callers can leave the time out.
export function formatTime(iso: string, timeZone: string | undefined): string | null {
  return frenchTime(iso, timeZone);
}

// An ISO-8601 calendar date ("2027-05-07") in full, « vendredi 7 mai 2027 ». The date is a day,
// not an instant: no time zone shifts it.
export function formatDate(isoDate: string): string {
  return frenchDate(isoDate, 'full');
}
