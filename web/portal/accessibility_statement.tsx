import { strings } from '../ui/strings';
import { PortalPage, TenantAlert } from './portal_page';

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
  return (
    <PortalPage title={t.documentTitle} actions={[['/', t.backHome]]}>
      {({ tenant, error }) => {
        const tenantName = tenant?.name ?? t.genericTenant;
        return (
          <div class="prose">
          <h1>{t.heading}</h1>
          <TenantAlert error={error} />
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
        );
      }}
    </PortalPage>
  );
}
