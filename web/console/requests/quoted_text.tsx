// A message's text in the agent's view, its quoted earlier messages folded in a disclosure
// (« Afficher le texte cité ») so that a thread of replies does not repeat itself on the page.
import { strings } from '../../ui/strings';
import { splitQuoted } from './quoted_split';

export function MessageText({ text, foldQuotes }: { text: string; foldQuotes: boolean }) {
  const { own, quoted } = foldQuotes ? splitQuoted(text) : { own: text, quoted: '' };
  return (
    <>
      <p class="pre-wrap timeline__text">{own}</p>
      {quoted !== '' && (
        <details class="quoted-text">
          <summary>{strings.console.requests.showQuoted}</summary>
          <p class="pre-wrap timeline__text quoted-text__body">{quoted}</p>
        </details>
      )}
    </>
  );
}
