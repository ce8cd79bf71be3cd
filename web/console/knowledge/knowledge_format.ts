// Dates and labels of the knowledge pages, in French and in the tenant's time zone.
// The rules of dates and times are in ../ui/french.ts.
import { frenchClock, frenchDate, frenchDateTime, frenchDayOf } from '../../ui/french';
import { strings } from '../../ui/strings';
import type { ArticleSummary } from './knowledge_api';

// « 12 mars 2026 à 14 h 05 ».
export function formatDateTime(iso: string, timeZone: string | undefined): string {
  return frenchDateTime(iso, timeZone, 'noWeekday');
}

// « 12 mars 2026 ».
export function formatDay(iso: string, timeZone: string | undefined): string {
  return frenchDayOf(iso, timeZone, 'noWeekday');
}

// An ISO date's French name (« lundi 9 mars »).
export function dayName(isoDate: string): string {
  return frenchDate(isoDate, 'noYear');
}

// « 9 h 30 » from an ISO local time with offset ("2026-03-09T09:30:00+01:00"): the wall-clock
// time the server computed for the place, read as written.
export function wallClock(isoLocal: string): string {
  const hours = Number(isoLocal.slice(11, 13));
  const minutes = Number(isoLocal.slice(14, 16));
  if (Number.isNaN(hours) || Number.isNaN(minutes)) return isoLocal.slice(11, 16);
  return frenchClock(hours * 60 + minutes);
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
