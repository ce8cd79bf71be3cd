import { useState } from 'preact/hooks';
import { AlertRegion, StatusRegion } from '../ui/alert';
import { SelectField } from '../ui/select_field';
import { strings } from '../ui/strings';
import { agendaFeedUrl, knowledgeApi, portalLinks, type AgendaEvent, type Place } from './knowledge_api';
import { addDays, datePart, formatClock, formatDay, todayIn } from './knowledge_format';
import { PortalPage, TenantAlert } from './portal_page';
import { useLoad } from './use_load';

const t = strings.agendaPage;
const DAYS = 30;

interface Agenda {
  events: AgendaEvent[];
  // Places by id, to name an event's place and link to it.
  places: Map<string, Place>;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Events grouped by their local day, in time order (the API gives them so).
function byDay(events: AgendaEvent[]): Array<[string, AgendaEvent[]]> {
  const days = new Map<string, AgendaEvent[]>();
  for (const event of events) {
    const day = datePart(event.start);
    const list = days.get(day) ?? [];
    list.push(event);
    days.set(day, list);
  }
  return [...days.entries()];
}

// The agenda of the next 30 days (/agenda), with a category filter and the iCalendar feed.
export function AgendaPage() {
  return (
    <PortalPage title={t.documentTitle} section="agenda">
      {({ tenant, loading, error }) => (
        <>
          <h1>{t.heading}</h1>
          <TenantAlert error={error} />
          <p class="lead">{t.intro}</p>
          {/* The period is the commune's: wait for its time zone. */}
          {loading ? (
            <StatusRegion message={{ title: t.loading }} />
          ) : (
            <AgendaList timeZone={tenant?.timezone} tenantSlug={tenant?.slug ?? null} />
          )}
        </>
      )}
    </PortalPage>
  );
}

function AgendaList({ timeZone, tenantSlug }: { timeZone: string | undefined; tenantSlug: string | null }) {
  const [category, setCategory] = useState('');
  const agenda = useLoad<Agenda>(async () => {
    const today = todayIn(timeZone);
    const [events, places] = await Promise.all([
      knowledgeApi.events(`${today}T00:00:00`, `${addDays(today, DAYS)}T00:00:00`),
      knowledgeApi.places(),
    ]);
    return { events: events.items, places: new Map(places.items.map((place) => [place.id, place])) };
  }, [timeZone]);

  if (agenda.kind === 'loading') return <StatusRegion message={{ title: t.loading }} />;
  if (agenda.kind === 'failed') return <AlertRegion message={agenda.message} />;
  if (agenda.kind === 'missing') return <p>{t.empty}</p>;

  const { events, places } = agenda.value;
  const categories = [...new Set(events.map((event) => event.category).filter((c) => c !== ''))].sort((a, b) =>
    a.localeCompare(b, 'fr'),
  );
  const shown = category === '' ? events : events.filter((event) => event.category === category);
  return (
    <>
      {categories.length > 0 && (
        <div class="agenda-filter">
          <SelectField
            label={t.categoryLabel}
            name="category"
            value={category}
            options={[{ value: '', label: t.allCategories }, ...categories.map((c) => ({ value: c, label: capitalised(c) }))]}
            onValue={setCategory}
          />
        </div>
      )}
      <p role="status" class="agenda-count">
        {t.count(shown.length)}
      </p>
      {shown.length === 0 && <p>{category === '' ? t.empty : t.emptyCategory}</p>}
      {byDay(shown).map(([day, list]) => (
        <section key={day} aria-labelledby={`day-${day}`} class="agenda-day">
          <h2 id={`day-${day}`}>{capitalised(formatDay(day))}</h2>
          <ul class="result-list">
            {list.map((event) => {
              const place = event.place_id !== null ? places.get(event.place_id) : undefined;
              const sameDay = datePart(event.end) === day;
              return (
                <li key={`${event.id}-${event.start}`} class="result-list__item agenda-event">
                  <h3 class="agenda-event__title">{event.title}</h3>
                  <p class="agenda-event__when">
                    <time dateTime={event.start}>
                      {capitalised(
                        strings.portalTime.eventTime(formatClock(event.start), sameDay ? formatClock(event.end) : null),
                      )}
                    </time>
                    {event.category !== '' && <span class="agenda-event__category">{capitalised(event.category)}</span>}
                  </p>
                  {place !== undefined && (
                    <p>
                      {t.place}
                      {strings.portalTime.labelSeparator}
                      <a href={portalLinks.place(place.external_id ?? place.id)}>{place.name}</a>
                    </p>
                  )}
                  {event.description !== '' && <p class="agenda-event__description">{event.description}</p>}
                  {event.url !== null && event.url !== '' && (
                    <p>
                      <a href={event.url} rel="noopener noreferrer">
                        {t.moreInfo(event.title)}
                      </a>
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      <div class="calendar-feed">
        <p class="calendar-feed__link">
          <a href={agendaFeedUrl(tenantSlug, category)}>{t.feedLink}</a>
        </p>
        <p class="calendar-feed__hint">{t.feedHint}</p>
      </div>
    </>
  );
}
