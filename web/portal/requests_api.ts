// The citizens' side of the requests API: public categories, submission and follow-up. The
// tenant comes from the Host or the page's ?tenant= (added by the API client).
import { apiDownload, apiRequest, apiUpload } from '../ui/api';
import type { FieldDef, FieldValue } from '../ui/request_fields';
import { frenchDate, frenchDateTime, frenchDeadline } from '../ui/french';

export type { FieldDef, FieldValue } from '../ui/request_fields';

export interface PublicCategory {
  id: string;
  // The id it was imported with, if any (the answer engine names request types by it).
  external_id?: string | null;
  name: string;
  description: string;
  kind: 'request' | 'complaint' | string;
  fields: FieldDef[];
}

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

export interface PublicEvent {
  id: string;
  type: string;
  actor: { type: string; name: string };
  data: Record<string, unknown>;
  at: string;
}

// What a citizen sees of a request.
export interface PublicRequest {
  tracking_code: string;
  category: string;
  subject: string;
  description: string;
  status: string;
  closed: boolean;
  deadlines: Deadlines;
  created_at: string;
  timeline: PublicEvent[];
  // The files the citizen sent, and those sent to them with an answer.
  attachments: PublicAttachment[];
  // What the citizen wrote: their answers to the form (in its order, under its labels), the place
  // and their contact details. Only for them (just sent, or tracking code and e-mail).
  answers?: PublicAnswer[];
  location?: { lat: number; lon: number; address: string } | null;
  citizen?: { name: string; email: string | null; phone: string | null; address: string | null };
  // On submission only: whether an acknowledgement e-mail is on its way.
  acknowledgement_email?: boolean;
}

export interface PublicAnswer {
  key: string;
  label: string;
  type: string;
  value: unknown;
}

export interface PublicAttachment {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  created_at: string;
}

// Files by the `file` field they answer; '' holds the general attachments.
export type FilesByField = Record<string, File[]>;

// The multipart form of a submission with files: the JSON in "request", each file in
// "file:<field key>" or "files".
function formOf(json: unknown, files: FilesByField): FormData {
  const form = new FormData();
  form.append('request', JSON.stringify(json));
  for (const [field, list] of Object.entries(files))
    for (const file of list) form.append(field === '' ? 'files' : `file:${field}`, file, file.name);
  return form;
}

const hasFiles = (files: FilesByField) => Object.values(files).some((list) => list.length > 0);

export interface Submission {
  category: string;
  subject: string;
  description: string;
  citizen: { name: string; email: string; phone?: string };
  fields: Record<string, FieldValue>;
  location?: { lat: number; lon: number; address: string };
}

export const requestsApi = {
  categories: () => apiRequest<{ items: PublicCategory[] }>('GET', '/public/request-categories'),
  submit: (s: Submission, files: FilesByField = {}, onProgress?: (fraction: number) => void) =>
    hasFiles(files)
      ? apiUpload<PublicRequest>('/public/requests', formOf(s, files), onProgress)
      : apiRequest<PublicRequest>('POST', '/public/requests', s),
  follow: (tracking_code: string, email: string) =>
    apiRequest<PublicRequest>('POST', '/public/requests/follow', { tracking_code, email }),
  reply: (tracking_code: string, email: string, body: string, files: File[] = [], onProgress?: (fraction: number) => void) =>
    files.length > 0
      ? apiUpload<PublicRequest>('/public/requests/reply', formOf({ tracking_code, email, body }, { '': files }), onProgress)
      : apiRequest<PublicRequest>('POST', '/public/requests/reply', { tracking_code, email, body }),
  download: (tracking_code: string, email: string, file: PublicAttachment) =>
    apiDownload(`/public/requests/attachments/${encodeURIComponent(file.id)}`, { tracking_code, email }, file.filename),
};

// A deadline as its last day in the tenant's zone, « lundi 14 décembre 2026, fin de journée »
// (the server sends the instant it expires, the next day's 00:00).
export function formatDueDate(iso: string, timeZone: string | undefined): string {
  return frenchDeadline(iso, timeZone);
}

// A forecast date ("2026-12-18"): a day, never shifted by a time zone.
export function formatForecast(isoDay: string): string {
  return frenchDate(isoDay.slice(0, 10));
}

// « 14 décembre 2026 à 13 h 30 » in the tenant's zone.
export function formatDateTime(iso: string, timeZone: string | undefined): string {
  return frenchDateTime(iso, timeZone, 'noWeekday');
}
