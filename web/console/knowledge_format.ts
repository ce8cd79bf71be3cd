// Dates and labels of the knowledge pages, in French and in the tenant's time zone.
import { strings } from '../ui/strings';
import type { ArticleSummary } from './knowledge_api';

function format(iso: string, options: Intl.DateTimeFormatOptions, timeZone: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat('fr-FR', { ...options, timeZone }).format(date);
  } catch {
    // Unknown time zone name: the browser's zone rather than nothing.
    return new Intl.DateTimeFormat('fr-FR', options).format(date);
  }
}

// "12 mars 2026 à 14:05".
export function formatDateTime(iso: string, timeZone: string | undefined): string {
  return format(iso, { dateStyle: 'long', timeStyle: 'short' }, timeZone);
}

// "12 mars 2026".
export function formatDay(iso: string, timeZone: string | undefined): string {
  return format(iso, { dateStyle: 'long' }, timeZone);
}

// The calendar date ("2026-03-12") it is now in `timeZone`.
export function todayIn(timeZone: string | undefined, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  }
}

// The calendar date `days` after an ISO date, and its French name ("lundi 9 mars").
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function dayName(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(date);
}

// "09:30" from an ISO local time with offset ("2026-03-09T09:30:00+01:00"): the wall-clock time
// the server computed for the place, read as written.
export function wallClock(isoLocal: string): string {
  return isoLocal.slice(11, 16);
}

export function wallDate(isoLocal: string): string {
  return isoLocal.slice(0, 10);
}

// The status of an article as people should read it, including a publication still to come.
export function statusText(article: Pick<ArticleSummary, 'status' | 'publish_at'>, timeZone: string | undefined, now = Date.now()): string {
  const t = strings.console.articles;
  if (article.status === 'published' && article.publish_at !== null && Date.parse(article.publish_at) > now) {
    return t.scheduled(formatDateTime(article.publish_at, timeZone));
  }
  return t.statusLabels[article.status] ?? article.status;
}

// Tags typed as "a, b , c" → ["a", "b", "c"].
export function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

// Each category's name with its parents' ("Démarches › État civil"), by id.
export function categoryPaths(categories: Array<{ id: string; parent_id: string | null; name: string }>): Map<string, string> {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const paths = new Map<string, string>();
  for (const category of categories) {
    const names: string[] = [];
    const seen = new Set<string>();
    let at: typeof category | undefined = category;
    while (at !== undefined && !seen.has(at.id)) {
      seen.add(at.id);
      names.unshift(at.name);
      at = at.parent_id === null ? undefined : byId.get(at.parent_id);
    }
    paths.set(category.id, names.join(' › '));
  }
  return paths;
}
