// « Apprentissage » (/console/apprentissage, knowledge.manage): what the search learned from
// citizens' « Cette réponse vous a-t-elle aidé ? » and agents' « Cet article a répondu », per
// question and article, with the lift each signal gives; one signal or all can be reset after a
// confirmation (GET and DELETE /api/v1/kb/feedback). A reset forgets derived data only, hence
// no If-Match (docs/security.md).
import { useEffect, useState } from 'preact/hooks';
import { AlertRegion, messageFromError, StatusRegion, type Message } from '../../ui/alert';
import { apiRequest, type Session } from '../../ui/api';
import { Button } from '../../ui/button';
import { useFocusAfterRender, useHeadingFocus } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { useDocumentTitle } from '../shell/use_document_title';
import './learning.css';

const t = strings.console.learning;

interface Signal {
  id: string;
  query_key: string;
  question: string;
  article_id: string;
  article_title: string;
  yes: number;
  no: number;
  votes: number;
  lift: number;
  updated_at: number;
}

interface Page {
  items: Signal[];
  next: string | null;
  max_lift: number;
  half_life_days: number;
}

// What is waiting for a confirmation: one signal, or all of them.
type Pending = { kind: 'one'; signal: Signal } | { kind: 'all' } | null;

const CONFIRM_ID = 'apprentissage-confirmer';

export function LearningView({ session }: { session: Session }) {
  useDocumentTitle(t.documentTitle, session);
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const focusAfterRender = useFocusAfterRender();
  const [items, setItems] = useState<Signal[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [settings, setSettings] = useState<{ maxLift: number; halfLife: number } | null>(null);
  const [error, setError] = useState<Message | null>(null);
  const [status, setStatus] = useState<Message | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);

  const load = async (after: string | null) => {
    const page = await apiRequest<Page>('GET', `/kb/feedback?limit=50${after !== null ? `&after=${encodeURIComponent(after)}` : ''}`);
    setItems((current) => (after === null || current === null ? page.items : [...current, ...page.items]));
    setNext(page.next);
    setSettings({ maxLift: page.max_lift, halfLife: page.half_life_days });
  };

  useEffect(() => {
    load(null).catch(() => setError({ title: t.loadFailed }));
  }, []);

  const ask = (what: Pending) => {
    setStatus(null);
    setPending(what);
    focusAfterRender(CONFIRM_ID);
  };

  const confirm = async () => {
    if (pending === null) return;
    setBusy(true);
    setError(null);
    try {
      if (pending.kind === 'one') {
        await apiRequest<void>('DELETE', `/kb/feedback/${encodeURIComponent(pending.signal.id)}`);
        setStatus({ title: t.resetDone });
      } else {
        const r = await apiRequest<{ removed: number }>('DELETE', '/kb/feedback');
        setStatus({ title: t.resetAllDone(r.removed) });
      }
      setPending(null);
      await load(null);
      heading.current?.focus();
    } catch (failure) {
      const message = messageFromError(failure);
      setError({ title: t.resetFailed, detail: message.detail ?? message.title });
    } finally {
      setBusy(false);
    }
  };

  const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: session.tenant.timezone });

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t.heading}
      </h1>
      <p class="lead">
        {t.intro} {settings !== null ? t.halfLife(settings.halfLife) : ''}
      </p>
      {settings !== null && <p>{t.capNote(settings.maxLift)}</p>}
      <AlertRegion message={error} />
      <StatusRegion message={status} />
      {pending !== null && (
        <div class="message message--warning learning-confirm" role="group" aria-labelledby={`${CONFIRM_ID}-texte`}>
          <p class="message__title" id={`${CONFIRM_ID}-texte`}>
            {pending.kind === 'one' ? t.confirmOne(pending.signal.question) : t.confirmAll}
          </p>
          <div class="learning-confirm__actions">
            <Button id={CONFIRM_ID} onClick={() => void confirm()} aria-disabled={busy ? 'true' : undefined}>
              {t.confirm}
            </Button>
            <Button variant="secondary" onClick={() => setPending(null)}>
              {t.cancel}
            </Button>
          </div>
        </div>
      )}
      {items === null && error === null && <p>{t.loading}</p>}
      {items !== null && items.length === 0 && <p>{t.empty}</p>}
      {items !== null && items.length > 0 && (
        <>
          <div class="table-scroll learning-table" role="region" aria-labelledby="apprentissage-legende" tabIndex={0}>
            <table class="settings-table">
              <caption id="apprentissage-legende">{t.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.question}</th>
                  <th scope="col">{t.article}</th>
                  <th scope="col">{t.yes}</th>
                  <th scope="col">{t.no}</th>
                  <th scope="col">{t.votes}</th>
                  <th scope="col">{t.lift}</th>
                  <th scope="col">{t.lastVote}</th>
                  <th scope="col">{t.actions}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">{s.question}</th>
                    <td>{s.article_title !== '' ? s.article_title : t.untitled}</td>
                    <td class="learning-table__number">{t.weight(s.yes)}</td>
                    <td class="learning-table__number">{t.weight(s.no)}</td>
                    <td class="learning-table__number">{s.votes}</td>
                    <td class="learning-table__number">
                      {t.liftValue(s.lift)} ({t.liftWord(s.lift)})
                    </td>
                    <td>
                      <time dateTime={new Date(s.updated_at).toISOString()}>{dateFormat.format(new Date(s.updated_at))}</time>
                    </td>
                    <td>
                      <Button variant="secondary" aria-label={t.resetLabel(s.question, s.article_title)} onClick={() => ask({ kind: 'one', signal: s })}>
                        {t.reset}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="learning-actions">
            {next !== null && (
              <Button variant="secondary" onClick={() => void load(next).catch(() => setError({ title: t.loadFailed }))}>
                {t.more}
              </Button>
            )}
            <Button variant="secondary" onClick={() => ask({ kind: 'all' })}>
              {t.resetAll}
            </Button>
          </div>
        </>
      )}
    </>
  );
}
