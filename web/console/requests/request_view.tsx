import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Session } from '../../ui/api';
import { AlertRegion, reasonFromError, StatusRegion, type Message } from '../../ui/alert';
import { LocationView } from '../../ui/location_picker';
import { useHeadingFocus } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { DeadlineBadge } from './deadline_badge';
import { DuplicatesPanel } from './duplicates_panel';
import { isOwnChange, useRequestEvents } from '../shell/live_events';
import { followLink, hrefFor, type Navigate } from '../shell/router';
import { attachmentHref, formatDeadline, formatInstant, requestsApi, type RequestRecord, type Service, type TimelineEntry } from './requests_api';
import { AnswerForm } from './request_answer';
import { Action, StatusAction, TextAction, TransferAction } from './request_actions';
import { useAgentNames, type AgentNames } from '../shell/agent_directory';
import { useDocumentTitle } from '../shell/use_document_title';
import { MessageText } from './quoted_text';
import './requests.css';

const t = strings.console.requests;

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? t.yes : t.no;
  if (Array.isArray(value)) return value.map(text).join(strings.common.listSeparator);
  return '';
}

// A field's value as agents read it: a check box says "Oui" or "Non" (whatever form the API was
// given: true, "true", "on", 1…), the choices of a multiple choice are listed.
function fieldText(value: unknown, type: string | undefined): string {
  if (type === 'checkbox') {
    if (value === null || value === undefined || value === '') return t.no;
    const truthy = typeof value === 'string' ? ['true', 'on', 'oui', 'yes', '1'].includes(value.trim().toLowerCase()) : Boolean(value);
    return truthy ? t.yes : t.no;
  }
  return text(value);
}

// A person as a citizen_merge entry records them: name and e-mail, else phone.
function personText(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '—';
  const p = value as Record<string, unknown>;
  const contact = [p['email'], p['phone']].find((v): v is string => typeof v === 'string' && v !== '') ?? '';
  const name = typeof p['name'] === 'string' ? p['name'] : '';
  return name !== '' && contact !== '' ? `${name} (${contact})` : name || contact || '—';
}

interface EntryContext {
  statusLabel: (key: string) => string;
  agentName: (id: string) => string;
}

function entryText(e: TimelineEntry, c: EntryContext): string {
  const d = e.data;
  switch (e.type) {
    case 'message_in':
    case 'message_out':
      return text(d['body']);
    case 'note':
      return text(d['text']);
    case 'call':
      return text(d['summary']);
    case 'status':
      return `${c.statusLabel(text(d['from']))} → ${c.statusLabel(text(d['to']))}${d['note'] ? ` — ${text(d['note'])}` : ''}`;
    case 'assignment': {
      const agent = d['agent_id'];
      return typeof agent === 'string' && agent !== '' ? t.assignedTo(c.agentName(agent)) : t.unassigned;
    }
    case 'transfer':
      return text(d['reason']);
    case 'attachment':
      return text(d['filename']);
    case 'merge':
      return d['into_tracking_code'] !== undefined ? t.mergedInto(text(d['into_tracking_code'])) : t.mergedFrom(text(d['from_tracking_code']));
    case 'citizen_merge':
      return t.citizenMerged(personText(d['merged']), personText(d['kept']));
    default:
      return '';
  }
}

// The files a message carries (`attachments: [{id, filename, size}]` of message entries).
function entryFiles(e: TimelineEntry): Array<{ id: string; filename: string }> {
  const files = e.data['attachments'];
  if (!Array.isArray(files)) return [];
  return files.flatMap((f: unknown) => {
    if (typeof f !== 'object' || f === null) return [];
    const { id, filename } = f as Record<string, unknown>;
    return typeof id === 'string' && typeof filename === 'string' ? [{ id, filename }] : [];
  });
}

// Who wrote an entry: an agent by their current name in the directory, else the name recorded
// with the entry (the citizen, an integration, or an agent the directory no longer lists).
function actorName(e: TimelineEntry, names: AgentNames): string {
  const current = e.actor.type === 'agent' && e.actor.id ? names.get(e.actor.id) : undefined;
  return current ?? (e.actor.name || '—');
}

