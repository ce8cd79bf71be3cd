// The « Courriels automatiques » of a mailbox (auto-replies, bounces, lists): kept out of the
// requests by the intake, shown to administrators on demand. Loaded when the disclosure opens.
import { useState } from 'preact/hooks';
import { AlertRegion, messageFromError, type Message } from '../../ui/alert';
import { strings } from '../../ui/strings';
import { formatDateTime } from '../knowledge/knowledge_format';
import { mailboxesApi, type AutomaticMail, type Mailbox } from './mailboxes_api';
import { requestHref } from '../shell/router';

const tb = strings.console.requestsSettings.mailboxes;

export function MailboxAutomaticMails({ mailbox, timeZone }: { mailbox: Mailbox; timeZone: string | undefined }) {
  const [items, setItems] = useState<AutomaticMail[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<Message | null>(null);

  const load = async () => {
    try {
      const page = await mailboxesApi.automatic(mailbox.id);
      setItems(page.items);
      setTotal(page.total);
      setError(null);
    } catch (e) {
      setError(messageFromError(e));
    }
  };

  return (
    <details
      class="mailbox-automatic"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) void load();
      }}
    >
      <summary>{tb.automaticShow(mailbox.from_address, mailbox.messages_automatic)}</summary>
      <p class="muted">{tb.automaticIntro}</p>
      <AlertRegion message={error} />
      {items !== null && items.length === 0 && <p>{tb.automaticNone}</p>}
      {items !== null && items.length > 0 && (
        <ul class="mailbox-automatic__list" aria-label={tb.automaticListLabel(mailbox.from_address)}>
          {items.map((a) => (
            <li key={a.id}>
              <p>
                <strong>{a.subject}</strong>
              </p>
              <p class="muted">
                {tb.automaticFrom(a.from.name ? `${a.from.name} <${a.from.address}>` : a.from.address || '—')} ·{' '}
                {tb.automaticReceived(formatDateTime(a.received_at, timeZone))}
              </p>
              <p class="muted">{tb.automaticReason(a.reason)}</p>
              {a.request_id !== null && (
                <p>
                  <a href={requestHref(a.request_id)}>{tb.automaticRequest}</a>
                </p>
              )}
              {a.body !== '' && (
                <details>
                  <summary>{tb.automaticBody}</summary>
                  <pre class="mailbox-automatic__body">{a.body}</pre>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
      {items !== null && total > items.length && <p class="muted">{tb.automaticMore(items.length, total)}</p>}
    </details>
  );
}
