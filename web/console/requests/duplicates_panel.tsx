import { useState } from 'preact/hooks';
import { reasonFromError, StatusRegion, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Control } from '../../ui/request_fields';
import { strings } from '../../ui/strings';
import { ConflictActions, conflictMessage } from '../../ui/version_conflict';
import { requestsApi, type RequestRecord } from './requests_api';

const t = strings.console.requests;

interface CodeFormProps {
  id: string;
  label: string;
  hint: string;
  missing: string;
  submit: string;
  // Runs the merge with the code typed; resolves with the message to announce.
  run: (code: string) => Promise<string>;
  // Announces how it went (the panel's status region outlives a form the merge removes).
  onStatus: (message: Message | null) => void;
  // Reloads the request after a conflict (someone changed it first).
  onReload: () => Promise<void>;
}

// One tracking code and a button. A refusal (unknown code, already merged, the same person) is
// the server's French reason, shown beside the code it is about.
function CodeForm({ id, label, hint, missing, submit, run, onStatus, onReload }: CodeFormProps) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onStatus(null);
        if (code.trim() === '') {
          setError(missing);
          document.getElementById(id)?.focus();
          return;
        }
        setError(undefined);
        setStale(false);
        setBusy(true);
        run(code.trim())
          .then((done) => {
            setCode('');
            onStatus({ title: done });
          })
          .catch((e: unknown) => {
            const conflict = conflictMessage(e, strings.versionConflict.request, true);
            setStale(conflict !== null);
            setError(conflict !== null ? `${conflict.title}. ${conflict.detail ?? ''}` : reasonFromError(e));
            document.getElementById(id)?.focus();
          })
          .finally(() => setBusy(false));
      }}
    >
      <Control id={id} label={label} hint={hint} error={error} value={code} onValue={setCode} autocomplete="off" />
      <Button type="submit" variant="secondary" disabled={busy}>
        {submit}
      </Button>
      {stale && (
        <ConflictActions
          busy={busy}
          onReload={() => {
            setBusy(true);
            onReload()
              .then(() => {
                setStale(false);
                setError(undefined);
              })
              .catch(() => {})
              .finally(() => setBusy(false));
          }}
        />
      )}
    </form>
  );
}

// The request page's duplicates: this request is a duplicate of another (closed, linked, its
// history kept), or its citizen is the same person as another request's (their requests then
// share one person key, and each keeps the merge in its history).
export function DuplicatesPanel({ request, onDone }: { request: RequestRecord; onDone: (r: RequestRecord) => void }) {
  const [status, setStatus] = useState<Message | null>(null);
  const reload = async () => onDone(await requestsApi.get(request.id));
  return (
    <section class="panel" aria-labelledby="duplicates-h">
      <h2 id="duplicates-h">{t.duplicatesHeading}</h2>
      <StatusRegion message={status} />
      {request.closed !== true && (
        <CodeForm
          id="merge-request-code"
          label={t.mergeRequestLabel}
          hint={t.mergeRequestHint}
          missing={t.mergeRequestMissing}
          submit={t.mergeRequestApply}
          onStatus={setStatus}
          onReload={reload}
          run={async (code) => {
            const merged = await requestsApi.merge(request, code);
            onDone(merged);
            return t.mergeRequestDone(code.toUpperCase());
          }}
        />
      )}
      <CodeForm
        id="merge-citizen-code"
        label={t.mergeCitizenLabel}
        hint={t.mergeCitizenHint}
        missing={t.mergeCitizenMissing}
        submit={t.mergeCitizenApply}
        onStatus={setStatus}
        onReload={reload}
        run={async (code) => {
          const person = await requestsApi.mergeCitizens(code, request);
          onDone(await requestsApi.get(request.id));
          return t.mergeCitizenDone(person.items.length);
        }}
      />
    </section>
  );
}
