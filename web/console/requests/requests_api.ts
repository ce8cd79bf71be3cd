// The agents' side of the requests API (/api/v1/requests, citizens, contacts, categories).
import { ApiError, apiChange, apiRequest, ifMatch, versionFromEtag, withTenant, type Problem, type Session, type VersionRef } from '../../ui/api';
import type { FieldDef, FieldValue } from '../../ui/request_fields';
import { frenchDateTime, frenchDeadline } from '../../ui/french';
import { strings } from '../../ui/strings';

export interface Deadline {
  due: string;
  done: string | null;
  state: 'pending' | 'met' | 'late' | 'missed' | string;
}

export interface Deadlines {
  acknowledgement: Deadline | null;
  first_answer: Deadline | null;
  resolution: Deadline | null;
}

export interface RequestSummary {
  id: string;
  tracking_code: string;
  category_id: string;
  category: string | null;
  kind: string;
  channel: string;
  // `id`: the person key, shared by the requests of people an agent merged; null before.
  citizen: { id: string | null; name: string; email: string | null; phone: string | null; address: string | null };
  subject: string;
  description?: string;
  fields: Record<string, unknown>;
  // 0 normal, 1 high, 2 urgent (a checked « urgent » box of the form, e.g. « Danger immédiat »).
  priority?: number;
  location: { lat: number; lon: number; address: string } | null;
  service_id: string | null;
  agent_id: string | null;
  status: string;
  status_label?: string;
  status_public_label?: string;
  closed?: boolean;
  paused: boolean;
  deadlines: Deadlines;
  received_at: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TimelineEntry {
  id: string;
  type: string;
  actor: { type: string; id: string | null; name: string };
  data: Record<string, unknown>;
  public: boolean;
  at: string;
}

export interface Attachment {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  created_at: string;
  // The citizen sees it on the follow-up (they sent it, or it was sent to them).
  shared: boolean;
}

// What one answer may carry (RequestService::kMaxAnswerFiles, kMaxAnswerBytes).
export const MAX_ANSWER_FILES = 10;
export const MAX_ANSWER_BYTES = 20 * 1024 * 1024;

export interface WorkflowStatus {
  key: string;
  public_label: string;
  internal_label: string;
  terminal: boolean;
  pauses: boolean;
}

export interface Workflow {
  initial: string;
  statuses: WorkflowStatus[];
  transitions: Array<{ from: string; to: string }>;
}

export interface RequestRecord extends RequestSummary {
  description: string;
  timeline: TimelineEntry[];
  attachments: Attachment[];
  workflow?: Workflow;
}

// An answer template as the answer form lists it (the settings edit the whole template).
export interface AnswerTemplateSummary {
  id: string;
  name: string;
  channel: 'email' | 'letter' | 'portal' | 'any' | string;
  kind: 'acknowledgement' | 'holding' | 'answer' | string;
}

// A template with the merge fields filled for one request (text).
export interface RenderedTemplate {
  template_id: string;
  kind: string;
  channel: string;
  subject: string;
  body: string;
}

export interface Category {
  id: string;
  // "general": the internal type of requests registered without a type.
  external_id?: string | null;
  name: string;
  service_id: string | null;
  public: boolean;
  workflow: Workflow;
  // The form's own fields, in order: drawn by the desk's form, and their labels shown next to
  // the values of a request's `fields`. `urgent`: a checked box makes the request urgent
  // (priority 2, first in the inbox).
  fields?: FieldDef[];
}

export interface Service {
  id: string;
  name: string;
}

export interface InboxQuery {
  service?: string | undefined;
  mine?: boolean;
  status?: string | undefined;
  channel?: string | undefined;
  category?: string | undefined;
  dueSoon?: boolean;
  overdue?: boolean;
  after?: string | undefined;
}

function queryString(q: InboxQuery): string {
  const p = new URLSearchParams();
  if (q.service) p.set('service', q.service);
  if (q.mine) p.set('mine', '1');
  if (q.status) p.set('status', q.status);
  if (q.channel) p.set('channel', q.channel);
  if (q.category) p.set('category', q.category);
  if (q.dueSoon) p.set('due_soon', '1');
  if (q.overdue) p.set('overdue', '1');
  if (q.after) p.set('after', q.after);
  p.set('limit', '25');
  return p.toString();
}

export interface NewRequest {
  channel: 'counter' | 'phone' | 'letter';
  // Absent: the tenant's internal « Demande générale » (never offered on the public form).
  category?: string;
  subject: string;
  description: string;
  citizen: { name: string; email?: string; phone?: string };
  fields?: Record<string, FieldValue>;
  location?: { lat: number; lon: number; address: string };
  received_at?: string;
}

// A request as a change names it: which one, at which version (the one the screen shows).
export type RequestRef = Pick<RequestSummary, 'id' | 'version'>;

const path = (id: string, action: string) => `/requests/${encodeURIComponent(id)}/${action}`;

export const requestsApi = {
  inbox: (q: InboxQuery) => apiRequest<{ items: RequestSummary[]; next: string | null }>('GET', `/requests?${queryString(q)}`),
  get: (id: string) => apiRequest<RequestRecord>('GET', `/requests/${encodeURIComponent(id)}`),
  categories: () => apiRequest<{ items: Category[] }>('GET', '/request-categories'),
  category: (id: string) => apiRequest<Category>('GET', `/request-categories/${encodeURIComponent(id)}`),
  services: () => apiRequest<{ items: Service[] }>('GET', '/services'),
  // Changes of one request: each carries the version the screen shows (If-Match) and resolves with
  // the request at its new version; 412 when someone changed it in between.
  status: (r: RequestRef, status: string, note: string) => apiChange<RequestRecord>('POST', path(r.id, 'status'), r.version, { status, note }),
  assignMe: (r: RequestRef) => apiChange<RequestRecord>('POST', path(r.id, 'assign'), r.version, { agent_id: 'me' }),
  transfer: (r: RequestRef, service_id: string, reason: string) => apiChange<RequestRecord>('POST', path(r.id, 'transfer'), r.version, { service_id, reason }),
  note: (r: RequestRef, text: string) => apiChange<RequestRecord>('POST', path(r.id, 'notes'), r.version, { text }),
  call: (r: RequestRef, summary: string) => apiChange<RequestRecord>('POST', path(r.id, 'calls'), r.version, { summary }),
  // `status`: the status the request moves to with the message (one change), when not empty.
  message: (r: RequestRef, kind: 'answer' | 'holding', body: string, forecast?: string, attachmentIds: string[] = [], status = '') =>
    apiChange<RequestRecord>('POST', path(r.id, 'messages'), r.version, {
      kind,
      body,
      ...(forecast ? { forecast } : {}),
      ...(attachmentIds.length > 0 ? { attachment_ids: attachmentIds } : {}),
      ...(status !== '' ? { status } : {}),
    }),
  templates: () => apiRequest<{ items: AnswerTemplateSummary[] }>('GET', '/request-templates'),
  render: (id: string, templateId: string) => apiRequest<RenderedTemplate>('POST', path(id, 'render'), { template_id: templateId }),
  create: (r: NewRequest) => apiRequest<RequestRecord>('POST', '/requests', r),
  contact: (channel: string, subject: string, citizen_name: string) => apiRequest<void>('POST', '/contacts', { channel, subject, citizen_name }),
  citizens: (q: string) => apiRequest<{ items: RequestSummary[] }>('GET', `/citizens?q=${encodeURIComponent(q)}`),
  // The person request `from` is from (id or code) is the person request `into` is from; `into`
  // at the version shown (If-Match): 412 when it changed in between.
  mergeCitizens: (from: string, into: RequestRef) => apiChange<{ citizen_id: string; items: RequestSummary[] }>('POST', '/citizens/merge', into.version, { from, into: into.id }),
  // This request is a duplicate of `into` (id or tracking code): closed, linked, history kept.
  merge: (r: RequestRef, into: string) => apiChange<RequestRecord>('POST', path(r.id, 'merge'), r.version, { into }),
};

// Uploads a file as the raw body (the API client only sends JSON), as a change of the request at
// `version` (If-Match); the file as stored, and the request's version after it (from the ETag; the
// one sent when the answer names none). A refusal is an ApiError carrying the server's problem
// document when there is one (412 when someone changed the request in between).
export async function uploadAttachment(session: Session, id: string, version: VersionRef, file: File): Promise<{ attachment: Attachment; version: VersionRef }> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Content-Type': file.type || 'application/octet-stream',
    'X-CSRF-Token': session.csrf_token,
    ...ifMatch(version),
  };
  const response = await fetch(withTenant(`/api/v1${path(id, 'attachments')}?filename=${encodeURIComponent(file.name)}`), {
    method: 'POST',
    credentials: 'same-origin',
    headers,
    body: file,
  });
  const decoded: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = decoded !== null && typeof decoded === 'object' && typeof (decoded as Problem).title === 'string' ? (decoded as Problem) : null;
    throw new ApiError(problem ?? { type: 'about:blank', title: strings.common.unexpectedErrorTitle, status: response.status });
  }
  return { attachment: decoded as Attachment, version: versionFromEtag(response.headers.get('ETag')) ?? version };
}

export function attachmentHref(requestId: string, attachmentId: string): string {
  return withTenant(`/api/v1/requests/${encodeURIComponent(requestId)}/attachments/${encodeURIComponent(attachmentId)}`);
}

// The deadline that comes next: the earliest one not yet met.
export function nextDeadline(r: RequestSummary): Deadline | null {
  const open = [r.deadlines.acknowledgement, r.deadlines.first_answer, r.deadlines.resolution].filter(
    (d): d is Deadline => d !== null && d.done === null,
  );
  open.sort((a, b) => a.due.localeCompare(b.due));
  return open[0] ?? null;
}

// « 14 décembre 2026 à 13 h 30 » in the tenant's zone.
export function formatInstant(iso: string, timeZone: string): string {
  return frenchDateTime(iso, timeZone, 'noWeekday');
}

// A deadline as its last day, « lundi 14 décembre 2026, fin de journée » (the server sends the
// instant it expires, the next day's 00:00).
export function formatDeadline(iso: string, timeZone: string): string {
  return frenchDeadline(iso, timeZone);
}
