// The tenant's mailboxes (the e-mail channel of requests), for agents with requests.manage. The
// password is write-only: the server says only whether one is stored (has_password).
import { ApiError, apiChange, apiRequest } from '../../ui/api';

export interface Mailbox {
  id: string;
  imap_url: string;
  user: string;
  has_password: boolean;
  smtp_url: string;
  smtp_auth: boolean;
  starttls: boolean;
  from_address: string;
  from_name: string;
  default_category_id: string | null;
  enabled: boolean;
  last_poll_at: string | null;
  last_error: string | null;
  messages_received: number;
  messages_rejected: number;
  messages_automatic: number;
  // The last failure to send (cleared once a message leaves), in French.
  last_send_error: string | null;
  last_send_error_at: string | null;
  created_at: string;
  version: number;
}

// A mail written by a program (auto-reply, bounce, list), kept out of the requests.
export interface AutomaticMail {
  id: string;
  from: { name: string; address: string };
  subject: string;
  reason: string;
  body: string;
  request_id: string | null;
  sent_at: string | null;
  received_at: string;
}

// What is sent to add or change a mailbox; an empty password keeps the stored one.
export interface MailboxInput {
  imap_url: string;
  user: string;
  password: string;
  smtp_url: string;
  smtp_auth: boolean;
  starttls: boolean;
  from_address: string;
  from_name: string;
  default_category_id: string | null;
  enabled: boolean;
}

export interface ConnectionCheck {
  ok: boolean;
  imap: { ok: boolean; message: string };
  smtp: { ok: boolean; message: string };
}

const path = (id: string) => `/mailboxes/${encodeURIComponent(id)}`;

export const mailboxesApi = {
  list: () => apiRequest<{ items: Mailbox[] }>('GET', '/mailboxes'),
  create: (m: MailboxInput) => apiRequest<Mailbox>('POST', '/mailboxes', m),
  // Changes carry the version the form shows (If-Match); 412 when someone changed it in between.
  update: (id: string, version: number, m: MailboxInput) => apiChange<Mailbox>('PUT', path(id), version, m),
  remove: (id: string, version: number) => apiChange<void>('DELETE', path(id), version),
  test: (id: string) => apiRequest<ConnectionCheck>('POST', `${path(id)}/test`),
  automatic: (id: string) => apiRequest<{ items: AutomaticMail[]; total: number }>('GET', `${path(id)}/automatic`),
};

// The setting a 400 problem names (its `field` member), if any.
export function problemField(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const field = (error.problem as unknown as Record<string, unknown>)['field'];
  return typeof field === 'string' ? field : null;
}
