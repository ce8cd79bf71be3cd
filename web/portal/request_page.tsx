import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { withTenant } from '../ui/api';
import { AlertRegion, messageFromError, StatusRegion, type Message } from '../ui/alert';
import { Button } from '../ui/button';
import { checkCitizenFiles, FileInput, formatFileSize, MAX_CITIZEN_FILES, UploadProgress } from '../ui/file_input';
import { requestHeadingFocus, useHeadingFocus } from '../ui/focus';
import { strings } from '../ui/strings';
import { PortalPage, TenantAlert } from './portal_page';
import { CategoryField, Control, controlId, controlOfProblem, ErrorSummary, Group, problemField, type Position } from '../ui/request_fields';
import { qualifiedName } from '../ui/french';
import { formatDueDate, requestsApi, type FieldValue, type FilesByField, type PublicCategory, type PublicRequest, type Submission } from './requests_api';
import { pageParam, useLoad } from './use_load';
import './requests.css';

const t = strings.requestForm;
const tf = strings.files;
// The control of the general attachments (files that answer no particular field).
const GENERAL_FILES = 'demande-fichiers';

type Step = 'choose' | 'form' | 'recap' | 'done';

interface Draft {
  subject: string;
  description: string;
  name: string;
  email: string;
  phone: string;
  fields: Record<string, FieldValue>;
  positions: Record<string, Position>;
  files: FilesByField;
}

const EMPTY: Draft = { subject: '', description: '', name: '', email: '', phone: '', fields: {}, positions: {}, files: {} };

const blank = (v: string) => v.trim() === '';

