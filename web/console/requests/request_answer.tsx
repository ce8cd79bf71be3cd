// The answer form of a request's page: an answer or a holding reply to the citizen, started from a
// template filled for this request (editable before sending), with the request's files, and the
// status the request moves to with it (proposed from the category's workflow, changeable).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Session } from '../../ui/api';
import { AlertRegion, reasonFromError, StatusRegion, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { formatFileSize } from '../../ui/file_input';
import { strings } from '../../ui/strings';
import { ConflictActions, conflictMessage } from '../../ui/version_conflict';
import { MAX_ANSWER_BYTES, MAX_ANSWER_FILES, requestsApi, uploadAttachment, type AnswerTemplateSummary, type RequestRecord, type Workflow } from './requests_api';

const t = strings.console.requests;

type Kind = 'answer' | 'holding';

// The statuses the workflow allows from `current`, in the workflow's order.
function allowedStatuses(workflow: Workflow, current: string): string[] {
  const targets = new Set(workflow.transitions.filter((tr) => tr.from === current).map((tr) => tr.to));
  return workflow.statuses.filter((s) => targets.has(s.key)).map((s) => s.key);
}

// The status proposed with a message ('' for none): after an answer, the workflow's "answered"
// status (key `repondue` of the default workflow, else a status whose agents' label says
// « répondu »); after a holding reply, « en cours ». Only a status the workflow allows from the
// current one is proposed, so that a custom workflow without such a status leaves it unchanged.
export function proposedStatus(workflow: Workflow | undefined, current: string, kind: Kind): string {
  if (workflow === undefined) return '';
  const allowed = allowedStatuses(workflow, current);
  const byKey = kind === 'answer' ? 'repondue' : 'en_cours';
  const byLabel = kind === 'answer' ? /r[ée]pondu/i : /en cours/i;
  if (allowed.includes(byKey)) return byKey;
  const labelled = workflow.statuses.find((s) => allowed.includes(s.key) && !s.terminal && !s.pauses && byLabel.test(s.internal_label));
  return labelled?.key ?? '';
}

// Where an answer to this request goes, as the server decides it (the templates' channels).
function replyChannel(request: RequestRecord): string {
  if (request.citizen.email) return 'email';
  return request.channel === 'letter' ? 'letter' : 'portal';
}

// Text left between square brackets on a line of its own, as the templates mark what the agent
// must write (« [Rédigez ici la réponse.] »).
function placeholderLeft(body: string): string | null {
  const found = /^\s*(\[[^\]\n]{3,}\])\s*$/m.exec(body);
  return found?.[1] ?? null;
}

interface Preview {
  name: string;
  kind: string;
  body: string;
}

