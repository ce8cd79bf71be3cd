import type { ComponentChildren, VNode } from 'preact';
import { useEffect } from 'preact/hooks';
import { withTenant } from '../ui/api';
import { AlertRegion } from '../ui/alert';
import { SiteFooter } from '../ui/site_footer';
import { MAIN_ID } from '../ui/skip_link';
import { documentTitle, strings } from '../ui/strings';
import { useTenant, type TenantState } from '../ui/use_tenant';
import { PortalHeader } from './portal_header';
import { PortalNav, type PortalSection } from './portal_nav';
import './portal.css';

interface PortalPageProps {
  // The page's own part of the document title ("Accueil", "Déclaration d'accessibilité"…).
  title: string;
  // Links shown in the banner: [href without tenant, label].
  actions?: Array<[string, string]>;
  // The section of the portal navigation this page belongs to; `exact` when it is its main page.
  section?: PortalSection | null;
  exact?: boolean;
  children: (state: TenantState) => ComponentChildren;
}

// The frame of every public page: the tenant is loaded once, the document title follows it, and
// the banner, main landmark and footer are the same everywhere.
export function PortalPage({ title, actions = [], section = null, exact = true, children }: PortalPageProps) {
  const state = useTenant();
  const { tenant } = state;

  useEffect(() => {
    document.title = documentTitle(title, tenant?.name ?? strings.product.name);
  }, [tenant, title]);

  return (
    <>
      <PortalHeader tenant={tenant}>
        {actions.length > 0 && (
          <ul class="site-header__actions">
            {actions.map(([href, label]) => (
              <li key={href}>
                <a href={withTenant(href)}>{label}</a>
              </li>
            ))}
          </ul>
        )}
      </PortalHeader>
      <PortalNav current={section} exact={exact} />
      <main id={MAIN_ID} tabIndex={-1}>
        <div class="container">{children(state)}</div>
      </main>
      <SiteFooter tenant={tenant} />
    </>
  );
}

// The alert shown when the tenant could not be loaded.
export function TenantAlert({ error }: Pick<TenantState, 'error'>): VNode {
  return (
    <AlertRegion
      message={error !== null ? { title: strings.common.tenantErrorTitle, detail: error.detail } : null}
    />
  );
}
