import { useEffect, useState } from 'preact/hooks';
import { isVersionConflict, type Session } from '../../ui/api';
import { AlertRegion, reasonFromError, StatusRegion, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { useHeadingFocus } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { DeadlineBadge } from './deadline_badge';
import { UrgentBadge } from './urgent_badge';
import { isOwnChange, useRequestEvents } from '../shell/live_events';
import { followLink, type Navigate } from '../shell/router';
import { requestHref } from '../shell/router';
import { requestsApi, type Category, type InboxQuery, type RequestRef, type RequestSummary, type Service } from './requests_api';
import { useDocumentTitle } from '../shell/use_document_title';
import './requests.css';

const t = strings.console.requests;
const CHANNELS = ['web', 'email', 'phone', 'counter', 'letter', 'open311', 'api'];

type Queue = 'service' | 'all' | 'mine';

interface Filters {
  status: string;
  channel: string;
  category: string;
  dueSoon: boolean;
  overdue: boolean;
}

export function agentServiceId(session: Session): string | null {
  const value = (session.agent as unknown as Record<string, unknown>)['service_id'];
  return typeof value === 'string' ? value : null;
}

// The inbox: queues, filters, urgent requests first then by due date (the server's order), bulk
// actions, live rows.
export function RequestsInbox({ session, navigate }: { session: Session; navigate: Navigate }) {
  useDocumentTitle(t.documentTitle, session);
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const myService = agentServiceId(session);
  const [queue, setQueue] = useState<Queue>(myService !== null ? 'service' : 'all');
  const [filters, setFilters] = useState<Filters>({ status: '', channel: '', category: '', dueSoon: false, overdue: false });
  const [applied, setApplied] = useState<Filters>(filters);
  const [items, setItems] = useState<RequestSummary[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<Message | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [services, setServices] = useState<Service[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [announcement, setAnnouncement] = useState<Message | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  const query = (after?: string): InboxQuery => ({
    service: queue === 'service' && myService !== null ? myService : undefined,
    mine: queue === 'mine',
    status: applied.status || undefined,
    channel: applied.channel || undefined,
    category: applied.category || undefined,
    dueSoon: applied.dueSoon,
    overdue: applied.overdue,
    after,
  });

  useEffect(() => {
    requestsApi.categories().then((r) => setCategories(r.items)).catch(() => setCategories([]));
    requestsApi.services().then((r) => setServices(r.items)).catch(() => setServices([]));
  }, []);

  useEffect(() => {
    let alive = true;
    setError(null);
    requestsApi
      .inbox(query())
      .then((page) => {
        if (!alive) return;
        setItems(page.items);
        setNext(page.next);
        setSelected(new Set());
      })
      .catch((e: unknown) => alive && setError({ title: t.loadFailedTitle, detail: reasonFromError(e) }));
    return () => {
      alive = false;
    };
  }, [queue, applied, reloadKey]);

  const loadMore = async () => {
    if (next === null) return;
    try {
      const page = await requestsApi.inbox(query(next));
      setItems((current) => [...(current ?? []), ...page.items]);
      setNext(page.next);
    } catch (e) {
      setError({ title: t.loadFailedTitle, detail: reasonFromError(e) });
    }
  };

  const replaceRow = (r: RequestSummary) => setItems((current) => (current ?? []).map((x) => (x.id === r.id ? { ...x, ...r } : x)));

  useRequestEvents((e) => {
    if (e.type === 'request.created') {
      setAnnouncement({ title: t.liveCreated(e.tracking_code) });
      setReloadKey((k) => k + 1);
      return;
    }
    const row = items?.find((x) => x.id === e.id);
    if (row === undefined || row.version >= e.version) return;
    requestsApi
      .get(e.id)
      .then((r) => {
        replaceRow(r);
        if (!isOwnChange(e, session.agent.id)) setAnnouncement({ title: t.liveUpdated(e.tracking_code) });
      })
      .catch(() => {});
  });

  const statusOptions = (() => {
    const seen = new Map<string, string>();
    for (const c of categories) for (const s of c.workflow.statuses) if (!seen.has(s.key)) seen.set(s.key, s.internal_label);
    return [...seen.entries()];
  })();

  const more = next !== null;
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t.heading}
      </h1>
      <p class="lead">{t.intro}</p>
      <StatusRegion message={announcement} class="live-announcement" />
      <form
        class="inbox-filters"
        aria-label={t.filtersLabel}
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(filters);
        }}
      >
        <fieldset class="inbox-queue">
          <legend>{t.queueLegend}</legend>
          {(
            [
              ['service', t.queueService],
              ['all', t.queueAll],
              ['mine', t.queueMine],
            ] as Array<[Queue, string]>
          )
            .filter(([q]) => q !== 'service' || myService !== null)
            .map(([q, label]) => (
              <label key={q} class="inline-choice">
                <input type="radio" name="queue" value={q} checked={queue === q} onChange={() => setQueue(q)} /> {label}
              </label>
            ))}
        </fieldset>
        <div class="inbox-filters__row">
          <label class="inline-field">
            <span class="field__label">{t.statusLabel}</span>
            <select class="field__input" value={filters.status} onChange={(e) => setFilters({ ...filters, status: e.currentTarget.value })}>
              <option value="">{t.statusAll}</option>
              {statusOptions.map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label class="inline-field">
            <span class="field__label">{t.channelLabel}</span>
            <select class="field__input" value={filters.channel} onChange={(e) => setFilters({ ...filters, channel: e.currentTarget.value })}>
              <option value="">{t.channelAll}</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t.channels[c] ?? c}
                </option>
              ))}
            </select>
          </label>
          <label class="inline-field">
            <span class="field__label">{t.categoryLabel}</span>
            <select class="field__input" value={filters.category} onChange={(e) => setFilters({ ...filters, category: e.currentTarget.value })}>
              <option value="">{t.categoryAll}</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label class="inline-choice">
            <input type="checkbox" checked={filters.dueSoon} onChange={(e) => setFilters({ ...filters, dueSoon: e.currentTarget.checked })} /> {t.dueSoon}
          </label>
          <label class="inline-choice">
            <input type="checkbox" checked={filters.overdue} onChange={(e) => setFilters({ ...filters, overdue: e.currentTarget.checked })} /> {t.overdue}
          </label>
          <Button type="submit" variant="secondary">
            {t.filter}
          </Button>
        </div>
      </form>
      <AlertRegion message={error} actions={<Button variant="secondary" onClick={() => setReloadKey((k) => k + 1)}>{t.retry}</Button>} />
      {items === null && error === null && <p role="status">{t.loading}</p>}
      {items !== null && (
        <>
          <p role="status" class="muted">
            {t.count(items.length, more)}
          </p>
          {items.length > 0 && (
            <>
              <div class="table-scroll" tabIndex={0} role="region" aria-label={t.tableCaption}>
                <table class="inbox-table">
                  <caption class="visually-hidden">{t.tableCaption}</caption>
                  <thead>
                    <tr>
                      <th scope="col">
                        <input
                          type="checkbox"
                          aria-label={t.selectAll}
                          checked={selected.size === items.length}
                          onChange={(e) => setSelected(e.currentTarget.checked ? new Set(items.map((x) => x.id)) : new Set())}
                        />
                      </th>
                      <th scope="col">{t.colCode}</th>
                      <th scope="col">{t.colSubject}</th>
                      <th scope="col">{t.colCitizen}</th>
                      <th scope="col">{t.colStatus}</th>
                      <th scope="col">{t.colChannel}</th>
                      <th scope="col">{t.colDue}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((r) => (
                      <tr key={r.id}>
                        <td>
                          <input
                            type="checkbox"
                            aria-label={t.selectRow(r.tracking_code)}
                            checked={selected.has(r.id)}
                            onChange={(e) => {
                              const copy = new Set(selected);
                              if (e.currentTarget.checked) copy.add(r.id);
                              else copy.delete(r.id);
                              setSelected(copy);
                            }}
                          />
                        </td>
                        <td>
                          <a href={requestHref(r.id)} onClick={followLink(navigate, { route: 'request', articleId: null, requestId: r.id })}>
                            {r.tracking_code}
                          </a>
                        </td>
                        <td>
                          <UrgentBadge request={r} category={categories.find((c) => c.id === r.category_id)} />{' '}
                          {r.subject}
                        </td>
                        <td>{r.citizen.name}</td>
                        <td>{r.status_label ?? r.status}</td>
                        <td>{t.channels[r.channel] ?? r.channel}</td>
                        <td>
                          <DeadlineBadge request={r} timeZone={session.tenant.timezone} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {/* After the list: the requests are chosen first, then what to do with them; on a
                  phone the list then starts on the first screen. */}
              <BulkActions
                selected={items.filter((r) => selected.has(r.id))}
                categories={categories}
                services={services}
                onDone={(updated) => {
                  for (const r of updated) replaceRow(r);
                }}
              />
            </>
          )}
          {more && (
            <Button variant="secondary" onClick={() => void loadMore()}>
              {t.more}
            </Button>
          )}
        </>
      )}
    </>
  );
}

