// The actions of a request's page, beside it: take it, change its status, transfer it, add a note
// or a call. Each is a change of the request at the version the page shows (requestsApi sends it
// as If-Match); the page passes the request the server answers back to onDone. A change refused
// because someone else changed the request first is said so, politely, with a button that reloads
// the request; what the agent typed stays in its field.
import { useState } from 'preact/hooks';
import { AlertRegion, reasonFromError, StatusRegion, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { ConflictActions, conflictMessage } from '../../ui/version_conflict';
import { strings } from '../../ui/strings';
import { requestsApi, type RequestRecord, type Service } from './requests_api';

const t = strings.console.requests;

// Runs an action and shows how it went. A change refused because someone else changed the request
// first (412) is said so, with a button to reload the request; what the agent typed stays in the
// form (`textKept`), to be sent again once they have seen the current version.
function useAction(requestId: string, onDone: (r: RequestRecord) => void, textKept = false) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Message | null>(null);
  const [error, setError] = useState<Message | null>(null);
  const [stale, setStale] = useState(false);
  const run = async (action: () => Promise<RequestRecord>, done: string): Promise<boolean> => {
    setBusy(true);
    setStatus(null);
    setError(null);
    setStale(false);
    try {
      onDone(await action());
      setStatus({ title: done });
      return true;
    } catch (e) {
      const conflict = conflictMessage(e, strings.versionConflict.request, textKept);
      setStale(conflict !== null);
      setError(conflict ?? { title: t.actionFailedTitle, detail: reasonFromError(e) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const reload = async () => {
    if (busy) return;
    setBusy(true);
    try {
      onDone(await requestsApi.get(requestId));
      setError(null);
      setStale(false);
      setStatus({ title: strings.versionConflict.reloaded });
    } catch (e) {
      setError({ title: strings.versionConflict.reloadFailed, detail: reasonFromError(e) });
    } finally {
      setBusy(false);
    }
  };
  return { busy, status, error, stale, run, reload };
}

// The outcome of an action: its success (polite), its failure (announced at once) with, after a
// conflict, the button that reloads the request.
function ActionOutcome({ a }: { a: ReturnType<typeof useAction> }) {
  return (
    <>
      <StatusRegion message={a.status} />
      <AlertRegion message={a.error} actions={a.stale ? <ConflictActions onReload={() => void a.reload()} busy={a.busy} /> : undefined} />
    </>
  );
}

export function Action({ requestId, id, heading, submit, done, run, onDone, hidden }: { requestId: string; id: string; heading: string | null; submit: string; done: string; run: () => Promise<RequestRecord>; onDone: (r: RequestRecord) => void; hidden: boolean }) {
  const a = useAction(requestId, onDone);
  return (
    <div class="panel" id={`action-${id}`}>
      {heading !== null && <h2>{heading}</h2>}
      {!hidden && (
        <Button variant="secondary" disabled={a.busy} onClick={() => void a.run(run, done)}>
          {submit}
        </Button>
      )}
      <ActionOutcome a={a} />
    </div>
  );
}

export function TextAction({ requestId, id, heading, label, missing, submit, done, run, onDone }: { requestId: string; id: string; heading: string; label: string; missing: string; submit: string; done: string; run: (v: string) => Promise<RequestRecord>; onDone: (r: RequestRecord) => void }) {
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState(false);
  const a = useAction(requestId, onDone, true);
  const inputId = `action-${id}-text`;
  return (
    <section class="panel" aria-labelledby={`action-${id}-h`}>
      <h2 id={`action-${id}-h`}>{heading}</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (value.trim() === '') {
            setInvalid(true);
            document.getElementById(inputId)?.focus();
            return;
          }
          setInvalid(false);
          void a.run(() => run(value.trim()), done).then((ok) => ok && setValue(''));
        }}
      >
        <div class="field">
          <label class="field__label" for={inputId}>
            {label}
          </label>
          {invalid && (
            <p class="field__error" id={`${inputId}-error`}>
              {missing}
            </p>
          )}
          <textarea id={inputId} class="field__input" rows={3} value={value} onInput={(e) => setValue(e.currentTarget.value)} aria-invalid={invalid ? 'true' : undefined} aria-describedby={invalid ? `${inputId}-error` : undefined} />
        </div>
        <Button type="submit" variant="secondary" disabled={a.busy}>
          {submit}
        </Button>
      </form>
      <ActionOutcome a={a} />
    </section>
  );
}

export function StatusAction({ request, nextStatuses, statusLabel, onDone }: { request: RequestRecord; nextStatuses: string[]; statusLabel: (k: string) => string; onDone: (r: RequestRecord) => void }) {
  const [status, setStatus] = useState('');
  const [note, setNote] = useState('');
  const a = useAction(request.id, onDone, note.trim() !== '');
  const chosen = nextStatuses.includes(status) ? status : (nextStatuses[0] ?? '');
  return (
    <section class="panel" aria-labelledby="action-status-h">
      <h2 id="action-status-h">{t.statusHeading}</h2>
      {nextStatuses.length === 0 ? (
        <p>{t.statusNone}</p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void a.run(() => requestsApi.status(request, chosen, note.trim()), t.statusChanged(statusLabel(chosen))).then((ok) => ok && setNote(''));
          }}
        >
          <div class="field">
            <label class="field__label" for="action-status-select">
              {t.statusNewLabel}
            </label>
            <select id="action-status-select" class="field__input" value={chosen} onChange={(e) => setStatus(e.currentTarget.value)}>
              {nextStatuses.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label class="field__label" for="action-status-note">
              {t.statusNoteLabel}
            </label>
            <input id="action-status-note" class="field__input" type="text" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </div>
          <Button type="submit" variant="secondary" disabled={a.busy}>
            {t.statusApply}
          </Button>
        </form>
      )}
      <ActionOutcome a={a} />
    </section>
  );
}

export function TransferAction({ request, services, onDone }: { request: RequestRecord; services: Service[]; onDone: (r: RequestRecord) => void }) {
  const others = services.filter((s) => s.id !== request.service_id);
  const [service, setService] = useState('');
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);
  const a = useAction(request.id, onDone, true);
  const chosen = others.some((s) => s.id === service) ? service : (others[0]?.id ?? '');
  return (
    <section class="panel" aria-labelledby="action-transfer-h">
      <h2 id="action-transfer-h">{t.transferHeading}</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (reason.trim() === '') {
            setInvalid(true);
            document.getElementById('action-transfer-reason')?.focus();
            return;
          }
          setInvalid(false);
          void a.run(() => requestsApi.transfer(request, chosen, reason.trim()), t.transferred).then((ok) => ok && setReason(''));
        }}
      >
        <div class="field">
          <label class="field__label" for="action-transfer-service">
            {t.transferServiceLabel}
          </label>
          <select id="action-transfer-service" class="field__input" value={chosen} onChange={(e) => setService(e.currentTarget.value)}>
            {others.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field__label" for="action-transfer-reason">
            {t.transferReasonLabel}
          </label>
          {invalid && (
            <p class="field__error" id="action-transfer-reason-error">
              {t.transferReasonMissing}
            </p>
          )}
          <input id="action-transfer-reason" class="field__input" type="text" value={reason} onInput={(e) => setReason(e.currentTarget.value)} aria-invalid={invalid ? 'true' : undefined} aria-describedby={invalid ? 'action-transfer-reason-error' : undefined} />
        </div>
        <Button type="submit" variant="secondary" disabled={a.busy || chosen === ''}>
          {t.transferApply}
        </Button>
      </form>
      <ActionOutcome a={a} />
    </section>
  );
}
