import type { Session } from '../../ui/api';
import { AlertRegion, type Message } from '../../ui/alert';
import { SiteFooter } from '../../ui/site_footer';
import { MAIN_ID } from '../../ui/skip_link';
import { strings } from '../../ui/strings';
import { ArticleView } from '../knowledge/article_view';
import { ArticlesView } from '../knowledge/articles_view';
import { CalendarView } from '../calendar/calendar_view';
import { ConsoleHeader } from './console_header';
import { ConsoleNav } from './console_nav';
import { ReceptionView } from '../requests/reception_view';
import { RequestView } from '../requests/request_view';
import { RequestsInbox } from '../requests/requests_inbox';
import { LearningView } from '../settings/learning_view';
import { MapSettingsView } from '../settings/map_settings_view';
import { RequestsSettingsView } from '../settings/requests_settings_view';
import { useRoute } from './router';
import { usePresence } from './use_presence';
import { UserMenu } from './user_menu';
import { DashboardView, NotFoundView, PresenceView } from './views';

interface SignedInShellProps {
  session: Session;
  logoutError: Message | null;
  onLogout: () => void;
  // Resolves false when the session turns out to be over (the shell is then unmounted).
  checkSession: () => Promise<boolean>;
}

// The console once signed in: header with the user menu, navigation, the current view. Mounting it
// opens the WebSocket; unmounting it (logout, expired session) closes it.
export function SignedInShell({ session, logoutError, onLogout, checkSession }: SignedInShellProps) {
  const [current, navigate] = useRoute();
  const route = current.route;
  const presence = usePresence(checkSession);
  const viewProps = { session, presence };
  return (
    <>
      <ConsoleHeader tenant={session.tenant}>
        <UserMenu agent={session.agent} onLogout={onLogout} />
      </ConsoleHeader>
      <ConsoleNav current={route} permissions={session.permissions} onNavigate={navigate} />
      <main id={MAIN_ID} tabIndex={-1}>
        <div class="container">
          <div role="status" class="connection-status">
            {presence.status === 'lost' && <p class="connection-status__text">{strings.console.presence.connectionLost}</p>}
          </div>
          <AlertRegion message={logoutError} />
          {route === 'dashboard' && <DashboardView {...viewProps} navigate={navigate} />}
          {route === 'presence' && <PresenceView {...viewProps} />}
          {route === 'calendar' && <CalendarView session={session} />}
          {route === 'articles' && <ArticlesView session={session} navigate={navigate} />}
          {route === 'article' && (
            <ArticleView key={current.articleId ?? 'new'} session={session} navigate={navigate} articleId={current.articleId} />
          )}
          {route === 'requests' && <RequestsInbox session={session} navigate={navigate} />}
          {route === 'request' && <RequestView key={current.requestId} session={session} navigate={navigate} requestId={current.requestId ?? ''} />}
          {route === 'reception' && <ReceptionView session={session} navigate={navigate} />}
          {route === 'requestsSettings' &&
            (session.permissions.includes('requests.manage') ? <RequestsSettingsView session={session} /> : <NotFoundView session={session} onNavigate={navigate} />)}
          {route === 'learning' &&
            (session.permissions.includes('knowledge.manage') ? <LearningView session={session} /> : <NotFoundView session={session} onNavigate={navigate} />)}
          {route === 'mapSettings' &&
            (session.permissions.includes('knowledge.manage') ? <MapSettingsView session={session} /> : <NotFoundView session={session} onNavigate={navigate} />)}
          {route === 'not-found' && <NotFoundView session={session} onNavigate={navigate} />}
        </div>
      </main>
      <SiteFooter tenant={session.tenant} />
    </>
  );
}
