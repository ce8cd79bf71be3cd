import { useEffect, useState } from 'preact/hooks';
import { AlertRegion, messageFromError, StatusRegion, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Field, hasFieldError } from '../../ui/field';
import { useFocusAfterRender } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { TextField } from '../../ui/text_field';
import { ConflictActions, useVersionConflict } from '../../ui/version_conflict';
import { formatDateTime } from '../knowledge/knowledge_format';
import { MailboxAutomaticMails } from './mailboxes_automatic';
import { mailboxesApi, problemField, type Mailbox, type MailboxInput } from './mailboxes_api';
import type { CategoryDetail } from '../settings/requests_settings_api';
import { Check } from '../settings/settings_controls';
import './mailboxes.css';

const t = strings.console.requestsSettings;
const tb = t.mailboxes;

interface Draft extends MailboxInput {
  id: string | null;
  // The version the form was opened at, sent with the change (If-Match).
  version: number;
  has_password: boolean;
  // The address the mailbox had when the form opened (headings and messages).
  title: string;
}

const EMPTY: Draft = {
  id: null,
  version: 0,
  has_password: false,
  title: '',
  imap_url: '',
  user: '',
  password: '',
  smtp_url: '',
  smtp_auth: false,
  starttls: false,
  from_address: '',
  from_name: '',
  default_category_id: null,
  enabled: true,
};

function draftOf(b: Mailbox): Draft {
  return {
    id: b.id,
    version: b.version,
    has_password: b.has_password,
    title: b.from_address,
    imap_url: b.imap_url,
    user: b.user,
    password: '',
    smtp_url: b.smtp_url,
    smtp_auth: b.smtp_auth,
    starttls: b.starttls,
    from_address: b.from_address,
    from_name: b.from_name,
    default_category_id: b.default_category_id,
    enabled: b.enabled,
  };
}

type FieldErrors = Partial<Record<string, string>>;

// The fields a person must fill in, in the order of the form (the first one wrong takes focus).
const REQUIRED = ['from_address', 'imap_url', 'user', 'password', 'smtp_url'] as const;
const fieldId = (field: string) => `mailbox-${field.replace(/_/g, '-')}`;

function missingFields(d: Draft): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of REQUIRED) {
    if (f === 'password' && d.id !== null) continue; // Kept when left empty.
    const value = f === 'password' ? d.password : d[f].trim();
    if (value === '') errors[f] = tb.required(tb.requiredWhat[f] ?? f);
  }
  return errors;
}

