// Thin client for the Guichet JSON API (/api/v1).
//
// Contract: every function resolves with the decoded JSON body on a 2xx answer (undefined on 204),
// or, for versioned resources, with that body and its ETag; it rejects with an ApiError otherwise.
// An ApiError always carries a problem document: the server's own (application/problem+json) when
// it sent one, or one made here for network failures and unexpected bodies, so that callers have a
// single error shape to show.
//
// The session cookie is HttpOnly and sent by the browser; the CSRF token is kept in memory only and
// added to every state-changing request.
import { strings } from './strings';

export type Role = 'reception' | 'case_agent' | 'manager' | 'tenant_admin' | 'platform_admin' | string;

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  holiday_zone: string;
  logo_url: string | null;
}

export interface Agent {
  id: string;
  email: string;
  display_name: string;
  roles: Role[];
}

export interface Session {
  agent: Agent;
  // What the agent may do, e.g. "knowledge.write" (granted by the agent's roles).
  permissions: string[];
  tenant: Tenant;
  csrf_token: string;
}

export interface PresenceAgent {
  id: string;
  display_name: string;
  roles: Role[];
  since: string;
}

// Weekdays as the calendar API keys them, Monday first.
export const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

// French public-holiday zones and school-holiday zones, in the order they are offered.
export const HOLIDAY_ZONES = [
  'metropole',
  'alsace-moselle',
  'guadeloupe',
  'martinique',
  'guyane',
  'la-reunion',
  'mayotte',
  'saint-barthelemy',
  'saint-martin',
  'saint-pierre-et-miquelon',
] as const;

export const SCHOOL_ZONES = [
  'A',
  'B',
  'C',
  'corse',
  'guadeloupe',
  'martinique',
  'guyane',
  'la-reunion',
  'mayotte',
  'saint-pierre-et-miquelon',
] as const;

// An opening slot, as wall-clock times "HH:MM" (the end may be "24:00").
export interface TimeSlot {
  from: string;
  to: string;
}

export interface Closure {
  // ISO 8601 calendar date, e.g. "2026-12-24".
  date: string;
  name: string;
}

// The tenant's calendar settings (GET/PUT /api/v1/tenant/calendar).
export interface TenantCalendar {
  holiday_zone: string;
  department: string | null;
  school_zone: string | null;
  business_hours: Partial<Record<Weekday, TimeSlot[]>>;
  closures: Closure[];
}

// A resource with the version the server gave it, to send back in If-Match with a change.
// `version` is the resource's JSON `version`, else the one its ETag ("v3") names; null when
// neither says (the change is then sent without If-Match and the server answers 428).
export interface Versioned<T> {
  value: T;
  version: VersionRef;
}

export type VersionRef = number | null;

// RFC 9457 problem document, as the server sends it.
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  // With a 400: the member of the input at fault ("citizen.email", "fields.acte"), so that a
  // form can show the message beside its control.
  field?: string;
}

export class ApiError extends Error {
  readonly problem: Problem;
  // Seconds to wait before retrying, from the Retry-After header; null when absent.
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.title);
    this.name = 'ApiError';
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  get status(): number {
    return this.problem.status;
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

// The tenant can be chosen with ?tenant=slug on the page (useful where the Host does not name
// it); the same parameter is then passed on to the API and to links between pages.
export function tenantSlugFromPage(): string | null {
  const slug = new URLSearchParams(window.location.search).get('tenant');
  return slug !== null && slug !== '' ? slug : null;
}

export function withTenant(path: string): string {
  const slug = tenantSlugFromPage();
  if (slug === null) return path;
  const separator = path.includes('?') ? '&' : '?';
  return `${path}${separator}tenant=${encodeURIComponent(slug)}`;
}

function parseRetryAfter(value: string | null): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['title'] === 'string' && typeof v['status'] === 'number';
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface ApiResponse<T> {
  data: T;
  headers: Headers;
}

async function send<T>(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (STATE_CHANGING.has(method) && csrfToken !== null) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(withTenant(`/api/v1${path}`), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({
      type: 'about:blank',
      title: strings.common.networkErrorTitle,
      status: 0,
      detail: strings.common.networkErrorDetail,
    });
  }

  if (response.status === 204) return { data: undefined as T, headers: response.headers };

  let decoded: unknown = null;
  const text = await response.text();
  if (text !== '') {
    try {
      decoded = JSON.parse(text);
    } catch {
      decoded = null;
    }
  }

  if (!response.ok) {
    const problem: Problem = isProblem(decoded)
      ? decoded
      : { type: 'about:blank', title: strings.common.unexpectedErrorTitle, status: response.status };
    throw new ApiError(problem, parseRetryAfter(response.headers.get('Retry-After')));
  }
  if (decoded === null) {
    throw new ApiError({ type: 'about:blank', title: strings.common.unexpectedErrorTitle, status: response.status });
  }
  return { data: decoded as T, headers: response.headers };
}

// A form with files (multipart/form-data), with the upload's progress (0 to 1) for people on a
// slow connection: fetch cannot report it, XMLHttpRequest can. Same contract as apiRequest.
export function apiUpload<T>(path: string, form: FormData, onProgress?: (fraction: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withTenant(`/api/v1${path}`));
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    if (csrfToken !== null) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    if (onProgress !== undefined) {
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      };
    }
    xhr.onerror = () =>
      reject(new ApiError({ type: 'about:blank', title: strings.common.networkErrorTitle, status: 0, detail: strings.common.networkErrorDetail }));
    xhr.onload = () => {
      let decoded: unknown = null;
      try {
        decoded = xhr.responseText === '' ? null : JSON.parse(xhr.responseText);
      } catch {
        decoded = null;
      }
      if (xhr.status < 200 || xhr.status >= 300) {
        const problem: Problem = isProblem(decoded) ? decoded : { type: 'about:blank', title: strings.common.unexpectedErrorTitle, status: xhr.status };
        reject(new ApiError(problem, parseRetryAfter(xhr.getResponseHeader('Retry-After'))));
      } else if (decoded === null) {
        reject(new ApiError({ type: 'about:blank', title: strings.common.unexpectedErrorTitle, status: xhr.status }));
      } else {
        resolve(decoded as T);
      }
    };
    xhr.send(form);
  });
}

