// The public request form's draft (request_page.tsx): what the citizen typed, its checks in the
// order of the controls, the submission made of it, and where a server refusal points.
import { checkCitizenFiles, MAX_CITIZEN_FILES } from '../ui/file_input';
import { strings } from '../ui/strings';
import { controlId, controlOfProblem, problemField, type Position } from '../ui/request_fields';
import { type FieldValue, type FilesByField, type PublicCategory, type Submission } from './requests_api';


const t = strings.requestForm;
const tf = strings.files;
// The control of the general attachments (files that answer no particular field).
export const GENERAL_FILES = 'demande-fichiers';

export type Step = 'choose' | 'form' | 'recap' | 'done';

export interface Draft {
  subject: string;
  description: string;
  name: string;
  email: string;
  phone: string;
  fields: Record<string, FieldValue>;
  positions: Record<string, Position>;
  files: FilesByField;
}

export const EMPTY: Draft = { subject: '', description: '', name: '', email: '', phone: '', fields: {}, positions: {}, files: {} };

export const blank = (v: string) => v.trim() === '';

export function parseCoordinate(text: string, limit: number): number | null {
  if (!/^-?\d+(\.\d+)?$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return Math.abs(value) <= limit ? value : null;
}

// The form's errors, in the order of the controls: [control id, message].
export function validate(category: PublicCategory, d: Draft): Array<[string, string]> {
  const errors: Array<[string, string]> = [];
  if (blank(d.subject)) errors.push(['demande-objet', t.subjectMissing]);
  if (blank(d.description)) errors.push(['demande-texte', t.descriptionMissing]);
  for (const f of category.fields) {
    const v = d.fields[f.key];
    const empty = v === undefined || v === false || (typeof v === 'string' && blank(v)) || (Array.isArray(v) && v.length === 0);
    if (f.type === 'file') {
      const problem = checkCitizenFiles(d.files[f.key] ?? [], f.required, f.label);
      if (problem !== undefined) errors.push([controlId(f), problem]);
      continue;
    }
    if (f.required && empty) {
      const grouped = ['choice', 'multiple_choice', 'checkbox'].includes(f.type);
      errors.push([controlId(f), grouped ? t.missingChoice(f.label) : t.missing(f.label)]);
      continue;
    }
    if (!empty && f.type === 'email' && typeof v === 'string' && !v.includes('@')) errors.push([controlId(f), t.invalidEmail]);
    if (!empty && f.type === 'number' && typeof v === 'string' && !/^-?\d+([.,]\d+)?$/.test(v.trim())) errors.push([controlId(f), t.invalidNumber(f.label)]);
    if (f.type === 'address') {
      const p = d.positions[f.key];
      if (p !== undefined && (p.lat.trim() !== '' || p.lon.trim() !== '')) {
        if (parseCoordinate(p.lat, 90) === null || parseCoordinate(p.lon, 180) === null) errors.push([`${controlId(f)}-lat`, t.invalidPosition]);
      }
    }
  }
  const general = checkCitizenFiles(d.files[''] ?? [], false, tf.generalLabel);
  const count = Object.values(d.files).reduce((n, list) => n + list.length, 0);
  if (general !== undefined) errors.push([GENERAL_FILES, general]);
  else if (count > MAX_CITIZEN_FILES) errors.push([GENERAL_FILES, tf.tooMany]);
  if (blank(d.name)) errors.push(['demande-nom', t.nameMissing]);
  if (blank(d.email)) errors.push(['demande-courriel', t.emailMissing]);
  else if (!d.email.includes('@')) errors.push(['demande-courriel', t.invalidEmail]);
  return errors;
}

export function submissionOf(category: PublicCategory, d: Draft): Submission {
  const s: Submission = {
    category: category.id,
    subject: d.subject.trim(),
    description: d.description.trim(),
    citizen: { name: d.name.trim(), email: d.email.trim() },
    fields: {},
  };
  if (!blank(d.phone)) s.citizen.phone = d.phone.trim();
  for (const f of category.fields) {
    const v = d.fields[f.key];
    if (v === undefined || f.type === 'file') continue;
    s.fields[f.key] = typeof v === 'string' ? v.trim() : v;
    const p = d.positions[f.key];
    if (f.type === 'address' && p !== undefined && s.location === undefined) {
      const lat = parseCoordinate(p.lat, 90);
      const lon = parseCoordinate(p.lon, 180);
      if (lat !== null && lon !== null) s.location = { lat, lon, address: typeof v === 'string' ? v.trim() : '' };
    }
  }
  return s;
}

// The form's controls by the member of the submission a server refusal names.
export const CONTROL_OF_MEMBER: Record<string, string> = {
  subject: 'demande-objet',
  description: 'demande-texte',
  'citizen.name': 'demande-nom',
  'citizen.email': 'demande-courriel',
  'citizen.phone': 'demande-telephone',
};

// The control a refusal of the server is about, or null when it names none of the form's.
export function controlOfServerError(category: PublicCategory, e: unknown): string | null {
  const member = problemField(e);
  if (member === null) return null;
  if (member === 'location') {
    const address = category.fields.find((f) => f.type === 'address');
    return address !== undefined ? `${controlId(address)}-lat` : null;
  }
  return CONTROL_OF_MEMBER[member] ?? controlOfProblem(member, category.fields);
}

export function displayValue(v: FieldValue | undefined): string {
  if (v === undefined) return t.recapEmpty;
  if (typeof v === 'boolean') return v ? t.checkboxYes : t.recapEmpty;
  if (Array.isArray(v)) return v.length === 0 ? t.recapEmpty : v.join(strings.common.listSeparator);
  return blank(v) ? t.recapEmpty : v;
}
