// The public request form's middle steps (request_page.tsx): filling the form, then checking and
// sending it.
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { withTenant } from '../ui/api';
import { AlertRegion, messageFromError, StatusRegion, type Message } from '../ui/alert';
import { Button } from '../ui/button';
import { FileInput, formatFileSize, UploadProgress } from '../ui/file_input';
import { useHeadingFocus } from '../ui/focus';
import { strings } from '../ui/strings';
import { CategoryField, Control, controlId, ErrorSummary } from '../ui/request_fields';
import { requestsApi, type PublicCategory, type PublicRequest } from './requests_api';
import { GENERAL_FILES, type Draft, blank, validate, submissionOf, controlOfServerError, displayValue } from './request_draft';
import { StepTitle } from './request_steps';

const t = strings.requestForm;
const tf = strings.files;

interface FormStepProps {
  category: PublicCategory;
  draft: Draft;
  onDraft: (update: (d: Draft) => Draft) => void;
  // Refusals of the server, each about one control: listed with the form's own errors.
  serverErrors: Array<[string, string]>;
  onBack: () => void;
  onReview: () => void;
}

export function FormStep({ category, draft, onDraft, serverErrors, onBack, onReview }: FormStepProps) {
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

export function RecapStep({ category, draft, onEdit, onFieldError, onSent }: RecapStepProps) {
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
