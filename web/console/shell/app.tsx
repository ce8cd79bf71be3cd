import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, setCsrfToken, type Session } from '../../ui/api';
import { messageFromError, reasonFromError, type Message } from '../../ui/alert';
import { requestHeadingFocus } from '../../ui/focus';
import { MAIN_ID } from '../../ui/skip_link';
import { strings } from '../../ui/strings';
import { ConsoleHeader } from './console_header';
import { LoginView } from './login_view';
import { SignedInShell } from './signed_in_shell';

type State =
  | { kind: 'checking' }
  | { kind: 'anonymous'; notice: Message | null; error: Message | null }
  | { kind: 'signed-in'; session: Session };

function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

// The agent console: asks the server whether a session exists, then shows either the login form
// or the signed-in console, and moves between the two.
export function ConsoleApp() {
  const [state, setState] = useState<State>({ kind: 'checking' });
  const [logoutError, setLogoutError] = useState<Message | null>(null);

  const signIn = (session: Session) => {
    setCsrfToken(session.csrf_token);
    setLogoutError(null);
    setState({ kind: 'signed-in', session });
  };

  const signOut = (notice: Message | null) => {
    setCsrfToken(null);
    setState({ kind: 'anonymous', notice, error: null });
  };

  useEffect(() => {
    api
      .sessionStatus()
      .then((status) => {
        if (status.session !== undefined) signIn(status.session);
        else signOut(null);
      })
      .catch((error: unknown) => {
        setCsrfToken(null);
        setState({ kind: 'anonymous', notice: null, error: messageFromError(error) });
      });
  }, []);

  const logout = async () => {
    try {
      await api.logout();
    } catch (error) {
      // A session that is already gone is as good as a successful logout.
      if (!isUnauthorized(error)) {
        setLogoutError({ title: strings.console.header.logoutFailed, detail: reasonFromError(error) });
        return;
      }
    }
    requestHeadingFocus();
    signOut({ title: strings.console.login.loggedOut });
  };

  // Before reconnecting the WebSocket, make sure the session still exists; if not, go back to
  // the login form with an explanation.
  const checkSession = async (): Promise<boolean> => {
    try {
      if ((await api.sessionStatus()).signed_in) return true;
    } catch {
      return true;
    }
    requestHeadingFocus();
    signOut({ title: strings.console.login.sessionExpired });
    return false;
  };

  switch (state.kind) {
    case 'checking':
      return (
        <>
          <ConsoleHeader tenant={null} />
          <main id={MAIN_ID} tabIndex={-1}>
            <div class="container">
              <p class="muted" role="status">
                {strings.console.loading}
              </p>
            </div>
          </main>
        </>
      );
    case 'anonymous':
      return (
        <LoginView
          notice={state.notice}
          initialError={state.error}
          onSignedIn={(session) => {
            requestHeadingFocus();
            signIn(session);
          }}
        />
      );
    case 'signed-in':
      return (
        <SignedInShell
          session={state.session}
          logoutError={logoutError}
          onLogout={() => void logout()}
          checkSession={checkSession}
        />
      );
  }
}
