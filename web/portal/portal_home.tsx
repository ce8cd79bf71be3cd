import { useState } from 'preact/hooks';
import { withTenant } from '../ui/api';
import { StatusRegion, type Message } from '../ui/alert';
import { Button } from '../ui/button';
import { strings } from '../ui/strings';
import { TextField } from '../ui/text_field';
import { PortalPage, TenantAlert } from './portal_page';

const t = strings.portal;

// The citizen's search box. Until the knowledge base is in place it only tells, politely, that
// the search is coming; the question is not sent anywhere.
function SearchForm() {
  const [query, setQuery] = useState('');
  const [notice, setNotice] = useState<Message | null>(null);
  return (
    <section class="search">
      <h2 id="search-heading">{t.searchHeading}</h2>
      <form
        role="search"
        aria-labelledby="search-heading"
        onSubmit={(event) => {
          event.preventDefault();
          setNotice({ title: t.searchComingSoon(query) });
        }}
      >
        <div class="search__row">
          <TextField
            label={t.searchLabel}
            hint={t.searchHint}
            type="search"
            name="q"
            autocomplete="off"
            value={query}
            onValue={setQuery}
          />
          <Button type="submit">{t.searchButton}</Button>
        </div>
      </form>
      <StatusRegion message={notice} />
    </section>
  );
}

export function PortalHome() {
  return (
    <PortalPage title={t.documentTitle} actions={[['/console', t.agentConsoleLink]]}>
      {({ tenant, error }) => (
        <>
          <div class="portal-hero">
            <h1>{tenant !== null ? t.heading(tenant.name) : t.headingFallback}</h1>
            <TenantAlert error={error} />
            <p class="lead">{t.intro}</p>
          </div>
          <SearchForm />
          <section aria-labelledby="quick-links-heading">
            <h2 id="quick-links-heading">{t.quickLinksHeading}</h2>
            <ul class="cards">
              <li class="card">
                <p class="card__title">
                  <a href={withTenant('/console')}>{t.agentConsoleLink}</a>
                </p>
                <p>{t.agentConsoleDescription}</p>
              </li>
              <li class="card">
                <p class="card__title">
                  <a href={withTenant('/accessibilite')}>{t.accessibilityLink}</a>
                </p>
                <p>{t.accessibilityDescription}</p>
              </li>
            </ul>
          </section>
        </>
      )}
    </PortalPage>
  );
}
