import { withTenant } from '../ui/api';
import { strings } from '../ui/strings';
import { PortalPage } from './portal_page';

const t = strings.notFoundPage;

// The site's 404 page (dist/404.html), which the server sends for addresses it does not know.
export function NotFoundPage() {
  return (
    <PortalPage title={t.documentTitle}>
      {() => (
        <>
          <h1>{t.heading}</h1>
          <p>{t.body}</p>
          <p>
            <a href={withTenant('/')}>{t.home}</a>
          </p>
        </>
      )}
    </PortalPage>
  );
}
