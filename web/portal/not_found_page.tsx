import { useEffect } from 'preact/hooks';
import { withTenant } from '../ui/api';
import { SiteFooter } from '../ui/site_footer';
import { MAIN_ID } from '../ui/skip_link';
import { documentTitle, strings } from '../ui/strings';
import { useTenant } from '../ui/use_tenant';
import { PortalHeader } from './portal_header';

const t = strings.notFoundPage;

// The site's 404 page (dist/404.html), which the server sends for addresses it does not know.
export function NotFoundPage() {
  const { tenant } = useTenant();

  useEffect(() => {
    document.title = documentTitle(t.documentTitle, tenant?.name ?? strings.product.name);
  }, [tenant]);

  return (
    <>
      <PortalHeader tenant={tenant} />
      <main id={MAIN_ID} tabIndex={-1}>
        <div class="container">
          <h1>{t.heading}</h1>
          <p>{t.body}</p>
          <p>
            <a href={withTenant('/')}>{t.home}</a>
          </p>
        </div>
      </main>
      <SiteFooter tenant={tenant} />
    </>
  );
}
