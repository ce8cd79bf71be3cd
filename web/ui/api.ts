// Thin client for the Guichet JSON API (/api/v1).
//
// Contract: every function resolves with the decoded JSON body on a 2xx answer (undefined on 204)
// and rejects with an ApiError otherwise. An ApiError always carries a problem document: the
// server's own (application/problem+json) when it sent one, or one made here for network failures
// and unexpected bodies, so that callers have a single error shape to show.
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
  tenant: Tenant;
  csrf_token: string;
}

export interface PresenceAgent {
  id: string;
  display_name: string;
  roles: Role[];
  since: string;
}

// RFC 9457 problem document, as the server sends it.
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
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

export async function apiRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
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

  if (response.status === 204) return undefined as T;

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
  return decoded as T;
}

export const api = {
  tenant: () => apiRequest<Tenant>('GET', '/tenant'),
  session: () => apiRequest<Session>('GET', '/auth/session'),
  login: (email: string, password: string) => apiRequest<Session>('POST', '/auth/login', { email, password }),
  logout: () => apiRequest<void>('POST', '/auth/logout'),
  presence: () => apiRequest<{ agents: PresenceAgent[] }>('GET', '/presence'),
};

// The WebSocket address of the API on the page's own origin.
export function webSocketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}${withTenant('/api/v1/ws')}`;
}
