import { useEffect, useState } from 'preact/hooks';
import type { Session } from '../../ui/api';
import { AlertRegion, messageFromError, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { useHeadingFocus } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { CharterEditor } from './charter_editor';
import { MailboxesEditor } from '../mail/mailboxes_editor';
import { RequestTypesEditor } from './request_types_editor';
import type { Service } from '../requests/requests_api';
import { settingsApi, type AnswerTemplate, type CategoryDetail, type Charter, type Letterhead, type MergeField, type Routing } from './requests_settings_api';
import { RoutingEditor } from './routing_editor';
import { LetterheadEditor, TemplatesEditor } from './templates_editor';
import { useDocumentTitle } from '../shell/use_document_title';
import '../requests/requests.css';
import './requests_settings.css';

const t = strings.console.requestsSettings;

interface Loaded {
  services: Service[];
  categories: CategoryDetail[];
  charter: Charter;
  routing: Routing;
  templates: AnswerTemplate[];
  mergeFields: MergeField[];
  letterhead: Letterhead;
}

const SECTIONS = [
  { id: 'types', label: t.types.heading },
  { id: 'charte', label: t.charter.heading },
  { id: 'orientation', label: t.routing.heading },
  { id: 'modeles', label: t.templates.heading },
  { id: 'en-tete', label: t.letterhead.heading },
  { id: 'courriels', label: t.mailboxes.heading },
];

// The settings of the requests, for agents with requests.manage: one page with a section per
// subject, reached from a list of in-page links.
export function RequestsSettingsView({ session }: { session: Session }) {
  useDocumentTitle(t.documentTitle, session);
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<Message | null>(null);

  const load = async () => {
    setError(null);
    try {
      const [services, categories, charter, routing, templates, letterhead] = await Promise.all([
        settingsApi.services(),
        settingsApi.categories(),
        settingsApi.charter(),
        settingsApi.routing(),
        settingsApi.templates(),
        settingsApi.letterhead(),
      ]);
      setData({
        services: services.items,
        categories: categories.items,
        charter,
        routing,
        templates: templates.items,
        mergeFields: templates.fields,
        letterhead,
      });
    } catch (e) {
      setError(messageFromError(e));
    }
  };
  useEffect(() => void load(), []);

  const reloadCategories = async () => {
    try {
      const categories = await settingsApi.categories();
      setData((d) => (d === null ? d : { ...d, categories: categories.items }));
    } catch (e) {
      setError(messageFromError(e));
    }
  };
  const reloadTemplates = async () => {
    try {
      const templates = await settingsApi.templates();
      setData((d) => (d === null ? d : { ...d, templates: templates.items, mergeFields: templates.fields }));
    } catch (e) {
      setError(messageFromError(e));
    }
  };

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t.heading}
      </h1>
      <p class="lead">{t.intro}</p>
      <AlertRegion message={error} actions={error !== null ? <Button variant="secondary" onClick={() => void load()}>{strings.console.requests.retry}</Button> : undefined} />
      {data === null && error === null && (
        <p class="muted" role="status">
          {t.loading}
        </p>
      )}
      {data !== null && (
        <>
          <nav aria-label={t.sectionsLabel} class="settings-toc">
            <ul>
              {SECTIONS.map((s) => (
                <li key={s.id}>
                  <a href={`#${s.id}`}>{s.label}</a>
                </li>
              ))}
            </ul>
          </nav>
          <RequestTypesEditor services={data.services} categories={data.categories} onChanged={() => void reloadCategories()} />
          <CharterEditor charter={data.charter} categories={data.categories} onSaved={(charter) => setData((d) => (d === null ? d : { ...d, charter }))} />
          <RoutingEditor routing={data.routing} services={data.services} categories={data.categories} />
          <TemplatesEditor templates={data.templates} fields={data.mergeFields} onChanged={() => void reloadTemplates()} />
          <LetterheadEditor letterhead={data.letterhead} />
          <MailboxesEditor categories={data.categories} timeZone={session.tenant.timezone} />
        </>
      )}
    </>
  );
}
