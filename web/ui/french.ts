// The one place where the web front end writes dates, times and agreements in French. The server
// has the same rules in src/calendar/french_dates.hpp; both are tested from one table of cases,
// tests/fixtures/french_rules.json (tests/web/french_rules.test.mjs here), so that they cannot
// drift apart. This module imports nothing, so that Node can test it as it is.
//
// Rules:
// - a time is « 9 h » on the hour, « 13 h 30 » otherwise (24-hour clock, minutes on two digits),
//   never « 13:30 »; its parts are bound by no-break spaces so that it never breaks across lines;
// - a day is « lundi 14 décembre 2026 », the first of the month « 1er »;
// - a deadline ends at the end of its last day, which the server sends as local 00:00 of the next
//   day: it is written as that last day, « lundi 14 décembre, fin de journée »;
// - a calendar day sent as "YYYY-MM-DD" (a forecast date, a closure) is a day, not an instant: no
//   time zone shifts it;
// - participles and adjectives agree with the gender of what they qualify (« Première réponse :
//   prévue », « la piscine : ouverte »);
// - a past deadline « était », a future one « est ».

const NBSP = '\u00a0';

const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

// full « lundi 14 décembre 2026 », noYear « lundi 14 décembre », noWeekday « 14 décembre 2026 »,
// dayMonth « 14 décembre », abbreviated « lun. 14 déc. » (narrow chart labels only).
export type DateStyle = 'full' | 'noYear' | 'noWeekday' | 'dayMonth' | 'abbreviated';

// The abbreviations of the Imprimerie nationale's usage.
const WEEKDAYS_SHORT = ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'];
const MONTHS_SHORT = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

// A local calendar day and the minutes after its midnight.
interface LocalMoment {
  day: string; // "YYYY-MM-DD"
  minutes: number;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = zoneFormats.get(key);
  if (format === undefined) {
    const options: Intl.DateTimeFormatOptions = {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    };
    try {
      format = new Intl.DateTimeFormat('en-CA', { ...options, timeZone: timeZone ?? 'Europe/Paris' });
    } catch {
      // An unknown zone name: Europe/Paris, the default of tenants (as the server does).
      format = new Intl.DateTimeFormat('en-CA', { ...options, timeZone: 'Europe/Paris' });
    }
    zoneFormats.set(key, format);
  }
  return format;
}

// The local day and time of an instant in `timeZone` (the tenant's), or null for a non-date.
export function localMoment(iso: string, timeZone: string | undefined): LocalMoment | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const parts: Record<string, string> = {};
  for (const p of zoneFormat(timeZone).formatToParts(date)) parts[p.type] = p.value;
  const hour = Number(parts['hour']) % 24;
  return { day: `${parts['year']}-${parts['month']}-${parts['day']}`, minutes: hour * 60 + Number(parts['minute']) };
}

function dayParts(isoDay: string): { y: number; m: number; d: number; weekday: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDay);
  if (match === null) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  if (Number.isNaN(weekday) || m < 1 || m > 12) return null;
  return { y, m, d, weekday };
}

// "YYYY-MM-DD" plus `n` days (a local ISO time counts as its date: "2026-11-29T09:00:00+01:00").
// The one date arithmetic of the front end: the portal's and the console's pages use it.
export function addDays(isoDay: string, n: number): string {
  const p = dayParts(isoDay);
  if (p === null) return isoDay;
  return new Date(Date.UTC(p.y, p.m - 1, p.d + n)).toISOString().slice(0, 10);
}

// The calendar date ("2026-03-12") it is `now` in `timeZone` (Europe/Paris when it is unknown).
export function todayIn(timeZone: string | undefined, now: Date = new Date()): string {
  return localMoment(now.toISOString(), timeZone)?.day ?? now.toISOString().slice(0, 10);
}

// « 9 h », « 13 h 30 », « 0 h 05 ».
export function frenchClock(minutesAfterMidnight: number): string {
  const m = ((Math.floor(minutesAfterMidnight) % 1440) + 1440) % 1440;
  const hours = Math.floor(m / 60);
  const minutes = m % 60;
  return minutes === 0 ? `${hours}${NBSP}h` : `${hours}${NBSP}h${NBSP}${String(minutes).padStart(2, '0')}`;
}

