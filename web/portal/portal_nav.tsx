import { withTenant } from '../ui/api';
import { strings } from '../ui/strings';

const t = strings.portalNav;

// The portal's sections; the page a visitor is on names its own (or none, e.g. the 404 page).
export type PortalSection = 'home' | 'places' | 'agenda' | 'request' | 'follow';

const ITEMS: Array<{ section: PortalSection; href: string; label: string }> = [
  { section: 'home', href: '/', label: t.home },
  { section: 'places', href: '/lieux', label: t.places },
  { section: 'agenda', href: '/agenda', label: t.agenda },
  { section: 'request', href: '/demande', label: t.request },
  { section: 'follow', href: '/suivi', label: t.follow },
];

interface PortalNavProps {
  current: PortalSection | null;
  // True on the section's own page, false on a page within it (a place of the list).
  exact: boolean;
}

// Main navigation between the public pages, with the current one marked for assistive
// technologies (aria-current) and visibly (an underline, not colour alone).
export function PortalNav({ current, exact }: PortalNavProps) {
  return (
    <nav class="portal-nav" aria-label={t.label}>
      <div class="container">
        <ul class="portal-nav__list">
          {ITEMS.map((item) => (
            <li key={item.section}>
              <a
                class="portal-nav__link"
                href={withTenant(item.href)}
                aria-current={item.section === current ? (exact ? 'page' : 'true') : undefined}
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