interface BulkProps {
  // The chosen requests, at the version the list shows (sent with each change).
  selected: RequestRef[];
  categories: Category[];
  services: Service[];
  onDone: (updated: RequestSummary[]) => void;
}

function BulkActions({ selected, categories, services, onDone }: BulkProps) {
  const [status, setStatus] = useState('');
  const [service, setService] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const statuses = (() => {
    const seen = new Map<string, string>();
    for (const c of categories) for (const s of c.workflow.statuses) if (!seen.has(s.key)) seen.set(s.key, s.internal_label);
    return [...seen.entries()];
  })();
  const run = async (action: (r: RequestRef) => Promise<RequestSummary>) => {
    if (selected.length === 0) {
      setMessage({ title: t.bulkNone });
      return;
    }
    setBusy(true);
    const updated: RequestSummary[] = [];
    let failed = 0;
    let stale = 0;
    for (const r of selected) {
      try {
        updated.push(await action(r));
      } catch (e) {
        failed += 1;
        if (isVersionConflict(e)) stale += 1;
      }
    }
    onDone(updated);
    setBusy(false);
    setMessage({ title: t.bulkDone(selected.length, failed), detail: stale > 0 ? t.bulkStale(stale) : undefined });
  };
  return (
    <fieldset class="bulk-actions">
      <legend>{t.bulkLegend(selected.length)}</legend>
      <div class="bulk-actions__row">
        <Button variant="secondary" disabled={busy} onClick={() => void run((r) => requestsApi.assignMe(r))}>
          {t.bulkAssign}
        </Button>
      </div>
      <div class="bulk-actions__row">
        <label class="inline-field">
          <span class="field__label">{t.bulkStatusLabel}</span>
          <select class="field__input" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">{strings.requestForm.choose}</option>
            {statuses.map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary" disabled={busy || status === ''} onClick={() => void run((r) => requestsApi.status(r, status, ''))}>
          {t.bulkStatusApply}
        </Button>
      </div>
      <div class="bulk-actions__row">
        <label class="inline-field">
          <span class="field__label">{t.bulkTransferLabel}</span>
          <select class="field__input" value={service} onChange={(e) => setService(e.currentTarget.value)}>
            <option value="">{strings.requestForm.choose}</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label class="inline-field">
          <span class="field__label">{t.bulkTransferReasonLabel}</span>
          <input class="field__input" type="text" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        <Button variant="secondary" disabled={busy || service === '' || reason.trim() === ''} onClick={() => void run((r) => requestsApi.transfer(r, service, reason.trim()))}>
          {t.bulkTransferApply}
        </Button>
      </div>
      <StatusRegion message={message} />
    </fieldset>
  );
}
