import type { ComponentChildren } from 'preact';
import type { Tenant } from '../ui/api';
import { withTenant } from '../ui/api';
import { SkipLink } from '../ui/skip_link';
import { TenantBrand } from '../ui/tenant_brand';

interface PortalHeaderProps {
  tenant: Tenant | null;
  children?: ComponentChildren;
}

// Banner of the public pages: skip link, the tenant's brand (a link home) and optional actions.
export function PortalHeader({ tenant, children }: PortalHeaderProps) {
  return (
    <header class="site-header">
      <SkipLink />
      <div class="container site-header__inner">
        <TenantBrand tenant={tenant} href={withTenant('/')} />
        {children}
      </div>
    </header>
  );
}
