import { useEffect, useRef, useState } from 'preact/hooks';
import type { Session, VersionRef } from '../../ui/api';
import { AlertRegion, messageFromError, reasonFromError, StatusRegion, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Field } from '../../ui/field';
import { useHeadingFocus } from '../../ui/focus';
import { CategoryField, Control, controlId, controlOfProblem, ErrorSummary, labelOf, problemField, type FieldValue, type Position } from '../../ui/request_fields';
import { strings } from '../../ui/strings';
import { AnswerPanel } from '../knowledge/answer_panel';
import { DeadlineBadge } from './deadline_badge';
import { followLink, requestHref, type Navigate } from '../shell/router';
import { requestsApi, uploadAttachment, type Category, type NewRequest, type RequestSummary } from './requests_api';
import { useDocumentTitle } from '../shell/use_document_title';
import './requests.css';

const t = strings.console.requests;

interface Person {
  key: string;
  // Its id in the page (the key may hold characters an id must not).
  anchor: string;
  name: string;
  email: string | null;
  phone: string | null;
  // Every address and phone of the person's requests (several once people are merged).
  contacts: string[];
  requests: RequestSummary[];
}

// The requests found, grouped by person: the person key of people merged, else the e-mail, else
// the phone, else the name (as the server groups them, RequestService::PersonRequests).
function people(items: RequestSummary[]): Person[] {
  const byKey = new Map<string, Person>();
  for (const r of items) {
    const key = r.citizen.id !== null ? `personne-${r.citizen.id}` : (r.citizen.email ?? r.citizen.phone ?? r.citizen.name).toLowerCase();
    const person = byKey.get(key) ?? { key, anchor: `personne-${byKey.size + 1}`, name: r.citizen.name, email: r.citizen.email, phone: r.citizen.phone, contacts: [], requests: [] };
    person.requests.push(r);
    for (const contact of [r.citizen.email, r.citizen.phone]) if (contact !== null && contact !== '' && !person.contacts.includes(contact)) person.contacts.push(contact);
    byKey.set(key, person);
  }
  return [...byKey.values()];
}

interface Form {
  kind: 'request' | 'contact';
  channel: 'counter' | 'phone' | 'letter';
  name: string;
  email: string;
  phone: string;
  // A category id, OTHER for a request without a type, or '' while none is chosen.
  category: string;
  subject: string;
  description: string;
  receivedAt: string;
  // The chosen type's own fields, as the portal's form keeps them.
  fields: Record<string, FieldValue>;
  positions: Record<string, Position>;
  files: Record<string, File[]>;
}

const OTHER = 'autre';
const EMPTY: Form = { kind: 'request', channel: 'counter', name: '', email: '', phone: '', category: '', subject: '', description: '', receivedAt: '', fields: {}, positions: {}, files: {} };
const ERRORS = 'reception-errors';

// The desk's own controls, by the member of the request body a server refusal names.
const CONTROL_OF_MEMBER: Record<string, string> = {
  'citizen.name': 'reception-name',
  'citizen.email': 'reception-email',
  'citizen.phone': 'reception-phone',
  category: 'reception-category',
  subject: 'reception-subject',
  description: 'reception-description',
  received_at: 'reception-received',
};

