import { useEffect } from 'preact/hooks';
import { withTenant } from '../ui/api';
import { AlertRegion } from '../ui/alert';
import { SiteFooter } from '../ui/site_footer';
import { MAIN_ID } from '../ui/skip_link';
import { documentTitle, strings } from '../ui/strings';
import { useTenant } from '../ui/use_tenant';
import { PortalHeader } from './portal_header';

const t = strings.accessibility;

function ExternalLink({ href, label }: { href: string; label: string }) {
  return (
    <a href={href} rel="noopener noreferrer">
      {label}
    </a>
  );
}

// The accessibility statement, in the structure of the RGAA 4.1 model statement.
export function AccessibilityStatement() {
  const { tenant, error } = useTenant();
  const tenantName = tenant?.name ?? t.genericTenant;

  useEffect(() => {
    document.title = documentTitle(t.documentTitle, tenant?.name ?? strings.product.name);
  }, [tenant]);

  return (
    <>
      <PortalHeader tenant={tenant}>
        <ul class="site-header__actions">
          <li>
            <a href={withTenant('/')}>{t.backHome}</a>
          </li>
        </ul>
      </PortalHeader>
      <main id={MAIN_ID} tabIndex={-1}>
        <div class="container">
          <div class="prose">
          <h1>{t.heading}</h1>
          <AlertRegion message={error !== null ? { title: strings.common.tenantErrorTitle, detail: error.detail } : null} />
          <p>{t.intro(tenantName)}</p>
          <p>{t.scope(tenantName, window.location.host)}</p>

          <h2>{t.conformityHeading}</h2>
          <p>{t.conformity}</p>

          <h2>{t.resultsHeading}</h2>
          {t.results.map((paragraph) => (
            <p key={paragraph}>{paragraph}</p>
          ))}

          <h2>{t.nonAccessibleHeading}</h2>
          <h3>{t.nonConformitiesHeading}</h3>
          <p>{t.nonConformities}</p>
          <h3>{t.derogationsHeading}</h3>
          <p>{t.derogations}</p>
          <h3>{t.exemptHeading}</h3>
          <p>{t.exempt}</p>

          <h2>{t.establishmentHeading}</h2>
          <p>{t.establishment}</p>
          <h3>{t.technologiesHeading}</h3>
          <ul>
            {t.technologies.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          <h3>{t.testEnvironmentHeading}</h3>
          <ul>
            {t.testEnvironment.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          <h3>{t.toolsHeading}</h3>
          <ul>
            {t.tools.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          <h3>{t.pagesHeading}</h3>
          <ul>
            {t.pages.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>

          <h2>{t.feedbackHeading}</h2>
          <p>{t.feedback(tenantName)}</p>
          <p>{t.feedbackChannels}</p>

          <h2>{t.remediesHeading}</h2>
          <p>{t.remediesIntro}</p>
          <p>{t.remediesDefenderIntro}</p>
          <ul>
            <li>
              <ExternalLink href={t.remediesFormUrl} label={t.remediesForm} />
            </li>
            <li>
              <ExternalLink href={t.remediesDelegateUrl} label={t.remediesDelegate} />
            </li>
            <li>
              {t.remediesMail}
              <address>
                {t.remediesMailAddress.map((line, index) => (
                  <span key={line}>
                    {index > 0 && <br />}
                    {line}
                  </span>
                ))}
              </address>
            </li>
          </ul>
          </div>
        </div>
      </main>
      <SiteFooter tenant={tenant} />
    </>
  );
}
