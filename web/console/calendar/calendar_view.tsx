import { useEffect, useState } from 'preact/hooks';
import { api, type Agent, type Session, type TenantCalendar, type Versioned } from '../../ui/api';
import { AlertRegion, messageFromError, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { useHeadingFocus } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { CalendarEditor } from './calendar_editor';
import { CalendarSummary } from './calendar_summary';
import { useDocumentTitle } from '../shell/use_document_title';

const t = strings.console.calendar;

type LoadState =
  | { kind: 'loading' }
  | { kind: 'failed'; error: Message }
  | { kind: 'loaded'; calendar: Versioned<TenantCalendar> };

// Changing the calendar is the tenant administrators' (the server checks it too).
export function canManageCalendar(agent: Agent): boolean {
  return agent.roles.some((role) => role === 'tenant_admin' || role === 'platform_admin');
}

// The "Calendrier" view: the tenant's holiday zones, business hours and exceptional closures, as a
// form for administrators and as a plain summary for every other agent.
export function CalendarView({ session }: { session: Session }) {
  useDocumentTitle(t.documentTitle, session);
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  const editable = canManageCalendar(session.agent);

  const load = (alive: () => boolean = () => true) => {
    setState({ kind: 'loading' });
    return api
      .calendar()
      .then((calendar) => {
        if (alive()) setState({ kind: 'loaded', calendar });
        return true;
      })
      .catch((error: unknown) => {
        if (alive()) setState({ kind: 'failed', error: { ...messageFromError(error), title: t.loadFailedTitle } });
        return false;
      });
  };

  useEffect(() => {
    let alive = true;
    void load(() => alive);
    return () => {
      alive = false;
    };
  }, []);

  // The retry button goes away with the error: focus goes back to the top of the view.
  const retry = async () => {
    if (await load()) heading.current?.focus();
  };

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t.heading}
      </h1>
      <p class="lead">{t.intro}</p>
      {editable ? (
        <p>{t.editIntro}</p>
      ) : (
        <div class="message message--info">
          <p>{t.readOnlyNotice}</p>
        </div>
      )}
      {state.kind === 'loading' && (
        <p class="muted" role="status">
          {t.loading}
        </p>
      )}
      <AlertRegion
        message={state.kind === 'failed' ? state.error : null}
        actions={
          <Button variant="secondary" onClick={() => void retry()}>
            {t.retry}
          </Button>
        }
      />
      {state.kind === 'loaded' &&
        (editable ? (
          <CalendarEditor
            initial={state.calendar}
            tenantSlug={session.tenant.slug}
            onReloaded={() => heading.current?.focus()}
          />
        ) : (
          <CalendarSummary calendar={state.calendar.value} tenantSlug={session.tenant.slug} />
        ))}
    </>
  );
}
