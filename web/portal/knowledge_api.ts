// Client for the public knowledge endpoints used by the portal: the virtual receptionist
// (/api/v1/answer), the article search and articles (/api/v1/kb/…), places with their opening
// hours (/api/v1/places) and the agenda (/api/v1/events).
//
// Contract: like ui/api.ts, every function resolves with the decoded JSON body on a 2xx answer and
// rejects with an ApiError (a problem document, also for network failures) otherwise. The optional
// AbortSignal cancels the request; it then rejects with the browser's AbortError (see isAbort),
// which callers ignore because a newer request has replaced it.
import { ApiError, withTenant, type Problem } from '../ui/api';
import { strings } from '../ui/strings';

// The answer engine's types are shared with the console (web/ui/answer.ts).
export type { Answer, AnswerArticle, AnswerEvent, Candidate, Intent, IsoInterval, ServiceContact } from '../ui/answer';
import type { Answer } from '../ui/answer';

export interface SearchResult {
  id: string;
  external_id: string | null;
  title: string;
  snippet: string;
  score: number;
}

export interface SearchResponse {
  results: SearchResult[];
  suggestion: string | null;
  total: number;
}

export interface Article {
  id: string;
  external_id: string | null;
  title: string;
  summary: string;
  // Sanitised HTML rendered by the server from the article's Markdown.
  html: string;
  category: string | null;
  tags: string[];
  url: string | null;
  updated_at: string;
}

export interface Notice {
  id: string;
  message: string;
  starts: string | null;
  ends: string | null;
}

export interface Place {
  id: string;
  external_id: string | null;
  name: string;
  type: string;
  address: string;
  postcode: string;
  city: string;
  phone: string | null;
  email: string | null;
  url: string | null;
  description: string;
  opening_hours: string;
  notices: Notice[];
  // WGS 84, null when the place has no position.
  lat: number | null;
  lon: number | null;
}

export type OpenState = 'open' | 'closed' | 'unknown';

export interface PlaceHours {
  state: OpenState;
  comment: string | null;
  intervals: Array<{ from: string; to: string }>;
  next_change: string | null;
}

export interface PlaceWithHours extends Place {
  hours: PlaceHours;
}

export interface AgendaEvent {
  id: string;
  external_id: string | null;
  title: string;
  description: string;
  place_id: string | null;
  start: string;
  end: string;
  category: string;
  url: string | null;
  // The recurrence in French ("tous les vendredis"), null for a one-off event or a rule the
  // server cannot say simply (its occurrences are then listed one by one).
  recurrence: string | null;
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

function problem(title: string, status: number, detail?: string): Problem {
  return detail === undefined ? { type: 'about:blank', title, status } : { type: 'about:blank', title, status, detail };
}

async function get<T>(path: string, params: Record<string, string | undefined>, signal?: AbortSignal): Promise<T> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, value);
  const search = query.toString();
  let response: Response;
  try {
    response = await fetch(withTenant(`/api/v1${path}${search !== '' ? `?${search}` : ''}`), {
      headers: { Accept: 'application/json, application/problem+json' },
      credentials: 'same-origin',
      signal: signal ?? null,
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(problem(strings.common.networkErrorTitle, 0, strings.common.networkErrorDetail));
  }
  let decoded: unknown = null;
  try {
    decoded = await response.json();
  } catch (error) {
    if (isAbort(error)) throw error;
    decoded = null;
  }
  if (!response.ok) {
    const body = decoded as Partial<Problem> | null;
    throw new ApiError(
      body !== null && typeof body.title === 'string' && typeof body.status === 'number'
        ? (body as Problem)
        : problem(strings.common.unexpectedErrorTitle, response.status),
    );
  }
  if (decoded === null) throw new ApiError(problem(strings.common.unexpectedErrorTitle, response.status));
  return decoded as T;
}

// Path segments are ids or imported ids ("sp:F1427"), hence the encoding.
const segment = encodeURIComponent;

export const knowledgeApi = {
  answer: (question: string, signal?: AbortSignal) => get<Answer>('/answer', { q: question }, signal),
  search: (text: string, limit: number, signal?: AbortSignal) =>
    get<SearchResponse>('/kb/search', { q: text, limit: String(limit) }, signal),
  article: (id: string) => get<Article>(`/kb/articles/${segment(id)}`, {}),
  // The pending draft of an article, for a signed-in agent's preview (401/403/404 otherwise);
  // null when the article has none (204).
  draft: (id: string) => get<(Article & { draft: { updated_at: string } }) | null>(`/kb/articles/${segment(id)}/draft`, {}),
  places: () => get<{ items: Place[] }>('/places', {}),
  place: (id: string, days: number) => get<PlaceWithHours>(`/places/${segment(id)}`, { limit: String(days) }),
  events: (from: string, to: string) => get<{ items: AgendaEvent[] }>('/events', { from, to }),
};

// The public iCalendar feed of the agenda. The tenant is named in the address so that the link
// works wherever it is opened (a calendar application has no page to take it from).
export function agendaFeedUrl(tenantSlug: string | null, category: string): string {
  const query = new URLSearchParams();
  if (tenantSlug !== null) query.set('tenant', tenantSlug);
  if (category !== '') query.set('category', category);
  const search = query.toString();
  return `/api/v1/agenda.ics${search !== '' ? `?${search}` : ''}`;
}

// Addresses of the portal's knowledge pages, with the tenant kept.
export const portalLinks = {
  // With the question that led there, the article page asks « Cette réponse vous a-t-elle aidé ? ».
  article: (id: string, question = '') =>
    withTenant(`/fiche?id=${encodeURIComponent(id)}${question.trim() !== '' ? `&q=${encodeURIComponent(question.trim())}` : ''}`),
  place: (id: string) => withTenant(`/lieux?id=${encodeURIComponent(id)}`),
  places: () => withTenant('/lieux'),
  agenda: () => withTenant('/agenda'),
};