function parseCoordinate(text: string, limit: number): number | null {
  if (!/^-?\d+(\.\d+)?$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return Math.abs(value) <= limit ? value : null;
}

// The form's errors, in the order of the controls: [control id, message].
function validate(category: PublicCategory, d: Draft): Array<[string, string]> {
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

function submissionOf(category: PublicCategory, d: Draft): Submission {
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
const CONTROL_OF_MEMBER: Record<string, string> = {
  subject: 'demande-objet',
  description: 'demande-texte',
  'citizen.name': 'demande-nom',
  'citizen.email': 'demande-courriel',
  'citizen.phone': 'demande-telephone',
};

// The control a refusal of the server is about, or null when it names none of the form's.
function controlOfServerError(category: PublicCategory, e: unknown): string | null {
  const member = problemField(e);
  if (member === null) return null;
  if (member === 'location') {
    const address = category.fields.find((f) => f.type === 'address');
    return address !== undefined ? `${controlId(address)}-lat` : null;
  }
  return CONTROL_OF_MEMBER[member] ?? controlOfProblem(member, category.fields);
}

function displayValue(v: FieldValue | undefined): string {
  if (v === undefined) return t.recapEmpty;
  if (typeof v === 'boolean') return v ? t.checkboxYes : t.recapEmpty;
  if (Array.isArray(v)) return v.length === 0 ? t.recapEmpty : v.join(strings.common.listSeparator);
  return blank(v) ? t.recapEmpty : v;
}

// The public request form: choose a type, fill the form, check it, send it, keep the code.
export function RequestPage() {
  const [step, setStep] = useState<Step>('choose');
  const [category, setCategory] = useState<PublicCategory | null>(null);
  const loaded = useLoad(() => requestsApi.categories().then((r) => r.items), []);

  const go = (next: Step) => {
    requestHeadingFocus();
    setStep(next);
    window.scrollTo(0, 0);
  };

  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [result, setResult] = useState<PublicRequest | null>(null);
  // A refusal of the server about one control: the form comes back with it beside the control.
  const [serverErrors, setServerErrors] = useState<Array<[string, string]>>([]);

  // A link may preselect a type: /demande?categorie=id.
  useEffect(() => {
    if (loaded.kind !== 'ready') return;
    const wanted = pageParam('categorie');
    const found = loaded.value.find((c) => c.id === wanted || (wanted !== '' && c.external_id === wanted));
    if (found !== undefined) {
      setCategory(found);
      setStep('form');
    }
  }, [loaded.kind]);

  return (
    <PortalPage title={t.documentTitle} section="request">
      {({ tenant, error }) => (
        <>
          <TenantAlert error={error} />
          {loaded.kind === 'loading' && <p role="status">{t.loading}</p>}
          {(loaded.kind === 'failed' || loaded.kind === 'missing') && (
            <AlertRegion message={loaded.kind === 'failed' ? { title: t.loadFailedTitle, detail: loaded.message.title } : { title: t.loadFailedTitle }} />
          )}
          {loaded.kind === 'ready' && step === 'choose' && (
            <ChooseStep
              categories={loaded.value}
              chosen={category}
              onChoose={(c) => {
                if (c.id !== category?.id) setDraft((d) => ({ ...d, fields: {}, positions: {}, files: { '': d.files[''] ?? [] } }));
                setCategory(c);
                go('form');
              }}
            />
          )}
          {category !== null && step === 'form' && (
            <FormStep
              category={category}
              draft={draft}
              onDraft={setDraft}
              serverErrors={serverErrors}
              onBack={() => {
                setServerErrors([]);
                go('choose');
              }}
              onReview={() => {
                setServerErrors([]);
                go('recap');
              }}
            />
          )}
          {category !== null && step === 'recap' && (
            <RecapStep
              category={category}
              draft={draft}
              onEdit={() => go('form')}
              onFieldError={(target, message) => {
                setServerErrors([[target, message]]);
                go('form');
              }}
              onSent={(r) => {
                setResult(r);
                go('done');
              }}
            />
          )}
          {step === 'done' && result !== null && (
            <DoneStep
              result={result}
              email={draft.email.trim()}
              timeZone={tenant?.timezone}
              onAnother={() => {
                setDraft(EMPTY);
                setCategory(null);
                setResult(null);
                go('choose');
              }}
            />
          )}
        </>
      )}
    </PortalPage>
  );
}

function StepTitle({ step, name }: { step: number; name: string }) {
  return <p class="step-indicator">{t.stepOf(step, 3, name)}</p>;
}

function ChooseStep({ categories, chosen, onChoose }: { categories: PublicCategory[]; chosen: PublicCategory | null; onChoose: (c: PublicCategory) => void }) {
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const [selected, setSelected] = useState<string>(chosen?.id ?? '');
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t.heading}
      </h1>
      <StepTitle step={1} name={t.stepChoose} />
      <p class="lead">{t.intro}</p>
      {categories.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const c = categories.find((x) => x.id === selected);
            if (c === undefined) {
              setError(t.categoryMissing);
              document.getElementById('demande-type')?.focus();
              return;
            }
            onChoose(c);
          }}
        >
          <Group id="demande-type" legend={t.categoryLegend} error={error}>
            {categories.map((c) => (
              <div class="choice choice--card" key={c.id}>
                <input
                  type="radio"
                  id={`type-${c.id}`}
                  name="type"
                  value={c.id}
                  checked={selected === c.id}
                  onChange={() => {
                    setSelected(c.id);
                    setError(undefined);
                  }}
                  aria-describedby={c.description !== '' ? `type-${c.id}-desc` : undefined}
                />
                <label for={`type-${c.id}`}>
                  {c.kind === 'complaint' ? qualifiedName(c.name, t.complaintWord) : c.name}
                </label>
                {c.description !== '' && (
                  <p class="choice__description" id={`type-${c.id}-desc`}>
                    {c.description}
                  </p>
                )}
              </div>
            ))}
          </Group>
          <Button type="submit">{t.continue}</Button>
        </form>
      )}
    </>
  );
}

interface FormStepProps {
  category: PublicCategory;
  draft: Draft;
  onDraft: (update: (d: Draft) => Draft) => void;
  // Refusals of the server, each about one control: listed with the form's own errors.
  serverErrors: Array<[string, string]>;
  onBack: () => void;
  onReview: () => void;
}