// Downloads what a POST answers (a file the server will not serve by GET, e.g. to a citizen who
// proves who they are in the body) and saves it under `filename`.
export async function apiDownload(path: string, body: unknown, filename: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(withTenant(`/api/v1${path}`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ type: 'about:blank', title: strings.common.networkErrorTitle, status: 0, detail: strings.common.networkErrorDetail });
  }
  if (!response.ok) {
    let decoded: unknown = null;
    try {
      decoded = await response.json();
    } catch {
      decoded = null;
    }
    throw new ApiError(isProblem(decoded) ? decoded : { type: 'about:blank', title: strings.common.unexpectedErrorTitle, status: response.status });
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// `headers` adds request headers, e.g. If-Match for a change to a versioned resource.
export async function apiRequest<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  return (await send<T>(method, path, body, headers)).data;
}

// Versions of resources two agents can change (the If-Match contract): every change of one carries
// If-Match: "v<version>" with the version the screen shows; the server answers 412 when someone
// changed it in between (isVersionConflict), 428 when the header is missing.

// The ETag of a version, as the server writes it: "v3", quotes included.
export function versionTag(version: number): string {
  return `"v${version}"`;
}

// The version an ETag names ("v3" or W/"v3": 3), null for any other ETag.
export function versionFromEtag(etag: string | null): number | null {
  const found = etag === null ? null : /^(?:W\/)?"v(\d+)"$/.exec(etag.trim());
  return found === null ? null : Number(found[1]);
}

// The If-Match header for a change made against `version` (none when it is unknown).
export function ifMatch(version: VersionRef): Record<string, string> {
  return version === null ? {} : { 'If-Match': versionTag(version) };
}

// The version a response gives: its JSON `version`, else the one its ETag names.
function versionOf(data: unknown, headers: Headers): VersionRef {
  const member = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['version'] : undefined;
  if (typeof member === 'number') return member;
  return versionFromEtag(headers.get('ETag'));
}

// A resource and its version (JSON `version` or ETag), for a screen that will change it.
export async function apiGetVersioned<T>(path: string): Promise<Versioned<T>> {
  const { data, headers } = await send<T>('GET', path);
  return { value: data, version: versionOf(data, headers) };
}

// The one way the console changes a versioned resource (or one of its sub-resources: status,
// notes, answers...): sends If-Match with `version`, the version the screen shows, and resolves
// with the answer and the resource's new version. Without a known version (null) the header is
// left out and the server refuses the change (428) rather than overwrite blindly.
export async function apiChangeVersioned<T>(method: string, path: string, version: VersionRef, body?: unknown): Promise<Versioned<T>> {
  const { data, headers } = await send<T>(method, path, body, ifMatch(version));
  return { value: data, version: versionOf(data, headers) };
}

// The same, for a resource whose JSON carries its `version`: resolves with the answer, its
// `version` filled from the ETag when the body does not carry it.
export async function apiChange<T>(method: string, path: string, version: VersionRef, body?: unknown): Promise<T> {
  const { value, version: next } = await apiChangeVersioned<T>(method, path, version, body);
  if (typeof next === 'number' && typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)['version'] !== 'number') {
    return { ...value, version: next };
  }
  return value;
}

// A refusal because the resource changed since the screen read it (412 of type stale-version; a
// 412 of another type is a rule, e.g. a status the workflow does not allow from the current one), or
// because the change did not say which version it was made against (428, a fault of the console).
export function isVersionConflict(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 428 || (error.status === 412 && /(^|[:/])stale-version$/.test(error.problem.type));
}

export const api = {
  tenant: () => apiRequest<Tenant>('GET', '/tenant'),
  session: () => apiRequest<Session>('GET', '/auth/session'),
  // Whether the browser is signed in, answered 200 either way: a page that has just loaded asks
  // this, not session(), so that a signed-out visit logs no failed request in the console.
  sessionStatus: () => apiRequest<{ signed_in: boolean; session?: Session }>('GET', '/auth/status'),
  login: (email: string, password: string) => apiRequest<Session>('POST', '/auth/login', { email, password }),
  logout: () => apiRequest<void>('POST', '/auth/logout'),
  presence: () => apiRequest<{ agents: PresenceAgent[] }>('GET', '/presence'),
  calendar: () => apiGetVersioned<TenantCalendar>('/tenant/calendar'),
  saveCalendar: (calendar: TenantCalendar, version: VersionRef) =>
    apiChangeVersioned<TenantCalendar>('PUT', '/tenant/calendar', version, calendar),
};

// The public iCalendar feed of a tenant's days off, to subscribe to from a calendar application.
// The tenant is named in the address so that the link works wherever it is opened.
export function calendarFeedUrl(tenantSlug: string): string {
  return `/api/v1/tenant/calendar.ics?tenant=${encodeURIComponent(tenantSlug)}`;
}

// The WebSocket address of the API on the page's own origin.
export function webSocketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}${withTenant('/api/v1/ws')}`;
}