// The mailboxes read by the e-mail channel: their state (last poll, last error, messages taken
// in), a connection test, and a form to add or change one. The password is never shown.
export function MailboxesEditor({ categories, timeZone }: { categories: CategoryDetail[]; timeZone: string | undefined }) {
  const [boxes, setBoxes] = useState<Mailbox[] | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<Message | null>(null);
  const [formError, setFormError] = useState<Message | null>(null);
  const [notice, setNotice] = useState<Message | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const focusAfter = useFocusAfterRender();
  // A change refused because someone changed the mailbox first: in the form (save) or the list.
  const formConflict = useVersionConflict(strings.versionConflict.mailbox);
  const listConflict = useVersionConflict(strings.versionConflict.mailbox);
  const categoryId = fieldId('default_category_id');

  const load = async () => {
    try {
      setBoxes((await mailboxesApi.list()).items);
    } catch (e) {
      setError(messageFromError(e));
    }
  };
  useEffect(() => void load(), []);

  const open = (d: Draft) => {
    formConflict.clear();
    setError(null);
    setNotice(null);
    setFormError(null);
    setFieldErrors({});
    focusAfter('mailbox-form-heading');
    setDraft(d);
  };
  const update = (patch: Partial<Draft>) => setDraft((d) => (d === null ? d : { ...d, ...patch }));
  const close = () => {
    focusAfter('mailboxes-heading');
    setDraft(null);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    if (draft === null || busy !== null) return;
    const missing = missingFields(draft);
    setFieldErrors(missing);
    const first = REQUIRED.find((f) => missing[f] !== undefined);
    if (first !== undefined) {
      setFormError({ title: tb.invalidTitle, detail: missing[first] });
      focusAfter(fieldId(first));
      return;
    }
    setBusy('save');
    setFormError(null);
    try {
      const { id, version, has_password: _stored, title: _title, ...body } = draft;
      const input: MailboxInput = { ...body, from_address: body.from_address.trim() };
      const saved = id === null ? await mailboxesApi.create(input) : await mailboxesApi.update(id, version, input);
      setNotice({ title: id === null ? tb.created(saved.from_address) : tb.updated(saved.from_address) });
      setDraft(null);
      focusAfter('mailboxes-heading');
      await load();
    } catch (e) {
      const message = messageFromError(e);
      const field = problemField(e);
      const conflict = formConflict.check(e);
      setFormError(conflict ?? { title: tb.invalidTitle, detail: message.detail ?? message.title });
      if (conflict !== null) {
        focusAfter('mailbox-form-error');
      } else if (field !== null) {
        setFieldErrors({ [field]: message.detail ?? message.title });
        focusAfter(fieldId(field));
      } else {
        focusAfter('mailbox-form-error');
      }
    } finally {
      setBusy(null);
    }
  };

  const test = async (box: Mailbox) => {
    if (busy !== null) return;
    setBusy(`test-${box.id}`);
    setError(null);
    setNotice(null);
    try {
      const check = await mailboxesApi.test(box.id);
      const detail = `${check.imap.message} ${check.smtp.message}`;
      if (check.ok) setNotice({ title: tb.testOk(box.from_address), detail });
      else setError({ title: tb.testFailed(box.from_address), detail });
    } catch (e) {
      setError(messageFromError(e));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (box: Mailbox) => {
    if (busy !== null) return;
    setBusy(`remove-${box.id}`);
    setError(null);
    setNotice(null);
    try {
      await mailboxesApi.remove(box.id, box.version);
      setNotice({ title: tb.removed(box.from_address) });
      focusAfter('mailboxes-heading');
      await load();
    } catch (e) {
      setError(listConflict.check(e) ?? messageFromError(e));
    } finally {
      setBusy(null);
    }
  };

  // After a conflict: the mailboxes as they are now (and the form, reopened on the current one).
  const reloadList = async () => {
    const ok = await listConflict.reload(async () => setBoxes((await mailboxesApi.list()).items));
    setError(ok ? null : { title: strings.versionConflict.reloadFailed });
    if (ok) setNotice({ title: strings.versionConflict.reloaded });
  };
  const reloadForm = async (id: string) => {
    const ok = await formConflict.reload(async () => {
      const items = (await mailboxesApi.list()).items;
      setBoxes(items);
      const current = items.find((b) => b.id === id);
      setDraft(current !== undefined ? draftOf(current) : null);
    });
    setFormError(ok ? null : { title: strings.versionConflict.reloadFailed });
    if (ok) setNotice({ title: strings.versionConflict.reloaded });
  };

  const text = (field: keyof MailboxInput & string, label: string, type: 'text' | 'email' | 'password', extra: { hint?: string; autocomplete?: string } = {}) => (
    <TextField
      id={fieldId(field)}
      name={field}
      label={label}
      type={type}
      value={String(draft?.[field] ?? '')}
      onValue={(v) => update({ [field]: v } as Partial<Draft>)}
      error={fieldErrors[field] ?? null}
      required={(REQUIRED as readonly string[]).includes(field) && !(field === 'password' && draft?.id !== null)}
      spellcheck={false}
      {...(extra.hint !== undefined ? { hint: extra.hint } : {})}
      {...(extra.autocomplete !== undefined ? { autocomplete: extra.autocomplete } : { autocomplete: 'off' })}
    />
  );

  const categoryError = fieldErrors['default_category_id'];

  return (
    <section aria-labelledby="mailboxes-heading" class="settings-section" id="courriels">
      <h2 id="mailboxes-heading" tabIndex={-1}>
        {tb.heading}
      </h2>
      <p>{tb.intro}</p>
      <StatusRegion message={notice} />
      <AlertRegion message={error} actions={listConflict.stale ? <ConflictActions onReload={() => void reloadList()} busy={listConflict.reloading} /> : undefined} />
      {boxes !== null && boxes.length === 0 && <p class="muted">{tb.none}</p>}
      {boxes !== null && boxes.length > 0 && (
        <ul class="settings-list mailbox-list" aria-label={tb.listLabel}>
          {boxes.map((b) => (
            <li key={b.id}>
              <div class="mailbox-summary">
                <p class="mailbox-summary__title">
                  <strong>{b.from_address}</strong> <span class={b.enabled ? 'mailbox-state' : 'mailbox-state mailbox-state--paused'}>{b.enabled ? tb.active : tb.paused}</span>
                </p>
                <p class="muted">
                  {[b.imap_url, b.user, b.has_password ? tb.passwordStored : null].filter((x) => x !== null).join(' · ')}
                </p>
                <p>
                  {b.last_poll_at !== null ? tb.lastPoll(formatDateTime(b.last_poll_at, timeZone)) : tb.neverPolled} {tb.counts(b.messages_received, b.messages_rejected)}
                </p>
                {b.last_error !== null && <p class="mailbox-error">{tb.lastError(b.last_error)}</p>}
                {b.last_send_error !== null && (
                  <p class="mailbox-error">{tb.lastSendError(formatDateTime(b.last_send_error_at ?? '', timeZone), b.last_send_error)}</p>
                )}
                <MailboxAutomaticMails mailbox={b} timeZone={timeZone} />
              </div>
              <div class="settings-actions">
                <Button variant="secondary" disabled={busy !== null} onClick={() => void test(b)}>
                  {busy === `test-${b.id}` ? tb.testing : tb.test(b.from_address)}
                </Button>
                <Button
                  variant="secondary"
                  onClick={() =>
                    open(draftOf(b))}
                >
                  {tb.edit(b.from_address)}
                </Button>
                <Button variant="quiet" disabled={busy !== null} onClick={() => void remove(b)}>
                  {tb.remove(b.from_address)}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Button onClick={() => open(EMPTY)}>{tb.create}</Button>
      </p>
      {draft !== null && (
        <form class="settings-form" onSubmit={(e) => void save(e)} noValidate aria-labelledby="mailbox-form-heading">
          <h3 id="mailbox-form-heading" tabIndex={-1}>
            {draft.id === null ? tb.formNew : tb.formEdit(draft.title)}
          </h3>
          <div id="mailbox-form-error" tabIndex={-1}>
            <AlertRegion
              message={formError}
              actions={formConflict.stale && draft.id !== null ? <ConflictActions onReload={() => void reloadForm(draft.id ?? '')} busy={formConflict.reloading} /> : undefined}
            />
          </div>
          <fieldset class="settings-group">
            <legend>{tb.addressLegend}</legend>
            {text('from_address', tb.fromAddressLabel, 'email', { hint: tb.fromAddressHint, autocomplete: 'off' })}
            {text('from_name', tb.fromNameLabel, 'text', { hint: tb.fromNameHint })}
          </fieldset>
          <fieldset class="settings-group">
            <legend>{tb.imapLegend}</legend>
            {text('imap_url', tb.imapUrlLabel, 'text', { hint: tb.imapUrlHint })}
            {text('user', tb.userLabel, 'text', { autocomplete: 'off' })}
            {text('password', tb.passwordLabel, 'password', {
              hint: draft.id !== null && draft.has_password ? tb.passwordHintKeep : tb.passwordHintNew,
              autocomplete: 'new-password',
            })}
            <Check label={tb.starttlsLabel} checked={draft.starttls} onChecked={(starttls) => update({ starttls })} />
          </fieldset>
          <fieldset class="settings-group">
            <legend>{tb.smtpLegend}</legend>
            {text('smtp_url', tb.smtpUrlLabel, 'text', { hint: tb.smtpUrlHint })}
            <Check label={tb.smtpAuthLabel} checked={draft.smtp_auth} onChecked={(smtp_auth) => update({ smtp_auth })} />
          </fieldset>
          <fieldset class="settings-group">
            <legend>{tb.requestsLegend}</legend>
            <Field id={categoryId} label={tb.categoryLabel} hint={tb.categoryHint} error={categoryError ?? null}>
              {(describedBy) => (
                <select
                  id={categoryId}
                  class="field__input field__select"
                  name="default_category_id"
                  value={draft.default_category_id ?? ''}
                  onChange={(e) => update({ default_category_id: e.currentTarget.value === '' ? null : e.currentTarget.value })}
                  aria-invalid={hasFieldError(categoryError) ? 'true' : undefined}
                  aria-describedby={describedBy !== '' ? describedBy : undefined}
                >
                  <option value="">{tb.categoryGeneral}</option>
                  {categories.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Check label={tb.enabledLabel} checked={draft.enabled} onChecked={(enabled) => update({ enabled })} />
          </fieldset>
          <div class="settings-actions">
            <Button type="submit" disabled={busy !== null}>
              {t.save}
            </Button>
            <Button variant="secondary" onClick={close}>
              {t.cancel}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