function coordinate(text: string, limit: number): number | null {
  if (!/^-?\d+(\.\d+)?$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return Math.abs(value) <= limit ? value : null;
}

// The request to create from the form, with the chosen type's field values.
function newRequestOf(form: Form, category: Category | null): NewRequest {
  const body: NewRequest = {
    channel: form.channel,
    subject: form.subject.trim(),
    description: form.description.trim(),
    citizen: { name: form.name.trim() },
  };
  if (form.email.trim() !== '') body.citizen.email = form.email.trim();
  if (form.phone.trim() !== '') body.citizen.phone = form.phone.trim();
  if (category !== null) {
    body.category = category.id;
    body.fields = {};
    for (const f of category.fields ?? []) {
      const v = form.fields[f.key];
      if (v === undefined || f.type === 'file') continue;
      body.fields[f.key] = typeof v === 'string' ? v.trim() : v;
      const p = form.positions[f.key];
      if (f.type === 'address' && p !== undefined && body.location === undefined) {
        const lat = coordinate(p.lat, 90);
        const lon = coordinate(p.lon, 180);
        if (lat !== null && lon !== null) body.location = { lat, lon, address: typeof v === 'string' ? v.trim() : '' };
      }
    }
  }
  if (form.channel === 'letter' && form.receivedAt !== '') body.received_at = `${form.receivedAt}T12:00:00Z`; // A day: noon UTC keeps it in every zone.
  return body;
}

// The reception desk: find a person and their requests, register a visit, a call or a letter,
// with the virtual receptionist beside it.
export function ReceptionView({ session, navigate }: { session: Session; navigate: Navigate }) {
  useDocumentTitle(t.receptionDocumentTitle, session);
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const [q, setQ] = useState('');
  const [searchError, setSearchError] = useState<Message | null>(null);
  const [found, setFound] = useState<Person[] | null>(null);
  const [searchStatus, setSearchStatus] = useState<Message | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [file, setFile] = useState<File | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  // [control id, message], in the order of the controls; each is shown beside its control and
  // listed in the summary, whether the desk or the server found it.
  const [errors, setErrors] = useState<Array<[string, string]>>([]);
  const focusSummary = useRef(false);
  const [result, setResult] = useState<{ code: string; id: string } | null>(null);
  const [status, setStatus] = useState<Message | null>(null);
  const [failure, setFailure] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    requestsApi.categories().then((r) => setCategories(r.items)).catch(() => setCategories([]));
  }, []);
  useEffect(() => {
    if (focusSummary.current) {
      focusSummary.current = false;
      document.getElementById(`${ERRORS}-title`)?.focus();
    }
  });

  // The types offered: the internal « Demande générale » is the « Autre demande » choice.
  const offered = categories.filter((c) => c.external_id !== 'general');
  const category = offered.find((c) => c.id === form.category) ?? null;
  const errorOf = (id: string) => errors.find(([target]) => target === id)?.[1];

  const search = async () => {
    setSearchError(null);
    if (q.trim() === '') {
      setSearchError({ title: t.searchMissing });
      document.getElementById('reception-q')?.focus();
      return;
    }
    setSearchStatus({ title: t.searching });
    try {
      const r = await requestsApi.citizens(q.trim());
      setFound(people(r.items));
      setSearchStatus({ title: t.searchCount(r.items.length) });
    } catch (e) {
      setSearchStatus(null);
      setSearchError(messageFromError(e));
    }
  };

  const set = <K extends keyof Form>(key: K) => (value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  // Where a refusal of the server goes: beside the control it names, else in the alert.
  const placeServerError = (e: unknown) => {
    const member = problemField(e);
    const target = member === null ? null : (CONTROL_OF_MEMBER[member] ?? controlOfProblem(member, category?.fields ?? []) ?? (member === 'location' ? locationControl(category) : null));
    const message = messageFromError(e);
    if (target !== null) {
      setErrors([[target, message.detail ?? message.title]]);
      focusSummary.current = true;
    } else {
      setFailure({ title: t.actionFailedTitle, detail: message.detail ?? message.title });
    }
  };

  const register = async () => {
    const found: Array<[string, string]> = [];
    if (form.kind === 'request' && form.name.trim() === '' && form.email.trim() === '' && form.phone.trim() === '') found.push(['reception-name', t.citizenMissing]);
    if (form.kind === 'request' && form.category === '') found.push(['reception-category', t.registerCategoryMissing]);
    if (form.subject.trim() === '') found.push(['reception-subject', t.subjectMissing]);
    setErrors(found);
    setStatus(null);
    setFailure(null);
    setResult(null);
    if (found.length > 0) {
      focusSummary.current = true;
      return;
    }
    setBusy(true);
    try {
      if (form.kind === 'contact') {
        await requestsApi.contact(form.channel, form.subject.trim(), form.name.trim());
        setStatus({ title: t.contactRecorded });
      } else {
        const created = await requestsApi.create(newRequestOf(form, category));
        setResult({ code: created.tracking_code, id: created.id });
        let message = t.registered(created.tracking_code);
        // The scanned letter and the files of the type's file fields go with the request.
        const uploads = [...(form.channel === 'letter' && file !== null ? [file] : []), ...Object.values(form.files).flat()];
        let failed = false;
        let version: VersionRef = created.version;
        for (const upload of uploads) {
          try {
            version = (await uploadAttachment(session, created.id, version, upload)).version;
          } catch {
            failed = true;
          }
        }
        if (failed) message = `${message} ${t.uploadFailed}`;
        setStatus({ title: message });
      }
      setForm((f) => ({ ...EMPTY, kind: f.kind, channel: f.channel }));
      setFile(null);
    } catch (e) {
      placeServerError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t.receptionHeading}
      </h1>
      <p class="lead">{t.receptionIntro}</p>
      <div class="dashboard-grid">
        <div class="dashboard-grid__main">
          <section aria-labelledby="reception-search-h" class="panel">
            <h2 id="reception-search-h">{t.searchHeading}</h2>
            <form
              role="search"
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                void search();
              }}
            >
              <div class="field">
                <label class="field__label" for="reception-q">
                  {t.searchLabel}
                </label>
                <input id="reception-q" class="field__input" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
              </div>
              <Button type="submit" variant="secondary">
                {t.searchApply}
              </Button>
            </form>
            <AlertRegion message={searchError} />
            <StatusRegion message={searchStatus} />
            {found !== null && found.length >= 2 && <MergePeople key={found.map((p) => p.key).join(' ')} people={found} onMerged={(done) => void search().then(() => setSearchStatus({ title: done }))} />}
            {found !== null &&
              found.map((p) => (
                <section key={p.key} aria-labelledby={p.anchor} class="person">
                  <h3 id={p.anchor}>{t.personHeading(p.name || p.email || p.phone || '—')}</h3>
                  <p class="muted">{p.contacts.join(' · ')}</p>
                  <ul class="person__requests">
                    {p.requests.map((r) => (
                      <li key={r.id}>
                        <a href={requestHref(r.id)} onClick={followLink(navigate, { route: 'request', articleId: null, requestId: r.id })}>
                          {r.tracking_code}
                        </a>{' '}
                        {r.subject} — {r.status_label ?? r.status} — <DeadlineBadge request={r} timeZone={session.tenant.timezone} />
                      </li>
                    ))}
                  </ul>
                  <Button
                    variant="quiet"
                    onClick={() => {
                      setForm((f) => ({ ...f, name: p.name, email: p.email ?? '', phone: p.phone ?? '' }));
                      document.getElementById('reception-name')?.focus();
                    }}
                  >
                    {t.useCitizen(p.name || p.email || '')}
                  </Button>
                </section>
              ))}
          </section>
          <section aria-labelledby="reception-register-h" class="panel">
            <h2 id="reception-register-h">{t.registerHeading}</h2>
            <ErrorSummary id={ERRORS} errors={errors} />
            <p>{strings.requestForm.requiredNotice}</p>
            <form
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                void register();
              }}
            >
              <fieldset class="field fieldset-plain">
                <legend class="field__label">{t.registerKindLegend}</legend>
                <label class="inline-choice">
                  <input type="radio" name="reception-kind" checked={form.kind === 'request'} onChange={() => set('kind')('request')} /> {t.registerKindRequest}
                </label>
                <label class="inline-choice">
                  <input type="radio" name="reception-kind" checked={form.kind === 'contact'} onChange={() => set('kind')('contact')} /> {t.registerKindContact}
                </label>
              </fieldset>
              <div class="field">
                <label class="field__label" for="reception-channel">
                  {t.registerChannelLabel}
                </label>
                <select id="reception-channel" class="field__input" value={form.channel} onChange={(e) => set('channel')(e.currentTarget.value as Form['channel'])}>
                  <option value="counter">{t.channelCounter}</option>
                  <option value="phone">{t.channelPhone}</option>
                  <option value="letter">{t.channelLetter}</option>
                </select>
              </div>
              <Control id="reception-name" label={t.citizenNameLabel} value={form.name} onValue={set('name')} error={errorOf('reception-name')} autocomplete="off" />
              {form.kind === 'request' && (
                <>
                  <Control id="reception-email" label={t.citizenEmailLabel} value={form.email} onValue={set('email')} error={errorOf('reception-email')} type="email" autocomplete="off" />
                  <Control id="reception-phone" label={t.citizenPhoneLabel} value={form.phone} onValue={set('phone')} error={errorOf('reception-phone')} type="tel" autocomplete="off" />
                  <Field id="reception-category" label={labelOf(t.registerCategoryLabel, true)} hint={t.registerCategoryHint} error={errorOf('reception-category')}>
                    {(describedBy) => (
                      <select
                        id="reception-category"
                        class="field__input field__select"
                        value={form.category}
                        aria-invalid={errorOf('reception-category') !== undefined ? 'true' : undefined}
                        aria-describedby={describedBy !== '' ? describedBy : undefined}
                        onChange={(e) => {
                          const chosen = e.currentTarget.value;
                          // Another type has other fields: what was typed for the previous one goes.
                          setForm((f) => ({ ...f, category: chosen, fields: {}, positions: {}, files: {} }));
                          setErrors((list) => list.filter(([target]) => !target.startsWith('champ-') && target !== 'reception-category'));
                        }}
                      >
                        <option value="">{t.registerCategoryChoose}</option>
                        {offered.map((c) => (
                          <option key={c.id} value={c.id}>
                            {c.name}
                          </option>
                        ))}
                        <option value={OTHER}>{t.registerCategoryOther}</option>
                      </select>
                    )}
                  </Field>
                </>
              )}
              <Control id="reception-subject" label={labelOf(t.registerSubjectLabel, true)} value={form.subject} onValue={set('subject')} error={errorOf('reception-subject')} />
              {form.kind === 'request' && (
                <Control id="reception-description" label={t.registerDescriptionLabel} value={form.description} onValue={set('description')} error={errorOf('reception-description')} multiline />
              )}
              {form.kind === 'request' && category !== null && (category.fields ?? []).length > 0 && (
                <fieldset class="form-section">
                  <legend>{t.registerFieldsLegend(category.name)}</legend>
                  {(category.fields ?? []).map((f) => (
                    <CategoryField
                      key={`${category.id}-${f.key}`}
                      field={f}
                      value={form.fields[f.key]}
                      onValue={(v) => setForm((d) => ({ ...d, fields: { ...d.fields, [f.key]: v } }))}
                      error={errorOf(controlId(f))}
                      position={form.positions[f.key] ?? { lat: '', lon: '' }}
                      onPosition={(p) => setForm((d) => ({ ...d, positions: { ...d.positions, [f.key]: p } }))}
                      positionError={errorOf(`${controlId(f)}-lat`)}
                      files={form.files[f.key] ?? []}
                      onFiles={(files) => setForm((d) => ({ ...d, files: { ...d.files, [f.key]: files } }))}
                    />
                  ))}
                </fieldset>
              )}
              {form.kind === 'request' && form.channel === 'letter' && (
                <>
                  <Control id="reception-received" label={t.receivedAtLabel} value={form.receivedAt} onValue={set('receivedAt')} error={errorOf('reception-received')} type="date" />
                  <div class="field">
                    <label class="field__label" for="reception-scan">
                      {t.scanLabel}
                    </label>
                    <input id="reception-scan" class="field__input" type="file" accept="application/pdf,.pdf" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
                  </div>
                </>
              )}
              <Button type="submit" disabled={busy}>
                {t.registerApply}
              </Button>
            </form>
            <AlertRegion message={failure} />
            <StatusRegion message={status} />
            {result !== null && (
              <p>
                <a href={requestHref(result.id)} onClick={followLink(navigate, { route: 'request', articleId: null, requestId: result.id })}>
                  {t.registeredOpen(result.code)}
                </a>
              </p>
            )}
          </section>
        </div>
        <div class="dashboard-grid__side">
          <AnswerPanel session={session} navigate={navigate} />
        </div>
      </div>
    </>
  );
}

