import { useEffect, useState } from 'preact/hooks';
import type { Session } from '../ui/api';
import { AlertRegion, messageFromError, StatusRegion, type Message } from '../ui/alert';
import { Button } from '../ui/button';
import { useHeadingFocus } from '../ui/focus';
import { strings } from '../ui/strings';
import { AnswerPanel } from './answer_panel';
import { DeadlineBadge } from './deadline_badge';
import { followLink, requestHref, type Navigate } from './router';
import { requestsApi, uploadAttachment, type Category, type NewRequest, type RequestSummary } from './requests_api';
import { useDocumentTitle } from './use_document_title';
import './requests.css';

const t = strings.console.requests;

interface Person {
  key: string;
  name: string;
  email: string | null;
  phone: string | null;
  requests: RequestSummary[];
}

// The requests found, grouped by person (e-mail, else phone, else name).
function people(items: RequestSummary[]): Person[] {
  const byKey = new Map<string, Person>();
  for (const r of items) {
    const key = (r.citizen.email ?? r.citizen.phone ?? r.citizen.name).toLowerCase();
    const person = byKey.get(key) ?? { key, name: r.citizen.name, email: r.citizen.email, phone: r.citizen.phone, requests: [] };
    person.requests.push(r);
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
  category: string;
  subject: string;
  description: string;
  receivedAt: string;
}

const EMPTY: Form = { kind: 'request', channel: 'counter', name: '', email: '', phone: '', category: '', subject: '', description: '', receivedAt: '' };

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
  const [errors, setErrors] = useState<Partial<Record<'name' | 'subject', string>>>({});
  const [result, setResult] = useState<{ code: string; id: string } | null>(null);
  const [status, setStatus] = useState<Message | null>(null);
  const [failure, setFailure] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    requestsApi.categories().then((r) => setCategories(r.items)).catch(() => setCategories([]));
  }, []);

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

  const register = async () => {
    const found: Partial<Record<'name' | 'subject', string>> = {};
    if (form.name.trim() === '' && form.email.trim() === '' && form.phone.trim() === '' && form.kind === 'request') found.name = t.citizenMissing;
    if (form.subject.trim() === '') found.subject = t.subjectMissing;
    setErrors(found);
    setStatus(null);
    setFailure(null);
    setResult(null);
    if (found.name !== undefined) return document.getElementById('reception-name')?.focus();
    if (found.subject !== undefined) return document.getElementById('reception-subject')?.focus();
    setBusy(true);
    try {
      if (form.kind === 'contact') {
        await requestsApi.contact(form.channel, form.subject.trim(), form.name.trim());
        setStatus({ title: t.contactRecorded });
      } else {
        const body: NewRequest = {
          channel: form.channel,
          subject: form.subject.trim(),
          description: form.description.trim(),
          citizen: { name: form.name.trim() },
        };
        if (form.email.trim() !== '') body.citizen.email = form.email.trim();
        if (form.phone.trim() !== '') body.citizen.phone = form.phone.trim();
        if (form.category !== '') body.category = form.category;
        if (form.channel === 'letter' && form.receivedAt !== '') body.received_at = `${form.receivedAt}T12:00:00Z`; // A day: noon UTC keeps it in every zone.
        const created = await requestsApi.create(body);
        setResult({ code: created.tracking_code, id: created.id });
        let message = t.registered(created.tracking_code);
        if (form.channel === 'letter' && file !== null) {
          try {
            await uploadAttachment(session, created.id, file);
          } catch {
            message = `${message} ${t.uploadFailed}`;
          }
        }
        setStatus({ title: message });
      }
      setForm((f) => ({ ...EMPTY, kind: f.kind, channel: f.channel }));
      setFile(null);
    } catch (e) {
      setFailure({ title: t.actionFailedTitle, detail: messageFromError(e).title });
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
            {found !== null &&
              found.map((p) => (
                <section key={p.key} aria-labelledby={`person-${p.key}`} class="person">
                  <h3 id={`person-${p.key}`}>{t.personHeading(p.name || p.email || p.phone || '—')}</h3>
                  <p class="muted">{[p.email, p.phone].filter(Boolean).join(' · ')}</p>
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
              <SimpleInput id="reception-name" label={t.citizenNameLabel} value={form.name} onValue={set('name')} error={errors.name} autocomplete="off" />
              {form.kind === 'request' && (
                <>
                  <SimpleInput id="reception-email" label={t.citizenEmailLabel} value={form.email} onValue={set('email')} type="email" autocomplete="off" />
                  <SimpleInput id="reception-phone" label={t.citizenPhoneLabel} value={form.phone} onValue={set('phone')} type="tel" autocomplete="off" />
                  <div class="field">
                    <label class="field__label" for="reception-category">
                      {t.registerCategoryLabel}
                    </label>
                    <select id="reception-category" class="field__input" value={form.category} onChange={(e) => set('category')(e.currentTarget.value)}>
                      <option value="">{strings.requestForm.choose}</option>
                      {categories.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name}
                        </option>
                      ))}
                    </select>
                  </div>
                </>
              )}
              <SimpleInput id="reception-subject" label={t.registerSubjectLabel} value={form.subject} onValue={set('subject')} error={errors.subject} />
              {form.kind === 'request' && (
                <div class="field">
                  <label class="field__label" for="reception-description">
                    {t.registerDescriptionLabel}
                  </label>
                  <textarea id="reception-description" class="field__input" rows={4} value={form.description} onInput={(e) => set('description')(e.currentTarget.value)} />
                </div>
              )}
              {form.kind === 'request' && form.channel === 'letter' && (
                <>
                  <SimpleInput id="reception-received" label={t.receivedAtLabel} value={form.receivedAt} onValue={set('receivedAt')} type="date" />
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

function SimpleInput({ id, label, value, onValue, error, type = 'text', autocomplete }: { id: string; label: string; value: string; onValue: (v: string) => void; error?: string | undefined; type?: 'text' | 'email' | 'tel' | 'date'; autocomplete?: string }) {
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      {error !== undefined && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <input
        id={id}
        class="field__input"
        {...(type === 'email' ? ({ type: 'email' } as const) : type === 'tel' ? ({ type: 'tel' } as const) : type === 'date' ? ({ type: 'date' } as const) : ({ type: 'text' } as const))}
        value={value}
        autocomplete={autocomplete}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error !== undefined ? 'true' : undefined}
        aria-describedby={error !== undefined ? `${id}-error` : undefined}
      />
    </div>
  );
}
