import { strings } from './strings';

// The id of every page's <main>, target of the skip link.
export const MAIN_ID = 'contenu';

// First focusable element of every page: jumps over the header and navigation to the content.
export function SkipLink() {
  return (
    <a class="skip-link" href={`#${MAIN_ID}`}>
      {strings.common.skipLink}
    </a>
  );
}