function FormStep({ category, draft, onDraft, serverErrors, onBack, onReview }: FormStepProps) {
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const [errors, setErrors] = useState<Array<[string, string]>>([]);
  const [submitted, setSubmitted] = useState(false);
  const focusSummary = useRef(serverErrors.length > 0);
  useEffect(() => {
    if (focusSummary.current) {
      focusSummary.current = false;
      document.getElementById('erreurs-title')?.focus();
    }
  });
  // Once the form was submitted, errors follow the corrections.
  const own = submitted ? validate(category, draft) : errors;
  const current = [...own, ...serverErrors.filter(([target]) => !own.some(([id]) => id === target))];
  const errorOf = (id: string) => current.find(([target]) => target === id)?.[1];
  const set = (key: keyof Draft) => (value: string) => onDraft((d) => ({ ...d, [key]: value }));
  const fieldCount = category.fields.length;
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t.formHeading(category.name)}
      </h1>
      <StepTitle step={2} name={t.stepForm} />
      <p>
        <a
          href={withTenant('/demande')}
          onClick={(event) => {
            event.preventDefault();
            onBack();
          }}
        >
          {t.changeCategory}
        </a>
      </p>
      <ErrorSummary id="erreurs" errors={current} />
      <p>{t.requiredNotice}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const found = validate(category, draft);
          setSubmitted(true);
          setErrors(found);
          if (found.length > 0) {
            focusSummary.current = true;
            return;
          }
          onReview();
        }}
      >
        <Control id="demande-objet" label={t.subjectLabel} hint={t.subjectHint} required value={draft.subject} onValue={set('subject')} error={errorOf('demande-objet')} />
        <Control id="demande-texte" label={t.descriptionLabel} hint={t.descriptionHint} required multiline value={draft.description} onValue={set('description')} error={errorOf('demande-texte')} />
        {fieldCount > 0 && (
          <fieldset class="form-section">
            <legend>{t.detailsLegend}</legend>
            {category.fields.map((f) => (
              <CategoryField
                key={f.key}
                field={f}
                value={draft.fields[f.key]}
                onValue={(v) => onDraft((d) => ({ ...d, fields: { ...d.fields, [f.key]: v } }))}
                error={errorOf(controlId(f))}
                position={draft.positions[f.key] ?? { lat: '', lon: '' }}
                onPosition={(p) => onDraft((d) => ({ ...d, positions: { ...d.positions, [f.key]: p } }))}
                positionError={errorOf(`${controlId(f)}-lat`)}
                files={draft.files[f.key] ?? []}
                onFiles={(files) => onDraft((d) => ({ ...d, files: { ...d.files, [f.key]: files } }))}
              />
            ))}
          </fieldset>
        )}
        <FileInput
          id={GENERAL_FILES}
          label={tf.generalLabel}
          hint={tf.generalHint}
          error={errorOf(GENERAL_FILES)}
          files={draft.files[''] ?? []}
          onFiles={(files) => onDraft((d) => ({ ...d, files: { ...d.files, '': files } }))}
        />
        <fieldset class="form-section">
          <legend>{t.identityLegend}</legend>
          <Control id="demande-nom" label={t.nameLabel} required autocomplete="name" value={draft.name} onValue={set('name')} error={errorOf('demande-nom')} />
          <Control id="demande-courriel" label={t.emailLabel} hint={t.emailHint} required type="email" autocomplete="email" value={draft.email} onValue={set('email')} error={errorOf('demande-courriel')} />
          <Control id="demande-telephone" label={t.phoneLabel} hint={t.phoneHint} type="tel" autocomplete="tel" value={draft.phone} onValue={set('phone')} />
        </fieldset>
        <Button type="submit">{t.review}</Button>
      </form>
    </>
  );
}

interface RecapStepProps {
  category: PublicCategory;
  draft: Draft;
  onEdit: () => void;
  // The server refused a value of the form: back to it, the message beside `target`.
  onFieldError: (target: string, message: string) => void;
  onSent: (r: PublicRequest) => void;
}

