// The public request form (/demande): choose a type, fill the form, check it, send it, keep the
// code. The steps are in request_steps.tsx and request_form_steps.tsx, the draft's rules in
// request_draft.ts.
import { useEffect, useState } from 'preact/hooks';
import { AlertRegion } from '../ui/alert';
import { requestHeadingFocus } from '../ui/focus';
import { strings } from '../ui/strings';
import { PortalPage, TenantAlert } from './portal_page';
import { requestsApi, type PublicCategory, type PublicRequest } from './requests_api';
import { pageParam, useLoad } from './use_load';
import './requests.css';
import { ChooseStep, DoneStep } from './request_steps';
import { FormStep, RecapStep } from './request_form_steps';
import { type Step, type Draft, EMPTY } from './request_draft';

const t = strings.requestForm;

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
