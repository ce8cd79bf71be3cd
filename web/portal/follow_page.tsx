import { Fragment } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { withTenant } from '../ui/api';
import { AlertRegion, reasonFromError, StatusRegion, type Message } from '../ui/alert';
import { Button } from '../ui/button';
import { checkCitizenFiles, FileInput, formatFileSize, MAX_CITIZEN_FILES, UploadProgress } from '../ui/file_input';
import { requestHeadingFocus, useHeadingFocus } from '../ui/focus';
import { strings } from '../ui/strings';
import { PortalPage, TenantAlert } from './portal_page';
import { Control, ErrorSummary } from '../ui/request_fields';
import { deadlineVerb } from '../ui/french';
import { formatDateTime, formatDueDate, formatForecast, requestsApi, type PublicAttachment, type PublicEvent, type PublicRequest } from './requests_api';
import { pageParam } from './use_load';
import './requests.css';

const t = strings.followUp;
const tf = strings.files;

// Follow-up of a request: tracking code and e-mail, then the status, the deadlines, the public
// exchanges and a reply form.
export function FollowPage() {
  const [code, setCode] = useState(pageParam('code'));
  const [email, setEmail] = useState('');
  const [request, setRequest] = useState<PublicRequest | null>(null);

  return (
    <PortalPage title={t.documentTitle} section="follow">
      {({ tenant, error }) => (
        <>
          <TenantAlert error={error} />
          {request === null ? (
            <LookUp
              code={code}
              email={email}
              onCode={setCode}
              onEmail={setEmail}
              onFound={(r) => {
                requestHeadingFocus();
                setRequest(r);
              }}
            />
          ) : (
            <RequestView
              request={request}
              email={email.trim()}
              timeZone={tenant?.timezone}
              onChange={setRequest}
              onAnother={() => {
                requestHeadingFocus();
                setRequest(null);
                setCode('');
              }}
            />
          )}
        </>
      )}
    </PortalPage>
  );
}

function LookUp({ code, email, onCode, onEmail, onFound }: { code: string; email: string; onCode: (v: string) => void; onEmail: (v: string) => void; onFound: (r: PublicRequest) => void }) {
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const [errors, setErrors] = useState<Array<[string, string]>>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Message | null>(null);
  const errorOf = (id: string) => errors.find(([x]) => x === id)?.[1];
  const submit = async () => {
    const found: Array<[string, string]> = [];
    if (code.trim() === '') found.push(['suivi-code', t.codeMissing]);
    if (email.trim() === '') found.push(['suivi-courriel', t.emailMissing]);
    setErrors(found);
    setFailure(null);
    if (found.length > 0) {
      requestAnimationFrame(() => document.getElementById('erreurs-title')?.focus());
      return;
    }
    setBusy(true);
    try {
      onFound(await requestsApi.follow(code.trim(), email.trim()));
    } catch (e) {
      setFailure({ title: t.failedTitle, detail: reasonFromError(e) });
      setBusy(false);
    }
  };
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t.heading}
      </h1>
      <p class="lead">{t.intro}</p>
      <ErrorSummary id="erreurs" errors={errors} />
      <AlertRegion message={failure} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Control id="suivi-code" label={t.codeLabel} hint={t.codeHint} required value={code} onValue={onCode} error={errorOf('suivi-code')} />
        <Control id="suivi-courriel" label={t.emailLabel} hint={t.emailHint} required type="email" autocomplete="email" value={email} onValue={onEmail} error={errorOf('suivi-courriel')} />
        <StatusRegion message={busy ? { title: t.searching } : null} />
        <Button type="submit" disabled={busy}>
          {t.submit}
        </Button>
      </form>
    </>
  );
}

// The names of the files an entry carries ("created" and "message_in" may have some).
function filesOf(e: PublicEvent): string[] {
  const files = e.data['attachments'];
  if (!Array.isArray(files)) return [];
  return files.flatMap((f) => (typeof f === 'object' && f !== null && typeof (f as Record<string, unknown>)['filename'] === 'string' ? [(f as Record<string, string>)['filename']!] : []));
}

