import { withTenant } from '../ui/api';
import { strings } from '../ui/strings';
import { PortalPage, TenantAlert } from './portal_page';
import { Receptionist } from './receptionist';

const t = strings.portal;

export function PortalHome() {
  return (
    <PortalPage title={t.documentTitle} actions={[['/console', t.agentConsoleLink]]} section="home">
      {({ tenant, error }) => (
        <>
          <div class="portal-hero">
            <h1>{tenant !== null ? t.heading(tenant.name) : t.headingFallback}</h1>
            <TenantAlert error={error} />
            <p class="lead">{t.intro}</p>
          </div>
          <Receptionist timeZone={tenant?.timezone} />
          <section aria-labelledby="quick-links-heading">
            <h2 id="quick-links-heading">{t.quickLinksHeading}</h2>
            <ul class="cards">
              <li class="card">
                <p class="card__title">
                  <a href={withTenant('/demande')}>{strings.portalNav.request}</a>
                </p>
                <p>{strings.portalNav.requestDescription}</p>
              </li>
              <li class="card">
                <p class="card__title">
                  <a href={withTenant('/lieux')}>{strings.portalNav.places}</a>
                </p>
                <p>{strings.portalNav.placesDescription}</p>
              </li>
              <li class="card">
                <p class="card__title">
                  <a href={withTenant('/agenda')}>{strings.portalNav.agenda}</a>
                </p>
                <p>{strings.portalNav.agendaDescription}</p>
              </li>
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
