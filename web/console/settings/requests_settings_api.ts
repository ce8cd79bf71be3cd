// The administrators' side of the requests API: request types, the deadline charter, routing,
// answer templates and the letterhead (permission requests.manage to write).
import { apiChange, apiRequest } from '../../ui/api';
import type { Service, Workflow } from '../requests/requests_api';

export const FIELD_TYPES = ['text', 'long_text', 'email', 'phone', 'date', 'number', 'choice', 'multiple_choice', 'checkbox', 'file', 'address'] as const;
export const CHANNELS = ['web', 'email', 'phone', 'counter', 'letter', 'open311', 'api'] as const;
export const DELAY_UNITS = ['working_days', 'workable_days', 'calendar_days', 'business_hours'] as const;

// A request type's field: one definition, the portal's and the desk's (web/ui/request_fields).
export type { FieldDef } from '../../ui/request_fields';
import type { FieldDef } from '../../ui/request_fields';

export interface CategoryDetail {
  id: string;
  name: string;
  description: string;
  service_id: string | null;
  kind: 'request' | 'complaint' | string;
  public: boolean;
  fields: FieldDef[];
  workflow: Workflow;
  keywords: string[];
  version: number;
}

export type CategoryInput = Omit<CategoryDetail, 'id' | 'version'>;

export interface Delay {
  amount: number;
  unit: string;
}

export interface CharterRule {
  channel: string | null;
  category_id: string | null;
  kind: string | null;
  acknowledgement: Delay | null;
  first_answer: Delay | null;
  resolution: Delay | null;
}

export interface Charter {
  preset: string;
  count_receipt_day: boolean;
  holding_reply_counts: boolean;
  warn_hours_before: number;
  rules: CharterRule[];
  version: number;
  updated_at: string;
}

export interface RoutingRule {
  id?: string;
  name: string;
  category_id: string | null;
  channel: string | null;
  keywords: string[];
  polygon: Array<[number, number]>;
  service_id: string;
}

export interface Routing {
  default_service_id: string | null;
  rules: RoutingRule[];
  version: number;
}

export interface AnswerTemplate {
  id: string;
  name: string;
  channel: string;
  kind: string;
  subject: string;
  body: string;
  is_default: boolean;
  version: number;
}

export interface MergeField {
  name: string;
  description: string;
}

export interface Letterhead {
  sender_name: string;
  address: string[];
  place: string;
  version: number;
}

const categoryPath = (id: string) => `/request-categories/${encodeURIComponent(id)}`;

export const settingsApi = {
  services: () => apiRequest<{ items: Service[] }>('GET', '/services'),
  categories: () => apiRequest<{ items: CategoryDetail[] }>('GET', '/request-categories'),
  category: (id: string) => apiRequest<CategoryDetail>('GET', categoryPath(id)),
  createCategory: (c: CategoryInput) => apiRequest<CategoryDetail>('POST', '/request-categories', c),
  // Changes: each carries the version the form was opened at (If-Match); 412 when someone else
  // saved in between. The answer carries the new version.
  updateCategory: (id: string, version: number, c: CategoryInput) => apiChange<CategoryDetail>('PUT', categoryPath(id), version, c),
  charter: () => apiRequest<Charter>('GET', '/charter'),
  applyPreset: (version: number, preset: string) => apiChange<Charter>('PUT', '/charter', version, { preset }),
  saveCharter: (version: number, c: Omit<Charter, 'version' | 'updated_at'>) => apiChange<Charter>('PUT', '/charter', version, { ...c, preset: 'custom' }),
  routing: () => apiRequest<Routing>('GET', '/routing'),
  saveRouting: (version: number, r: Omit<Routing, 'version'>) => apiChange<Routing>('PUT', '/routing', version, r),
  templates: () => apiRequest<{ items: AnswerTemplate[]; fields: MergeField[] }>('GET', '/request-templates'),
  createTemplate: (t: Omit<AnswerTemplate, 'id' | 'is_default' | 'version'>) => apiRequest<AnswerTemplate>('POST', '/request-templates', t),
  updateTemplate: (id: string, version: number, t: Omit<AnswerTemplate, 'id' | 'is_default' | 'version'>) =>
    apiChange<AnswerTemplate>('PUT', `/request-templates/${encodeURIComponent(id)}`, version, t),
  letterhead: () => apiRequest<Letterhead>('GET', '/letterhead'),
  saveLetterhead: (version: number, l: Omit<Letterhead, 'version'>) => apiChange<Letterhead>('PUT', '/letterhead', version, l),
};

// The workflow a new request type starts with (the server's DefaultWorkflow).
export function defaultWorkflow(): Workflow {
  const s = (key: string, public_label: string, internal_label: string, terminal = false, pauses = false) => ({
    key,
    public_label,
    internal_label,
    terminal,
    pauses,
  });
  const tr = (from: string, to: string) => ({ from, to });
  return {
    initial: 'nouvelle',
    statuses: [
      s('nouvelle', 'Reçue', 'Nouvelle'),
      s('en_cours', 'En cours de traitement', 'En cours'),
      s('attente_usager', 'En attente de votre réponse', 'En attente de l’usager', false, true),
      s('repondue', 'Réponse envoyée', 'Répondue'),
      s('close', 'Terminée', 'Close', true),
      s('rejetee', 'Non retenue', 'Rejetée', true),
    ],
    transitions: [
      tr('nouvelle', 'en_cours'), tr('nouvelle', 'attente_usager'), tr('nouvelle', 'repondue'), tr('nouvelle', 'rejetee'),
      tr('en_cours', 'attente_usager'), tr('en_cours', 'repondue'), tr('en_cours', 'rejetee'),
      tr('attente_usager', 'en_cours'), tr('attente_usager', 'repondue'), tr('attente_usager', 'close'),
      tr('repondue', 'en_cours'), tr('repondue', 'close'), tr('close', 'en_cours'),
    ],
  };
}

// A field key from its label: "Numéro de l'arbre" -> "numero_de_l_arbre".
export function keyFromLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
}

// "a, b ,c" -> ["a", "b", "c"]
export function splitList(text: string, separator: string | RegExp): string[] {
  return text
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

// Moves item i of a list by delta places (-1 up, +1 down); the list is unchanged at its ends.
export function moved<T>(list: T[], i: number, delta: number): T[] {
  const j = i + delta;
  if (j < 0 || j >= list.length) return list;
  const next = [...list];
  [next[i], next[j]] = [next[j] as T, next[i] as T];
  return next;
}