function eventText(e: PublicEvent): string {
  const data = e.data;
  const body = typeof data['body'] === 'string' ? data['body'] : '';
  switch (e.type) {
    case 'created':
      return t.created;
    case 'status':
      return t.statusChanged(typeof data['public_label'] === 'string' ? data['public_label'] : typeof data['to'] === 'string' ? data['to'] : '');
    case 'merge':
      // The other request may be another person's: it is not named.
      return t.merged;
    case 'message_out':
      if (data['kind'] === 'holding' && typeof data['forecast'] === 'string') return `${t.holding(formatForecast(data['forecast']))} ${body}`;
      return body;
    default:
      return body;
  }
}

// The comment an agent wrote with a status change: it is for the citizen (the console says
// « visible de l'usager »).
function statusNote(e: PublicEvent): string {
  const note = e.type === 'status' ? e.data['note'] : undefined;
  return typeof note === 'string' ? note.trim() : '';
}

// A value of the citizen's form as they chose it: a check box says Oui or Non, choices are listed.
function answerText(value: unknown, type: string): string {
  if (type === 'checkbox' || typeof value === 'boolean') {
    const yes = typeof value === 'string' ? ['true', 'on', 'oui', '1'].includes(value.trim().toLowerCase()) : Boolean(value);
    return yes ? t.checkboxYes : t.checkboxNo;
  }
  if (Array.isArray(value)) return value.map((v) => String(v)).join(strings.common.listSeparator);
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return '';
}

const coordinate = (n: number) => n.toLocaleString('fr-FR', { maximumFractionDigits: 5 });

