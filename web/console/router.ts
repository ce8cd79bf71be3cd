import { useEffect, useState } from 'preact/hooks';
import { withTenant } from '../ui/api';
import { requestHeadingFocus } from '../ui/focus';

// The console's views and their addresses. The server answers every /console/* address with the
// console's page, so these are real, bookmarkable URLs.
export type Route = 'dashboard' | 'presence' | 'calendar' | 'not-found';

const PATHS = {
  dashboard: '/console',
  presence: '/console/agents-en-ligne',
  calendar: '/console/calendrier',
} as const satisfies Record<Exclude<Route, 'not-found'>, string>;

export function routeFromPath(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === PATHS.dashboard) return 'dashboard';
  if (path === PATHS.presence) return 'presence';
  if (path === PATHS.calendar) return 'calendar';
  return 'not-found';
}

export function hrefFor(route: Exclude<Route, 'not-found'>): string {
  return withTenant(PATHS[route]);
}

// Follows the address bar; navigate() changes view without reloading the page.
export function useRoute(): [Route, (route: Exclude<Route, 'not-found'>) => void] {
  const [route, setRoute] = useState<Route>(() => routeFromPath(window.location.pathname));
  useEffect(() => {
    const onPopState = () => {
      requestHeadingFocus();
      setRoute(routeFromPath(window.location.pathname));
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
  const navigate = (next: Exclude<Route, 'not-found'>) => {
    const href = hrefFor(next);
    if (`${window.location.pathname}${window.location.search}` !== href) window.history.pushState(null, '', href);
    requestHeadingFocus();
    setRoute(next);
  };
  return [route, navigate];
}

// True for a plain left click, the only kind a client-side link should take over: with a modifier
// key the person asks the browser for a new tab or window.
export function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}
