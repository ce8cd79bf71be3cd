import { useState } from 'preact/hooks';
import { strings } from '../../ui/strings';
import { hrefFor, isPlainClick, type NavRoute, type Route } from './router';

const t = strings.console.nav;

const ITEMS: Array<{ route: NavRoute; label: string; permission?: string }> = [
  { route: 'dashboard', label: t.dashboard },
  { route: 'presence', label: t.presence },
  { route: 'calendar', label: t.calendar },
  { route: 'articles', label: strings.console.articles.navLabel },
  { route: 'requests', label: strings.console.requests.navLabel },
  { route: 'reception', label: strings.console.requests.receptionNavLabel },
  { route: 'requestsSettings', label: strings.console.requestsSettings.navLabel, permission: 'requests.manage' },
  { route: 'mapSettings', label: t.mapSettings, permission: 'knowledge.manage' },
  { route: 'learning', label: strings.console.learning.navLabel, permission: 'knowledge.manage' },
];

interface ConsoleNavProps {
  current: Route;
  // What the agent may do: items that need another permission are left out.
  permissions: string[];
  onNavigate: (route: NavRoute) => void;
}

// An article's page belongs to the knowledge base section.
function isWithin(current: Route, item: NavRoute): boolean {
  return (current === 'article' && item === 'articles') || (current === 'request' && item === 'requests');
}

// Main navigation of the console: real links (they work when opened in a new tab), taken over by
// the client-side router on a plain click. On a phone the list is folded behind a « Menu » button
// (ui/theme.css), so that the page's content starts on the first screen; it folds again once a
// link is followed.
export function ConsoleNav({ current, permissions, onNavigate }: ConsoleNavProps) {
  const [open, setOpen] = useState(false);
  return (
    <nav class="console-nav" aria-label={t.label}>
      <div class="container">
        <button type="button" class="button button--quiet console-nav__toggle" aria-expanded={open} aria-controls="console-nav-list" onClick={() => setOpen(!open)}>
          {t.menu}
        </button>
        <ul id="console-nav-list" class={open ? 'console-nav__list console-nav__list--open' : 'console-nav__list'}>
          {ITEMS.filter((item) => item.permission === undefined || permissions.includes(item.permission)).map((item) => (
            <li key={item.route}>
              <a
                class="console-nav__link"
                href={hrefFor(item.route)}
                aria-current={item.route === current ? 'page' : isWithin(current, item.route) ? 'true' : undefined}
                onClick={(event) => {
                  if (!isPlainClick(event)) return;
                  event.preventDefault();
                  setOpen(false);
                  onNavigate(item.route);
                }}
              >
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}
