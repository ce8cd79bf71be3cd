import type { ComponentChildren } from 'preact';
import { ApiError } from './api';
import { strings } from './strings';

export interface Message {
  title: string;
  detail?: string | undefined;
}

// Turns anything thrown by the API client (or elsewhere) into a message for people.
export function messageFromError(error: unknown): Message {
  if (error instanceof ApiError) {
    return { title: error.problem.title, detail: error.problem.detail };
  }
  return { title: strings.common.unexpectedErrorTitle };
}

// The server's reason for a refusal, in French (the problem's detail: « Le champ « Acte
// demandé » est obligatoire. »), else its title. The title alone (« Requête invalide ») says
// nothing a person can act on: show this under one's own title instead.
export function reasonFromError(error: unknown): string {
  const message = messageFromError(error);
  return message.detail !== undefined && message.detail !== '' ? message.detail : message.title;
}

interface RegionProps {
  message: Message | null;
  class?: string;
}

interface AlertRegionProps extends RegionProps {
  // Controls that resolve the error (e.g. a reload button), shown with the message.
  actions?: ComponentChildren;
}

function MessageBody({ message }: { message: Message }) {
  return (
    <>
      <p class="message__title">{message.title}</p>
      {message.detail !== undefined && message.detail !== '' && <p class="message__detail">{message.detail}</p>}
    </>
  );
}

// An assertive live region for errors. The region stays in the document even when empty, so that
// screen readers announce the message as soon as it is filled in.
export function AlertRegion({ message, class: extra, actions }: AlertRegionProps) {
  return (
    <div role="alert" class={['alert-region', extra].filter(Boolean).join(' ')}>
      {message !== null && (
        <div class="message message--error">
          <MessageBody message={message} />
          {actions !== undefined && <div class="message__actions">{actions}</div>}
        </div>
      )}
    </div>
  );
}

// A polite live region for information that should not interrupt (role="status").
export function StatusRegion({ message, class: extra }: RegionProps) {
  return (
    <div role="status" class={['status-region', extra].filter(Boolean).join(' ')}>
      {message !== null && (
        <div class="message message--info">
          <MessageBody message={message} />
        </div>
      )}
    </div>
  );
}

// Text kept for assistive technologies only.
export function VisuallyHidden({ children }: { children: ComponentChildren }) {
  return <span class="visually-hidden">{children}</span>;
}