function RecapStep({ category, draft, onEdit, onFieldError, onSent }: RecapStepProps) {
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const [sending, setSending] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<Message | null>(null);
  const send = async () => {
    setSending(true);
    setError(null);
    try {
      onSent(await requestsApi.submit(submissionOf(category, draft), draft.files, setProgress));
    } catch (e) {
      const target = controlOfServerError(category, e);
      const message = messageFromError(e);
      if (target !== null) {
        onFieldError(target, message.detail ?? message.title);
        return;
      }
      setError({ title: t.sendFailedTitle, detail: message.detail ?? message.title });
      setSending(false);
      setProgress(null);
    }
  };
  const fileNames = (list: File[] | undefined) =>
    list === undefined || list.length === 0 ? tf.recapNone : list.map((f) => `${f.name} (${formatFileSize(f.size)})`).join(strings.common.listSeparator);
  const submission = submissionOf(category, draft);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t.recapHeading}
      </h1>
      <StepTitle step={3} name={t.stepRecap} />
      <p>{t.recapIntro}</p>
      <dl class="recap">
        <dt>{t.recapCategory}</dt>
        <dd>{category.name}</dd>
        <dt>{t.subjectLabel}</dt>
        <dd>{draft.subject}</dd>
        <dt>{t.descriptionLabel}</dt>
        <dd class="recap__text">{draft.description}</dd>
        {category.fields.map((f) => (
          <Fragment key={f.key}>
            <dt>{f.label}</dt>
            <dd>{f.type === 'file' ? fileNames(draft.files[f.key]) : displayValue(draft.fields[f.key])}</dd>
          </Fragment>
        ))}
        <dt>{tf.recapLabel}</dt>
        <dd>{fileNames(draft.files[''])}</dd>
        {submission.location !== undefined && (
          <>
            <dt>{t.recapPosition}</dt>
            <dd>
              {submission.location.lat}, {submission.location.lon}
            </dd>
          </>
        )}
        <dt>{t.nameLabel}</dt>
        <dd>{draft.name}</dd>
        <dt>{t.emailLabel}</dt>
        <dd>{draft.email}</dd>
        <dt>{t.phoneLabel}</dt>
        <dd>{blank(draft.phone) ? t.recapEmpty : draft.phone}</dd>
      </dl>
      <AlertRegion message={error} />
      <StatusRegion message={sending ? { title: t.sending } : null} />
      {sending && progress !== null && <UploadProgress fraction={progress} />}
      <div class="button-row">
        <Button variant="secondary" onClick={onEdit} disabled={sending}>
          {t.edit}
        </Button>
        <Button onClick={() => void send()} disabled={sending}>
          {t.send}
        </Button>
      </div>
    </>
  );
}

function DoneStep({ result, email, timeZone, onAnother }: { result: PublicRequest; email: string; timeZone: string | undefined; onAnother: () => void }) {
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const [copyStatus, setCopyStatus] = useState<Message | null>(null);
  const promised = result.deadlines.first_answer ?? result.deadlines.resolution;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(result.tracking_code);
      setCopyStatus({ title: t.copied });
    } catch {
      setCopyStatus({ title: t.copyFailed });
    }
  };
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t.doneHeading}
      </h1>
      <p class="lead">{t.doneThanks}</p>
      <div class="tracking-code">
        <p class="tracking-code__label" id="code-label">
          {t.codeLabel}
        </p>
        <p class="tracking-code__value">
          {result.tracking_code}
        </p>
        <p class="tracking-code__hint">{t.codeHint}</p>
        <Button variant="secondary" onClick={() => void copy()}>
          {t.copy}
        </Button>
        <StatusRegion message={copyStatus} />
      </div>
      {promised !== null && <p>{t.promise(formatDueDate(promised.due, timeZone))}</p>}
      <p>{result.acknowledgement_email === true ? t.acknowledgement(email) : t.noAcknowledgement}</p>
      <ul class="link-list">
        <li>
          <a href={withTenant(`/suivi?code=${encodeURIComponent(result.tracking_code)}`)}>{t.followLink}</a>
        </li>
        <li>
          <a
            href={withTenant('/demande')}
            onClick={(event) => {
              event.preventDefault();
              onAnother();
            }}
          >
            {t.another}
          </a>
        </li>
      </ul>
    </>
  );
}
