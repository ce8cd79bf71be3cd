import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, withTenant, type Session } from '../../ui/api';
import { AlertRegion, messageFromError, StatusRegion, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { useHeadingFocus } from '../../ui/focus';
import { SiteFooter } from '../../ui/site_footer';
import { MAIN_ID } from '../../ui/skip_link';
import { documentTitle, strings } from '../../ui/strings';
import { TextField } from '../../ui/text_field';
import { useTenant } from '../../ui/use_tenant';
import { ConsoleHeader } from './console_header';

const t = strings.console.login;

interface LoginViewProps {
  // Information to show above the form (e.g. "you are logged out").
  notice: Message | null;
  // An error met before the form was shown (e.g. the session check failed).
  initialError: Message | null;
  onSignedIn: (session: Session) => void;
}

function loginErrorMessage(error: unknown): Message {
  if (error instanceof ApiError && error.status === 429) {
    return { title: error.problem.title, detail: t.throttled(error.retryAfter) };
  }
  const message = messageFromError(error);
  return message.title === '' ? { title: t.failedTitle, detail: message.detail } : message;
}

export function LoginView({ notice, initialError, onSignedIn }: LoginViewProps) {
  const { tenant } = useTenant();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<Message | null>(initialError);
  const heading = useHeadingFocus<HTMLHeadingElement>();

  useEffect(() => {
    document.title = documentTitle(t.documentTitle, strings.console.areaName, tenant?.name);
  }, [tenant]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const session = await api.login(email.trim(), password);
      onSignedIn(session);
    } catch (caught) {
      setError(loginErrorMessage(caught));
      setPending(false);
    }
  };

  return (
    <>
      <ConsoleHeader tenant={tenant} />
      <main id={MAIN_ID} tabIndex={-1}>
        <div class="container">
          <h1 ref={heading} tabIndex={-1}>
            {t.heading}
          </h1>
          <StatusRegion message={notice} />
          <p>{t.intro}</p>
          <AlertRegion message={error} />
          <form class="form" method="post" onSubmit={submit}>
            <TextField
              label={t.emailLabel}
              hint={t.emailHint}
              type="email"
              name="email"
              autocomplete="username"
              spellcheck={false}
              required
              value={email}
              onValue={setEmail}
            />
            <TextField
              label={t.passwordLabel}
              type="password"
              name="password"
              autocomplete="current-password"
              required
              value={password}
              onValue={setPassword}
            />
            <div class="form__actions">
              <Button type="submit" aria-disabled={pending ? 'true' : undefined}>
                {t.submit}
              </Button>
            </div>
            <div role="status" class="visually-hidden">
              {pending && t.pending}
            </div>
          </form>
        </div>
      </main>
      <SiteFooter tenant={tenant}>
        <li>
          <a href={withTenant('/')}>{t.portalLink}</a>
        </li>
      </SiteFooter>
    </>
  );
}