// The templates of the kinds an agent sends from here, for the channel the answer goes by: a
// labelled select (native, so keyboard and screen readers know it). Choosing one renders it for
// the request on the server; the text goes into the message when the agent has written nothing
// of their own, else it is previewed with a choice to replace the message or keep it.
function TemplatePicker({ request, body, onInsert }: { request: RequestRecord; body: string; onInsert: (text: string, kind: Kind) => void }) {
  const [templates, setTemplates] = useState<AnswerTemplateSummary[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [chosen, setChosen] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [status, setStatus] = useState<Message | null>(null);
  const [error, setError] = useState<Message | null>(null);
  // The text last put into the message: replacing it loses nothing the agent wrote.
  const inserted = useRef('');
  const latest = useRef(0);

  useEffect(() => {
    requestsApi
      .templates()
      .then((r) => setTemplates(r.items))
      .catch(() => setFailed(true));
  }, []);

  const channel = replyChannel(request);
  const usable = (templates ?? []).filter((x) => (x.kind === 'answer' || x.kind === 'holding') && (x.channel === 'any' || x.channel === channel));
  const kindOf = (k: string): Kind => (k === 'holding' ? 'holding' : 'answer');

  const insert = (name: string, kind: string, text: string) => {
    inserted.current = text;
    onInsert(text, kindOf(kind));
    setPreview(null);
    setStatus({ title: t.templateInserted(name) });
  };

  const choose = async (id: string) => {
    setChosen(id);
    setError(null);
    setPreview(null);
    const template = usable.find((x) => x.id === id);
    if (template === undefined) {
      setStatus(null);
      return;
    }
    const call = ++latest.current;
    setStatus({ title: t.templatePreparing(template.name) });
    try {
      const rendered = await requestsApi.render(request.id, template.id);
      if (call !== latest.current) return;
      if (body.trim() === '' || body === inserted.current) {
        insert(template.name, rendered.kind, rendered.body);
      } else {
        setPreview({ name: template.name, kind: rendered.kind, body: rendered.body });
        setStatus({ title: t.templatePreviewReady(template.name) });
      }
    } catch (e) {
      if (call !== latest.current) return;
      setStatus(null);
      setError({ title: t.templateFailed(template.name), detail: reasonFromError(e) });
    }
  };

  if (failed) return <p class="field__hint">{t.templatesFailed}</p>;
  if (templates === null || usable.length === 0) return null;
  const kinds = ['answer', 'holding'].filter((k) => usable.some((x) => x.kind === k));
  return (
    <div class="answer-template">
      <div class="field">
        <label class="field__label" for="answer-template">
          {t.templateLabel}
        </label>
        <p class="field__hint" id="answer-template-hint">
          {t.templateHint}
        </p>
        <select id="answer-template" class="field__input" value={chosen} aria-describedby="answer-template-hint" onChange={(e) => void choose(e.currentTarget.value)}>
          <option value="">{t.templateNone}</option>
          {kinds.map((k) => (
            <optgroup key={k} label={t.templateGroups[k] ?? k}>
              {usable
                .filter((x) => x.kind === k)
                .map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </div>
      <StatusRegion message={status} />
      <AlertRegion message={error} />
      {preview !== null && (
        <section class="answer-template__preview" aria-labelledby="answer-template-preview-h">
          <h3 id="answer-template-preview-h">{t.templatePreviewHeading(preview.name)}</h3>
          <p class="field__hint">{t.templatePreviewIntro}</p>
          <div class="pre-wrap answer-template__text">{preview.body}</div>
          <div class="answer-template__actions">
            <Button
              variant="secondary"
              onClick={() => {
                insert(preview.name, preview.kind, preview.body);
                document.getElementById('answer-body')?.focus();
              }}
            >
              {t.templateReplace}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setPreview(null);
                setStatus(null);
                document.getElementById('answer-template')?.focus();
              }}
            >
              {t.templateKeep}
            </Button>
          </div>
        </section>
      )}
    </div>
  );
}

// The request's files an answer may carry, ticked by the agent, and a file uploaded from here
// (stored on the request first, then ticked). The limits are checked here to tell the agent
// early; the server checks them again.
function AnswerFiles({ session, request, chosen, onChosen, onRequest, error }: { session: Session; request: RequestRecord; chosen: string[]; onChosen: (ids: string[]) => void; onRequest: (r: RequestRecord) => void; error: string | undefined }) {
  const [uploading, setUploading] = useState(false);
  const [status, setStatus] = useState<Message | null>(null);
  const [failure, setFailure] = useState<Message | null>(null);
  const [stale, setStale] = useState(false);
  const reload = useReload(request.id, onRequest, () => {
    setFailure(null);
    setStale(false);
  });
  const upload = async (file: File) => {
    setUploading(true);
    setFailure(null);
    setStatus({ title: t.answerUploading(file.name) });
    try {
      const stored = (await uploadAttachment(session, request.id, request.version, file)).attachment;
      onRequest(await requestsApi.get(request.id));
      onChosen([...chosen, stored.id]);
      setStatus({ title: t.answerUploaded(stored.filename) });
    } catch (e) {
      setStatus(null);
      // Someone changed the request meanwhile: the file was not stored; reload, then add it again.
      const conflict = conflictMessage(e, strings.versionConflict.request);
      setStale(conflict !== null);
      setFailure(conflict ?? { title: t.answerUploadFailed(file.name), detail: reasonFromError(e) });
    } finally {
      setUploading(false);
    }
  };
  const hintId = 'answer-files-hint';
  return (
    <fieldset class="field fieldset-plain answer-files" aria-describedby={error !== undefined ? `${hintId} answer-files-error` : hintId}>
      <legend class="field__label">{t.answerFilesLegend}</legend>
      <p class="field__hint" id={hintId}>
        {t.answerFilesHint(MAX_ANSWER_FILES, formatFileSize(MAX_ANSWER_BYTES))}
      </p>
      {error !== undefined && (
        <p class="field__error" id="answer-files-error">
          {error}
        </p>
      )}
      {request.attachments.length === 0 ? (
        <p>{t.answerFilesNone}</p>
      ) : (
        <ul class="plain-list answer-files__list">
          {request.attachments.map((a) => (
            <li key={a.id}>
              <label class="inline-choice answer-files__choice">
                <input
                  type="checkbox"
                  name="answer-files"
                  value={a.id}
                  checked={chosen.includes(a.id)}
                  onChange={(e) => onChosen(e.currentTarget.checked ? [...chosen, a.id] : chosen.filter((id) => id !== a.id))}
                />
                <span>
                  {a.filename} <span class="muted">({formatFileSize(a.size)}{a.shared ? `${strings.common.listSeparator}${t.answerFileShared}` : ''})</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <div class="field">
        <label class="field__label" for="answer-upload">
          {t.answerUploadLabel}
        </label>
        <p class="field__hint" id="answer-upload-hint">
          {t.answerUploadHint}
        </p>
        <input
          id="answer-upload"
          type="file"
          class="field__file"
          disabled={uploading}
          aria-describedby="answer-upload-hint"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            // Emptied so that the same file may be chosen again after a failure.
            e.currentTarget.value = '';
            if (file !== undefined) void upload(file);
          }}
        />
      </div>
      <StatusRegion message={status} />
      <AlertRegion message={failure} actions={stale ? <ConflictActions onReload={() => void reload.run()} busy={reload.busy} /> : undefined} />
    </fieldset>
  );
}

// Reloads the request after a conflict (the form keeps what the agent typed); `cleared` runs once
// the current version is shown.
function useReload(requestId: string, onRequest: (r: RequestRecord) => void, cleared: () => void) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (busy) return;
    setBusy(true);
    try {
      onRequest(await requestsApi.get(requestId));
      cleared();
    } catch {
      // The conflict message stays, with its button, to try again.
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

type Errors = { body?: string; forecast?: string; files?: string };

export function AnswerForm({ session, request, onDone }: { session: Session; request: RequestRecord; onDone: (r: RequestRecord) => void }) {
  const [kind, setKind] = useState<Kind>('answer');
  const [body, setBody] = useState('');
  const [forecast, setForecast] = useState('');
  const [files, setFiles] = useState<string[]>([]);
  // null: the proposed status; '' keeps the current one.
  const [statusChoice, setStatusChoice] = useState<string | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<Message | null>(null);
  const [failure, setFailure] = useState<Message | null>(null);
  const [stale, setStale] = useState(false);
  const reload = useReload(request.id, onDone, () => {
    setFailure(null);
    setStale(false);
    setSent({ title: strings.versionConflict.reloaded });
  });
  // A new form after each answer (the template picker starts again from « Aucun modèle »).
  const [round, setRound] = useState(0);
  // Only files still on the request count (the list is reloaded when a colleague changes it).
  const chosen = files.filter((id) => request.attachments.some((f) => f.id === id));
  const chosenBytes = request.attachments.filter((f) => chosen.includes(f.id)).reduce((sum, f) => sum + f.size, 0);

  const workflow = request.workflow;
  const statusLabel = (key: string) => workflow?.statuses.find((s) => s.key === key)?.internal_label ?? key;
  const allowed = workflow !== undefined ? allowedStatuses(workflow, request.status) : [];
  const proposed = proposedStatus(workflow, request.status, kind);
  const nextStatus = statusChoice !== null && (statusChoice === '' || allowed.includes(statusChoice)) ? statusChoice : proposed;

  const send = async () => {
    const found: Errors = {};
    const placeholder = placeholderLeft(body);
    if (body.trim() === '') found.body = t.answerBodyMissing;
    else if (placeholder !== null) found.body = t.answerPlaceholderLeft(placeholder);
    if (kind === 'holding' && forecast === '') found.forecast = t.answerForecastMissing;
    if (chosen.length > MAX_ANSWER_FILES) found.files = t.answerFilesTooMany(MAX_ANSWER_FILES);
    else if (chosenBytes > MAX_ANSWER_BYTES) found.files = t.answerFilesTooLarge(formatFileSize(MAX_ANSWER_BYTES));
    setErrors(found);
    if (found.body !== undefined) return document.getElementById('answer-body')?.focus();
    if (found.forecast !== undefined) return document.getElementById('answer-forecast')?.focus();
    if (found.files !== undefined) return document.querySelector<HTMLInputElement>('input[name="answer-files"]')?.focus();
    setBusy(true);
    setSent(null);
    setFailure(null);
    try {
      const updated = await requestsApi.message(request, kind, body.trim(), kind === 'holding' ? forecast : undefined, chosen, nextStatus);
      onDone(updated);
      const done = chosen.length > 0 ? t.answerSentWithFiles(chosen.length) : t.answerSent;
      setSent({ title: updated.status !== request.status ? `${done} ${t.statusChanged(statusLabel(updated.status))}` : done });
      setBody('');
      setForecast('');
      setFiles([]);
      setStatusChoice(null);
      setRound((n) => n + 1);
    } catch (e) {
      // Someone changed the request meanwhile: the answer was not sent and stays in the form.
      const conflict = conflictMessage(e, strings.versionConflict.request, true);
      setStale(conflict !== null);
      setFailure(conflict ?? { title: t.actionFailedTitle, detail: reasonFromError(e) });
    } finally {
      setBusy(false);
    }
  };

  const bodyDescribedBy = ['answer-body-hint', errors.body !== undefined ? 'answer-body-error' : ''].filter(Boolean).join(' ');
  return (
    <section class="panel" aria-labelledby="action-answer-h">
      <h2 id="action-answer-h">{t.answerHeading}</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <TemplatePicker
          key={round}
          request={request}
          body={body}
          onInsert={(text, k) => {
            setBody(text);
            setKind(k);
          }}
        />
        <fieldset class="field fieldset-plain">
          <legend class="field__label">{t.answerKindLegend}</legend>
          <label class="inline-choice">
            <input type="radio" name="answer-kind" checked={kind === 'answer'} onChange={() => setKind('answer')} /> {t.answerKindAnswer}
          </label>
          <label class="inline-choice">
            <input type="radio" name="answer-kind" checked={kind === 'holding'} onChange={() => setKind('holding')} /> {t.answerKindHolding}
          </label>
        </fieldset>
        <div class="field">
          <label class="field__label" for="answer-body">
            {t.answerBodyLabel}
          </label>
          <p class="field__hint" id="answer-body-hint">
            {t.answerBodyHint}
          </p>
          {errors.body !== undefined && (
            <p class="field__error" id="answer-body-error">
              {errors.body}
            </p>
          )}
          <textarea
            id="answer-body"
            class="field__input field__input--wide"
            rows={kind === 'answer' && body.length > 300 ? 14 : 6}
            value={body}
            onInput={(e) => setBody(e.currentTarget.value)}
            aria-invalid={errors.body !== undefined ? 'true' : undefined}
            aria-describedby={bodyDescribedBy}
          />
        </div>
        {kind === 'holding' && (
          <div class="field">
            <label class="field__label" for="answer-forecast">
              {t.answerForecastLabel}
            </label>
            {errors.forecast !== undefined && (
              <p class="field__error" id="answer-forecast-error">
                {errors.forecast}
              </p>
            )}
            <input
              id="answer-forecast"
              class="field__input"
              type="date"
              value={forecast}
              onInput={(e) => setForecast(e.currentTarget.value)}
              aria-invalid={errors.forecast !== undefined ? 'true' : undefined}
              aria-describedby={errors.forecast !== undefined ? 'answer-forecast-error' : undefined}
            />
          </div>
        )}
        <AnswerFiles session={session} request={request} chosen={chosen} onChosen={setFiles} onRequest={onDone} error={errors.files} />
        {allowed.length > 0 && (
          <div class="field">
            <label class="field__label" for="answer-status">
              {t.answerStatusLabel}
            </label>
            <p class="field__hint" id="answer-status-hint">
              {t.answerStatusHint}
            </p>
            <select id="answer-status" class="field__input" value={nextStatus} aria-describedby="answer-status-hint" onChange={(e) => setStatusChoice(e.currentTarget.value)}>
              <option value="">{t.answerStatusUnchanged(statusLabel(request.status))}</option>
              {allowed.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
          </div>
        )}
        <Button type="submit" disabled={busy}>
          {t.answerApply}
        </Button>
      </form>
      <StatusRegion message={sent} />
      <AlertRegion message={failure} actions={stale ? <ConflictActions onReload={() => void reload.run()} busy={reload.busy} /> : undefined} />
    </section>
  );
}
