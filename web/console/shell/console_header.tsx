import type { ComponentChildren } from 'preact';
import type { Tenant } from '../../ui/api';
import { SkipLink } from '../../ui/skip_link';
import { strings } from '../../ui/strings';
import { TenantBrand } from '../../ui/tenant_brand';

// Banner of every console screen: skip link, tenant brand and, once signed in, the user menu.
export function ConsoleHeader({ tenant, children }: { tenant: Tenant | null; children?: ComponentChildren }) {
  return (
    <header class="site-header">
      <SkipLink />
      <div class="container site-header__inner">
        <TenantBrand tenant={tenant} subtitle={strings.console.areaName} />
        {children}
      </div>
    </header>
  );
}