// What the citizen wrote, shown back to them (they proved they own the request): the description,
// their answers to the form (the address of the problem among them), the place on the map and
// their contact details.
function Yours({ request }: { request: PublicRequest }) {
  const answers = (request.answers ?? []).filter((a) => answerText(a.value, a.type) !== '');
  const answered = new Set(answers.map((a) => answerText(a.value, a.type)));
  const place = request.location ?? null;
  // The place's address is usually the answer to the form's address field: shown once.
  const placeText = place === null ? null : place.address !== '' ? (answered.has(place.address) ? null : place.address) : t.placePosition(coordinate(place.lat), coordinate(place.lon));
  const citizen = request.citizen;
  return (
    <section aria-labelledby="suivi-vous">
      <h2 id="suivi-vous">{t.yoursHeading}</h2>
      <dl class="recap">
        <dt>{t.descriptionLabel}</dt>
        <dd class="recap__text">{request.description}</dd>
        {answers.map((a) => (
          <Fragment key={a.key}>
            <dt>{a.label}</dt>
            <dd class="recap__text">{answerText(a.value, a.type)}</dd>
          </Fragment>
        ))}
        {placeText !== null && (
          <>
            <dt>{t.placeLabel}</dt>
            <dd>{placeText}</dd>
          </>
        )}
        {citizen !== undefined && citizen.name !== '' && (
          <>
            <dt>{t.nameLabel}</dt>
            <dd>{citizen.name}</dd>
          </>
        )}
        {citizen?.email != null && (
          <>
            <dt>{t.yourEmailLabel}</dt>
            <dd>{citizen.email}</dd>
          </>
        )}
        {citizen?.phone != null && (
          <>
            <dt>{t.phoneLabel}</dt>
            <dd>{citizen.phone}</dd>
          </>
        )}
        {citizen?.address != null && (
          <>
            <dt>{t.postalAddressLabel}</dt>
            <dd class="recap__text">{citizen.address}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function RequestView({ request, email, timeZone, onChange, onAnother }: { request: PublicRequest; email: string; timeZone: string | undefined; onChange: (r: PublicRequest) => void; onAnother: () => void }) {
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const [reply, setReply] = useState('');
  const [replyError, setReplyError] = useState<string | undefined>(undefined);
  const [files, setFiles] = useState<File[]>([]);
  const [filesError, setFilesError] = useState<string | undefined>(undefined);
  const [progress, setProgress] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Message | null>(null);
  const [failure, setFailure] = useState<Message | null>(null);
  const replyRef = useRef(false);
  const send = async () => {
    setStatus(null);
    setFailure(null);
    if (reply.trim() === '') {
      setReplyError(t.replyMissing);
      document.getElementById('suivi-reponse')?.focus();
      return;
    }
    setReplyError(undefined);
    const fileProblem = files.length > MAX_CITIZEN_FILES ? tf.tooMany : checkCitizenFiles(files, false, t.replyFilesLabel);
    setFilesError(fileProblem);
    if (fileProblem !== undefined) {
      document.getElementById('suivi-fichiers')?.focus();
      return;
    }
    setBusy(true);
    replyRef.current = true;
    try {
      const updated = await requestsApi.reply(request.tracking_code, email, reply.trim(), files, setProgress);
      onChange(updated);
      setReply('');
      setFiles([]);
      setStatus({ title: t.replySent });
    } catch (e) {
      setFailure({ title: t.replyFailedTitle, detail: reasonFromError(e) });
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  const download = async (file: PublicAttachment) => {
    setFailure(null);
    try {
      await requestsApi.download(request.tracking_code, email, file);
    } catch (e) {
      setFailure({ title: t.downloadFailedTitle, detail: reasonFromError(e) });
    }
  };
  const deadlines = Object.entries(request.deadlines).filter((entry): entry is [string, NonNullable<(typeof entry)[1]>] => entry[1] !== null);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t.requestHeading(request.tracking_code)}
      </h1>
      <dl class="recap">
        <dt>{t.statusLabel}</dt>
        <dd>
          <strong>{request.status}</strong>
        </dd>
        <dt>{t.categoryLabel}</dt>
        <dd>{request.category}</dd>
        <dt>{t.subjectLabel}</dt>
        <dd>{request.subject}</dd>
        <dt>{t.createdLabel}</dt>
        <dd>{formatDateTime(request.created_at, timeZone)}</dd>
      </dl>
      {deadlines.length > 0 && (
        <section aria-labelledby="suivi-delais">
          <h2 id="suivi-delais">{t.deadlinesHeading}</h2>
          <ul class="deadline-list">
            {deadlines.map(([name, d]) => (
              <li key={name}>
                {t.deadlineNames[name] ?? name}
                {strings.portalTime.labelSeparator}
                {(t.deadlineState[d.state] ?? t.deadlineState['pending']!)(formatDueDate(d.due, timeZone), t.deadlineFeminine[name] ?? false, deadlineVerb(d.due))}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="suivi-echanges">
        <h2 id="suivi-echanges">{t.timelineHeading}</h2>
        {request.timeline.length === 0 ? (
          <p>{t.timelineEmpty}</p>
        ) : (
          <ol class="exchanges">
            {request.timeline.map((e) => (
              <li key={e.id} class={`exchange exchange--${e.actor.type === 'citizen' ? 'in' : 'out'}`}>
                <p class="exchange__meta">
                  <strong>{e.actor.type === 'citizen' ? t.fromYou : t.fromTown(e.actor.name)}</strong>
                  {' — '}
                  <time dateTime={e.at}>{formatDateTime(e.at, timeZone)}</time>
                </p>
                <p class="exchange__body">{eventText(e)}</p>
                {statusNote(e) !== '' && <p class="exchange__body">{t.statusNote(statusNote(e))}</p>}
                {filesOf(e).length > 0 && <p class="exchange__files">{t.messageFiles(filesOf(e).join(strings.common.listSeparator))}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>
      {request.attachments.length > 0 && (
        <section aria-labelledby="suivi-documents">
          <h2 id="suivi-documents">{t.attachmentsHeading}</h2>
          <ul class="file-list">
            {request.attachments.map((a) => (
              <li key={a.id} class="file-list__item">
                <span class="file-list__name">{a.filename}</span> <span class="file-list__size">({formatFileSize(a.size)})</span>
                <button type="button" class="button button--quiet" onClick={() => void download(a)}>
                  {t.download(a.filename)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Yours request={request} />
      {request.closed ? (
        <p>{t.closedNotice}</p>
      ) : (
        <section aria-labelledby="suivi-repondre">
          <h2 id="suivi-repondre">{t.replyHeading}</h2>
          <AlertRegion message={failure} />
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void send();
            }}
          >
            <Control id="suivi-reponse" label={t.replyLabel} hint={t.replyHint} required multiline value={reply} onValue={setReply} error={replyError} />
            <FileInput id="suivi-fichiers" label={t.replyFilesLabel} error={filesError} files={files} onFiles={setFiles} />
            {busy && progress !== null && <UploadProgress fraction={progress} />}
            <Button type="submit" disabled={busy}>
              {busy ? t.replySending : t.replySend}
            </Button>
          </form>
        </section>
      )}
      <StatusRegion message={status} />
      <p>
        <a
          href={withTenant('/suivi')}
          onClick={(event) => {
            event.preventDefault();
            onAnother();
          }}
        >
          {t.another}
        </a>
      </p>
    </>
  );
}