// The control of a type's position (its first address field), which a problem naming
// "location" is about.
function locationControl(category: Category | null): string | null {
  const address = category?.fields?.find((f) => f.type === 'address');
  return address !== undefined ? `${controlId(address)}-lat` : null;
}

const personLabel = (p: Person) => t.personOption(p.name || '—', p.email ?? p.phone ?? '');

// Two people found are one: the first's requests join the second's (POST /citizens/merge).
// `onMerged` gets the message to announce once the people found are read again.
function MergePeople({ people, onMerged }: { people: Person[]; onMerged: (done: string) => void }) {
  const [from, setFrom] = useState(people[1]?.key ?? '');
  const [into, setInto] = useState(people[0]?.key ?? '');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const options = people.map((p) => (
    <option key={p.key} value={p.key}>
      {personLabel(p)}
    </option>
  ));
  const submit = async () => {
    const a = people.find((p) => p.key === from);
    const b = people.find((p) => p.key === into);
    if (a === undefined || b === undefined || a === b) {
      setError(t.mergePeopleSame);
      document.getElementById('merge-from')?.focus();
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await requestsApi.mergeCitizens(a.requests[0]!.id, b.requests[0]!);
      onMerged(t.mergePeopleDone(personLabel(b)));
    } catch (e) {
      setError(reasonFromError(e));
      document.getElementById('merge-from')?.focus();
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="merge-people-h" class="person">
      <h3 id="merge-people-h">{t.mergePeopleHeading}</h3>
      <p>{t.mergePeopleIntro}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Field id="merge-from" label={t.mergePeopleFrom} error={error}>
          {(describedBy) => (
            <select id="merge-from" class="field__input field__select" value={from} onChange={(e) => setFrom(e.currentTarget.value)} aria-invalid={error !== undefined ? 'true' : undefined} aria-describedby={describedBy !== '' ? describedBy : undefined}>
              {options}
            </select>
          )}
        </Field>
        <Field id="merge-into" label={t.mergePeopleInto}>
          {(describedBy) => (
            <select id="merge-into" class="field__input field__select" value={into} onChange={(e) => setInto(e.currentTarget.value)} aria-describedby={describedBy !== '' ? describedBy : undefined}>
              {options}
            </select>
          )}
        </Field>
        <Button type="submit" variant="secondary" disabled={busy}>
          {t.mergePeopleApply}
        </Button>
      </form>
    </section>
  );
}
