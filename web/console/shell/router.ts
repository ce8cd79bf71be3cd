import { useEffect, useState } from 'preact/hooks';
import { withTenant } from '../../ui/api';
import { requestHeadingFocus } from '../../ui/focus';

// The console's views and their addresses. The server answers every /console/* address with the
// console's page, so these are real, bookmarkable URLs.
export type Route = 'dashboard' | 'presence' | 'calendar' | 'articles' | 'article' | 'requests' | 'request' | 'reception' | 'requestsSettings' | 'mapSettings' | 'learning' | 'not-found';

// The views reached from the main navigation, each at a fixed address.
export type NavRoute = 'dashboard' | 'presence' | 'calendar' | 'articles' | 'requests' | 'reception' | 'requestsSettings' | 'mapSettings' | 'learning';

// Where the console is: a view, and for 'article' the article's id (null: a new article), for
// 'request' the request's id.
export interface Location {
  route: Route;
  articleId: string | null;
  requestId?: string;
}

const PATHS = {
  dashboard: '/console',
  presence: '/console/agents-en-ligne',
  calendar: '/console/calendrier',
  articles: '/console/articles',
  requests: '/console/demandes',
  reception: '/console/accueil',
  requestsSettings: '/console/parametres-demandes',
  mapSettings: '/console/carte',
  learning: '/console/apprentissage',
} as const satisfies Record<NavRoute, string>;

const NEW_ARTICLE = 'new';

export function locationFromPath(pathname: string): Location {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (const [route, fixed] of Object.entries(PATHS)) {
    if (path === fixed) return { route: route as NavRoute, articleId: null };
  }
  const requestPrefix = `${PATHS.requests}/`;
  if (path.startsWith(requestPrefix)) {
    const rest = path.slice(requestPrefix.length);
    if (rest !== '' && !rest.includes('/')) {
      try {
        return { route: 'request', articleId: null, requestId: decodeURIComponent(rest) };
      } catch {
        return { route: 'not-found', articleId: null };
      }
    }
  }
  const prefix = `${PATHS.articles}/`;
  if (path.startsWith(prefix)) {
    const rest = path.slice(prefix.length);
    if (rest !== '' && !rest.includes('/')) {
      let id: string;
      try {
        id = decodeURIComponent(rest);
      } catch {
        return { route: 'not-found', articleId: null };
      }
      return { route: 'article', articleId: id === NEW_ARTICLE ? null : id };
    }
  }
  return { route: 'not-found', articleId: null };
}

export function routeFromPath(pathname: string): Route {
  return locationFromPath(pathname).route;
}

export function hrefFor(route: NavRoute): string {
  return withTenant(PATHS[route]);
}

// The address of an article's page; null gives the page of a new article.
export function articleHref(id: string | null): string {
  return withTenant(`${PATHS.articles}/${id === null ? NEW_ARTICLE : encodeURIComponent(id)}`);
}

// The address of a request's page.
export function requestHref(id: string): string {
  return withTenant(`${PATHS.requests}/${encodeURIComponent(id)}`);
}

function hrefOf(location: Location): string {
  if (location.route === 'request') return requestHref(location.requestId ?? '');
  return location.route === 'article' ? articleHref(location.articleId) : hrefFor(location.route as NavRoute);
}

export type Navigate = (to: NavRoute | Location, options?: { replace?: boolean }) => void;

// Follows the address bar; navigate() changes view without reloading the page.
export function useRoute(): [Location, Navigate] {
  const [location, setLocation] = useState<Location>(() => locationFromPath(window.location.pathname));
  useEffect(() => {
    const onPopState = () => {
      requestHeadingFocus();
      setLocation(locationFromPath(window.location.pathname));
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
  const navigate: Navigate = (to, options = {}) => {
    const next: Location = typeof to === 'string' ? { route: to, articleId: null } : to;
    const href = hrefOf(next);
    if (`${window.location.pathname}${window.location.search}` !== href) {
      if (options.replace === true) window.history.replaceState(null, '', href);
      else window.history.pushState(null, '', href);
    }
    requestHeadingFocus();
    setLocation(next);
  };
  return [location, navigate];
}

// True for a plain left click, the only kind a client-side link should take over: with a modifier
// key the person asks the browser for a new tab or window.
export function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

// Click handler for a link the client-side router takes over.
export function followLink(navigate: Navigate, to: NavRoute | Location) {
  return (event: MouseEvent) => {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    navigate(to);
  };
}
