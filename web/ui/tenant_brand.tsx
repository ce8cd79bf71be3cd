import type { Tenant } from './api';
import { strings } from './strings';

interface TenantBrandProps {
  tenant: Tenant | null;
  // Where the brand links to; the brand is plain text when absent.
  href?: string;
  // A second line under the name, e.g. "Espace agents".
  subtitle?: string;
}

// The tenant's logo (when it has one) and name, shown at the start of every page header. The logo
// is decorative: the name next to it already says whose site this is.
export function TenantBrand({ tenant, href, subtitle }: TenantBrandProps) {
  const name = tenant?.name ?? strings.product.name;
  const content = (
    <>
      {tenant !== null && tenant.logo_url !== null && (
        <img class="brand__logo" src={tenant.logo_url} alt="" />
      )}
      <span class="brand__text">
        <span class="brand__name">{name}</span>
        {subtitle !== undefined && <span class="brand__subtitle">{subtitle}</span>}
      </span>
    </>
  );
  return href !== undefined ? (
    <a class="brand" href={href}>
      {content}
    </a>
  ) : (
    <p class="brand">{content}</p>
  );
}
