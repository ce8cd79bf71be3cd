// The public request form's first and last steps (request_page.tsx): choosing a type, and the
// confirmation that keeps the tracking code.
import { useState } from 'preact/hooks';
import { withTenant } from '../ui/api';
import { StatusRegion, type Message } from '../ui/alert';
import { Button } from '../ui/button';
import { useHeadingFocus } from '../ui/focus';
import { Group } from '../ui/request_fields';
import { qualifiedName } from '../ui/french';
import { strings } from '../ui/strings';
import { formatDueDate, type PublicCategory, type PublicRequest } from './requests_api';

const t = strings.requestForm;

export function StepTitle({ step, name }: { step: number; name: string }) {
  return <p class="step-indicator">{t.stepOf(step, 3, name)}</p>;
}

export function ChooseStep({ categories, chosen, onChoose }: { categories: PublicCategory[]; chosen: PublicCategory | null; onChoose: (c: PublicCategory) => void }) {
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


export function DoneStep({ result, email, timeZone, onAnother }: { result: PublicRequest; email: string; timeZone: string | undefined; onAnother: () => void }) {
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
