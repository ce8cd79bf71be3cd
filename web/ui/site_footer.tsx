import type { ComponentChildren } from 'preact';
import type { Tenant } from './api';
import { withTenant } from './api';
import { strings } from './strings';

interface SiteFooterProps {
  tenant: Tenant | null;
  children?: ComponentChildren;
}

// Page footer (contentinfo landmark) with the mandatory accessibility status link.
export function SiteFooter({ tenant, children }: SiteFooterProps) {
  return (
    <footer class="site-footer">
      <div class="container site-footer__inner">
        {tenant !== null && <p class="site-footer__tenant">{tenant.name}</p>}
        <ul class="site-footer__links" aria-label={strings.common.footerLabel}>
          {children}
          <li>
            <a href={withTenant('/accessibilite')}>{strings.common.accessibilityStatus}</a>
          </li>
        </ul>
        <p class="site-footer__product">{strings.product.poweredBy}</p>
      </div>
    </footer>
  );
}