// One request: who, what, deadlines, actions, attachments, history. Reloads itself when a
// colleague changes it.
export function RequestView({ session, navigate, requestId }: { session: Session; navigate: Navigate; requestId: string }) {
  const [request, setRequest] = useState<RequestRecord | null>(null);
  const [error, setError] = useState<Message | null>(null);
  const [notice, setNotice] = useState<Message | null>(null);
  const [services, setServices] = useState<Service[]>([]);
  const [fieldDefs, setFieldDefs] = useState<Map<string, { label: string; type: string }>>(new Map());
  useDocumentTitle(request !== null ? `${request.tracking_code} — ${t.documentTitle}` : t.documentTitle, session);
  const heading = useHeadingFocus<HTMLHeadingElement>();

  useEffect(() => {
    requestsApi
      .get(requestId)
      .then(setRequest)
      .catch((e: unknown) => setError({ title: t.loadOneFailedTitle, detail: reasonFromError(e) }));
    requestsApi.services().then((r) => setServices(r.items)).catch(() => setServices([]));
  }, [requestId]);

  // The labels of the category's fields; without them (category gone, no access) keys are shown.
  const categoryId = request?.category_id;
  useEffect(() => {
    if (categoryId === undefined || categoryId === '') return;
    requestsApi
      .category(categoryId)
      .then((c) => setFieldDefs(new Map((c.fields ?? []).map((f) => [f.key, { label: f.label, type: f.type }]))))
      .catch(() => setFieldDefs(new Map()));
  }, [categoryId]);

  // The agents this page may name: the one in charge and the authors of the timeline.
  const agentIds: string[] = [];
  if (request?.agent_id) agentIds.push(request.agent_id);
  for (const e of request?.timeline ?? []) {
    if (e.actor.type === 'agent' && e.actor.id) agentIds.push(e.actor.id);
    const assigned = e.type === 'assignment' ? e.data['agent_id'] : null;
    if (typeof assigned === 'string' && assigned !== '') agentIds.push(assigned);
  }
  const agentNames = useAgentNames(session, agentIds);

  // A change announced by the server: the page reloads the request, and says a colleague changed
  // it only when one did. The agent's own action is announced too (often before its answer
  // reaches this page), and is recognised by the event's actor, not by timing.
  useRequestEvents((e) => {
    if (request === null || e.id !== request.id || e.version <= request.version) return;
    const own = isOwnChange(e, session.agent.id);
    requestsApi
      .get(request.id)
      .then((r) => {
        setRequest((current) => (current !== null && current.version > r.version ? current : r));
        if (!own) setNotice({ title: t.liveChanged });
      })
      .catch(() => {});
  });

  const back = (
    <p>
      <a href={hrefFor('requests')} onClick={followLink(navigate, 'requests')}>
        {t.back}
      </a>
    </p>
  );
  if (request === null) {
    return (
      <>
        {back}
        <h1 ref={heading} tabIndex={-1}>
          {t.documentTitle}
        </h1>
        <AlertRegion message={error} />
        {error === null && <p role="status">{t.loadingOne}</p>}
      </>
    );
  }
  const tz = session.tenant.timezone;
  const workflow = request.workflow;
  const statusLabel = (key: string) => workflow?.statuses.find((s) => s.key === key)?.internal_label ?? key;
  const nextStatuses = workflow?.transitions.filter((tr) => tr.from === request.status).map((tr) => tr.to) ?? [];
  const service = services.find((s) => s.id === request.service_id)?.name ?? request.service_id ?? '';
  const agentName = (id: string) => (id === session.agent.id ? session.agent.display_name : (agentNames.get(id) ?? t.otherAgent));
  const agent = request.agent_id === null ? t.noAgent : agentName(request.agent_id);
  const entryContext: EntryContext = { statusLabel, agentName };
  const deadlines = Object.entries(request.deadlines).filter((e): e is [string, NonNullable<(typeof e)[1]>] => e[1] !== null);
  const fieldEntries = Object.entries(request.fields);
  return (
    <>
      {back}
      <h1 ref={heading} tabIndex={-1}>
        {t.oneHeading(request.tracking_code, request.subject)}
      </h1>
      <StatusRegion message={notice} class="live-announcement" />
      <div class="request-layout">
        <div class="request-layout__main">
          <section aria-labelledby="req-citizen" class="panel">
            <h2 id="req-citizen">{t.citizenHeading}</h2>
            <dl class="facts">
              <dt>{t.nameLabel}</dt>
              <dd>{request.citizen.name || '—'}</dd>
              <dt>{t.emailLabel}</dt>
              <dd>{request.citizen.email ?? '—'}</dd>
              <dt>{t.phoneLabel}</dt>
              <dd>{request.citizen.phone ?? '—'}</dd>
              {request.citizen.address !== null && (
                <>
                  <dt>{t.addressLabel}</dt>
                  <dd>{request.citizen.address}</dd>
                </>
              )}
            </dl>
          </section>
          <section aria-labelledby="req-description" class="panel">
            <h2 id="req-description">{t.descriptionHeading}</h2>
            <p class="pre-wrap">{request.description}</p>
            {(fieldEntries.length > 0 || request.location !== null) && (
              <>
                <h3>{t.fieldsHeading}</h3>
                <dl class="facts">
                  {fieldEntries.map(([k, v]) => (
                    <Fragment key={k}>
                      <dt>{fieldDefs.get(k)?.label ?? k}</dt>
                      <dd>{fieldText(v, fieldDefs.get(k)?.type)}</dd>
                    </Fragment>
                  ))}
                  {request.location !== null && (
                    <>
                      <dt>{t.positionLabel}</dt>
                      <dd>
                        <LocationView lat={request.location.lat} lon={request.location.lon} address={request.location.address} />
                      </dd>
                    </>
                  )}
                </dl>
              </>
            )}
          </section>
          <AnswerForm session={session} request={request} onDone={setRequest} />
          <section aria-labelledby="req-attachments" class="panel">
            <h2 id="req-attachments">{t.attachmentsHeading}</h2>
            {request.attachments.length === 0 ? (
              <p>{t.attachmentsEmpty}</p>
            ) : (
              <ul>
                {request.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={attachmentHref(request.id, a.id)} download={a.filename}>
                      {a.filename}
                    </a>{' '}
                    ({t.attachmentSize(Math.max(1, Math.round(a.size / 1024)))})
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="req-timeline" class="panel">
            <h2 id="req-timeline">{t.timelineHeading}</h2>
            <ol class="timeline">
              {request.timeline.map((e) => (
                <li key={e.id} class="timeline__entry">
                  <p class="timeline__meta">
                    <strong>{t.timelineTypes[e.type] ?? e.type}</strong> {t.timelineBy(actorName(e, agentNames))}, <time dateTime={e.at}>{formatInstant(e.at, tz)}</time>{' '}
                    {e.public && <span class="muted">{t.public}</span>}
                  </p>
                  {entryText(e, entryContext) !== '' && <MessageText text={entryText(e, entryContext)} foldQuotes={e.type === 'message_in'} />}
                  {entryFiles(e).length > 0 && (
                    <p class="timeline__files">
                      {t.timelineFiles}
                      {entryFiles(e).map((f, i) => (
                        <Fragment key={f.id}>
                          {i > 0 && strings.common.listSeparator}
                          <a href={attachmentHref(request.id, f.id)} download={f.filename}>
                            {f.filename}
                          </a>
                        </Fragment>
                      ))}
                    </p>
                  )}
                </li>
              ))}
            </ol>
          </section>
        </div>
        <div class="request-layout__side">
          <section aria-labelledby="req-info" class="panel">
            <h2 id="req-info">{t.infoHeading}</h2>
            <ul class="plain-list">
              <li>
                {t.statusPrefix}
                <strong>{statusLabel(request.status)}</strong>
              </li>
              <li>
                {t.categoryPrefix}
                {request.category ?? '—'}
              </li>
              <li>
                {t.channelPrefix}
                {t.channels[request.channel] ?? request.channel}
              </li>
              <li>
                {t.servicePrefix}
                {service}
              </li>
              <li>
                {t.agentPrefix}
                {agent}
              </li>
              <li>
                {t.receivedPrefix}
                {formatInstant(request.received_at, tz)}
              </li>
            </ul>
            <h3>{t.deadlinesHeading}</h3>
            <p>
              <DeadlineBadge request={request} timeZone={tz} />
            </p>
            <ul class="plain-list">
              {deadlines.map(([name, d]) => (
                <li key={name}>
                  {t.deadlineNames[name] ?? name}
                  {strings.portalTime.labelSeparator}
                  {formatDeadline(d.due, tz)} ({t.deadlineStates[d.state] ?? d.state})
                </li>
              ))}
            </ul>
          </section>
          <Action
            id="assign"
            heading={null}
            submit={t.assignMe}
            done={t.assigned}
            requestId={request.id}
            run={() => requestsApi.assignMe(request)}
            onDone={setRequest}
            hidden={request.agent_id === session.agent.id}
          />
          <StatusAction request={request} nextStatuses={nextStatuses} statusLabel={statusLabel} onDone={setRequest} />
          <TransferAction request={request} services={services} onDone={setRequest} />
          <TextAction id="note" heading={t.noteHeading} label={t.noteLabel} missing={t.noteMissing} submit={t.noteApply} done={t.noteAdded} requestId={request.id} run={(v) => requestsApi.note(request, v)} onDone={setRequest} />
          <TextAction id="call" heading={t.callHeading} label={t.callLabel} missing={t.callMissing} submit={t.callApply} done={t.callAdded} requestId={request.id} run={(v) => requestsApi.call(request, v)} onDone={setRequest} />
          <DuplicatesPanel request={request} onDone={setRequest} />
        </div>
      </div>
    </>
  );
}
