import type { Session } from '../../ui/api';
import { useHeadingFocus } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { AnswerPanel } from '../knowledge/answer_panel';
import { PresencePanel } from './presence_panel';
import { hrefFor, isPlainClick, type Navigate, type NavRoute } from './router';
import { useDocumentTitle } from './use_document_title';
import type { PresenceState } from './use_presence';

interface ViewProps {
  session: Session;
  presence: PresenceState;
}

export function DashboardView({ session, presence, navigate }: ViewProps & { navigate: Navigate }) {
  const t = strings.console.dashboard;
  useDocumentTitle(t.documentTitle, session);
  const heading = useHeadingFocus<HTMLHeadingElement>();
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t.heading}
      </h1>
      <p class="lead">{t.greeting(session.agent.display_name)}</p>
      <div class="dashboard-grid">
        <div class="dashboard-grid__side">
          <AnswerPanel session={session} navigate={navigate} />
        </div>
        <div class="dashboard-grid__main">
          <PresencePanel presence={presence} selfId={session.agent.id} timeZone={session.tenant.timezone} headingLevel={2} />
        </div>
      </div>
    </>
  );
}

export function PresenceView({ session, presence }: ViewProps) {
  useDocumentTitle(strings.console.presence.documentTitle, session);
  const heading = useHeadingFocus<HTMLHeadingElement>();
  return (
    <PresencePanel
      presence={presence}
      selfId={session.agent.id}
      timeZone={session.tenant.timezone}
      headingLevel={1}
      headingRef={heading}
    />
  );
}

export function NotFoundView({ session, onNavigate }: { session: Session; onNavigate: (route: NavRoute) => void }) {
  const t = strings.console.notFound;
  useDocumentTitle(t.documentTitle, session);
  const heading = useHeadingFocus<HTMLHeadingElement>();
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t.heading}
      </h1>
      <p>{t.body}</p>
      <p>
        <a
          href={hrefFor('dashboard')}
          onClick={(event) => {
            if (!isPlainClick(event)) return;
            event.preventDefault();
            onNavigate('dashboard');
          }}
        >
          {t.back}
        </a>
      </p>
    </>
  );
}