// The end of a span of opening hours: as frenchClock, but 1440 (midnight ending the day) is
// « 24 h », not the next day's « 0 h ».
export function frenchSpanEnd(minutesAfterMidnight: number): string {
  return minutesAfterMidnight === 1440 ? `24${NBSP}h` : frenchClock(minutesAfterMidnight);
}

// « lundi 14 décembre 2026 » for a calendar day "YYYY-MM-DD" (an instant's date part is read as
// written). Returns the text unchanged when it is not a date.
export function frenchDate(isoDay: string, style: DateStyle = 'full'): string {
  const p = dayParts(isoDay);
  if (p === null) return isoDay;
  const day = p.d === 1 ? '1er' : String(p.d);
  if (style === 'abbreviated') return `${WEEKDAYS_SHORT[p.weekday]} ${day} ${MONTHS_SHORT[p.m - 1]}`;
  let out = `${day} ${MONTHS[p.m - 1]}`;
  if (style === 'full' || style === 'noYear') out = `${WEEKDAYS[p.weekday]} ${out}`;
  if (style === 'full' || style === 'noWeekday') out += ` ${p.y}`;
  return out;
}

// The clock time of an instant in the tenant's zone, « 13 h 30 »; null for a non-date.
export function frenchTime(iso: string, timeZone: string | undefined): string | null {
  const local = localMoment(iso, timeZone);
  return local === null ? null : frenchClock(local.minutes);
}

// « lundi 14 décembre 2026 à 13 h 30 » in the tenant's zone.
export function frenchDateTime(iso: string, timeZone: string | undefined, style: DateStyle = 'full'): string {
  const local = localMoment(iso, timeZone);
  if (local === null) return iso;
  return `${frenchDate(local.day, style)} à ${frenchClock(local.minutes)}`;
}

// The day (in the tenant's zone) of an instant: « lundi 14 décembre 2026 ».
export function frenchDayOf(iso: string, timeZone: string | undefined, style: DateStyle = 'full'): string {
  const local = localMoment(iso, timeZone);
  return local === null ? iso : frenchDate(local.day, style);
}

// The last day a deadline covers, "YYYY-MM-DD": the day before when `due` is local midnight.
export function deadlineLastDay(due: string, timeZone: string | undefined): string | null {
  const local = localMoment(due, timeZone);
  if (local === null) return null;
  return local.minutes === 0 ? addDays(local.day, -1) : local.day;
}

// « lundi 14 décembre, fin de journée » (deadline ending at midnight), else « lundi 14 décembre à
// 17 h 30 ».
export function frenchDeadline(due: string, timeZone: string | undefined, style: DateStyle = 'full'): string {
  const local = localMoment(due, timeZone);
  if (local === null) return due;
  if (local.minutes === 0) return `${frenchDate(addDays(local.day, -1), style)}, fin de journée`;
  return `${frenchDate(local.day, style)} à ${frenchClock(local.minutes)}`;
}

// The verb of a deadline seen from `now`: « était » once it has passed, « est » before.
export function deadlineVerb(due: string, now: Date | string = new Date()): 'était' | 'est' {
  const at = typeof now === 'string' ? new Date(now) : now;
  return new Date(due).getTime() <= at.getTime() ? 'était' : 'est';
}

// A participle or adjective agreeing with a feminine or masculine noun: « prévu » → « prévue »,
// « fermé » → « fermée ». Covers the regular words the interface uses (not « nouveau »).
export function agree(word: string, feminine: boolean): string {
  if (!feminine || word.endsWith('e')) return word;
  return `${word}e`;
}

// The message for a required field left empty. A noun phrase that starts with its determiner
// (« l’objet de votre demande », « Votre demande ») is asked for directly: « Indiquez l’objet de
// votre demande. »; a bare label cannot take an article without knowing its gender, so the field is
// named: « Renseignez le champ « Acte demandé ». ».
export function missingFieldMessage(label: string): string {
  const text = label.trim();
  if (/^(l[’']|le |la |les |votre |vos |un |une |des |son |sa |ses )/i.test(text)) {
    return `Indiquez ${text.charAt(0).toLowerCase()}${text.slice(1)}.`;
  }
  return `Renseignez le champ «${NBSP}${text}${NBSP}».`;
}

function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

// « Bruit de voisinage (réclamation) », but « Réclamation » alone when the name already says it.
export function qualifiedName(name: string, qualifier: string): string {
  if (qualifier === '' || folded(name).includes(folded(qualifier))) return name;
  return `${name} (${qualifier})`;
}
